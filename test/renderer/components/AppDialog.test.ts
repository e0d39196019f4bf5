// The one dialog shell (AppDialog): what a dialog passes (show, title, test id, Esc) reaches the
// modal unchanged, and the footer's buttons come in one row, in their order.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { h } from 'vue'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ShortcutsDialog from '../../../src-renderer/src/components/ShortcutsDialog.vue'
import AppDialog from '../../../src-renderer/src/components/common/AppDialog.vue'
import { useUiStore } from '../../../src-renderer/src/stores/ui'

const el = (testId: string): HTMLElement | null =>
  document.body.querySelector(`[data-testid="${testId}"]`)

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('AppDialog', () => {
  it('opens the shortcuts with their title, no footer, and closes on Esc', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const ui = useUiStore()
    ui.shortcutsOpen = true
    const wrapper = mount(NDialogProvider, {
      slots: { default: () => h(ShortcutsDialog) },
      attachTo: document.body,
      global: { plugins: [pinia] },
    })
    await flushPromises()
    const dialog = el('shortcuts-dialog')
    expect(dialog?.textContent).toContain('Keyboard')
    expect(dialog?.querySelectorAll('tr').length).toBeGreaterThan(5)
    expect(dialog?.querySelector('.n-card__footer')).toBeNull()

    document.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }),
    )
    await flushPromises()
    expect(ui.shortcutsOpen).toBe(false)
    wrapper.unmount()
  })

  it('puts the footer buttons in one row, in their order, and passes the test id on', async () => {
    const wrapper = mount(AppDialog, {
      attrs: { show: true, title: 'Shell', 'data-testid': 'shell' },
      slots: {
        default: () => h('p', 'body'),
        footer: () => [
          h('button', { 'data-testid': 'first' }, 'First'),
          h('span', { class: 'spacer' }),
          h('button', { 'data-testid': 'second' }, 'Second'),
        ],
      },
      attachTo: document.body,
    })
    await flushPromises()
    const row = el('first')?.parentElement
    expect(el('shell')?.textContent).toContain('Shell')
    expect(row).toBe(el('second')?.parentElement)
    expect(row?.parentElement?.classList.contains('n-card__footer')).toBe(true)
    expect([...(row?.children ?? [])].map((c) => c.textContent)).toEqual(['First', '', 'Second'])
    wrapper.unmount()
  })
})
