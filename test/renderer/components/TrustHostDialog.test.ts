// Trusting a proxy's SSH host key from its SSH settings: the key is shown, a pasted fingerprint is
// compared, and nothing is stored without the explicit click (a changed key: a second confirmation).
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ProxyEditor from '../../../src-renderer/src/components/editor/ProxyEditor.vue'
import ActionTimeline from '../../../src-renderer/src/components/inspector/ActionTimeline.vue'
import { setServices } from '../../../src-renderer/src/services'
import { useSettingsStore } from '../../../src-renderer/src/stores/settings'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'

const NOW = 'SHA256:' + 'A'.repeat(42) + 'w'
const OLD = 'SHA256:' + 'B'.repeat(43)
/** Where the core connects to jump1 (p1), the standalone proxy of the sample lab. */
const JUMP1 = 'jump1.lab.example:22'
let lab: TestCore

/** The sample lab's core: jump1 presents NOW; the app knows `known` for it, if given. */
async function startLab(known?: string): Promise<void> {
  lab = await startCore({
    hostKeys: { [JUMP1]: NOW },
    ...(known ? { knownHosts: { [JUMP1]: known } } : {}),
  })
  setServices(servicesOf(lab))
}

async function openEditor(known?: string) {
  await startLab(known)
  const pinia = createPinia()
  setActivePinia(pinia)
  await useTopologyStore().load()
  const Host = defineComponent({
    render: () => h(NDialogProvider, () => h(ProxyEditor, { proxyId: 'p1' })),
  })
  const wrapper = mount(Host, { attachTo: document.body, global: { plugins: [pinia] } })
  await flushPromises()
  await wrapper.get('[data-testid="ssh-p1-check-key"]').trigger('click')
  await vi.waitFor(() => expect(el('trust-fingerprint') ?? el('trust-error')).not.toBeNull())
  await flushPromises()
  return wrapper
}

const el = (testId: string): HTMLElement | null =>
  document.body.querySelector(`[data-testid="${testId}"]`)
async function paste(text: string): Promise<void> {
  const input = el('trust-paste')!.querySelector('input')!
  input.value = text
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}
async function click(testId: string): Promise<void> {
  const target = el(testId)!
  ;((target.querySelector('input') as HTMLElement | null) ?? target).click()
  await flushPromises()
}
const trustCalls = () => lab.argsOf('settings.trustHost')
/** Clicks, then waits until the core has answered a trust. */
async function trust(): Promise<void> {
  const before = lab.count('settings.trustHost')
  await click('trust-confirm')
  await vi.waitFor(() => expect(lab.count('settings.trustHost')).toBe(before + 1))
  await vi.waitFor(() => expect(el('trust-done') ?? el('trust-error')).not.toBeNull())
}

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('TrustHostDialog', { timeout: 30_000 }, () => {
  it('shows the presented key, says match / no match, and trusts only on the click', async () => {
    const wrapper = await openEditor()
    expect(lab.argsOf('settings.fetchHostKey')).toEqual([['p1']])
    expect(el('trust-fingerprint')?.textContent).toContain(NOW)
    expect(el('trust-confirm')?.hasAttribute('disabled')).toBe(true)
    await paste(OLD)
    expect(el('trust-verdict')?.textContent).toContain('No match')
    expect(el('trust-confirm')?.hasAttribute('disabled')).toBe(true)
    await click('trust-confirm')
    expect(trustCalls()).toEqual([])
    // Pasted with the padding and spaces ssh-keygen output may carry.
    await paste(`  ${NOW}=  `)
    expect(el('trust-verdict')?.textContent).toContain('Match')
    expect(trustCalls()).toEqual([])
    await trust()
    expect(trustCalls()).toEqual([['p1', NOW]])
    expect(el('trust-done')?.textContent).toContain('Trusted')
    expect(await lab.core.api.settings.knownHosts()).toEqual([
      { hostPort: JUMP1, fingerprint: NOW },
    ])
    expect(useSettingsStore().knownHosts).toContainEqual({
      hostPort: 'jump1.lab.example:22',
      fingerprint: NOW,
    })
    wrapper.unmount()
  })

  it('replaces a changed known key only past the extra confirmation', async () => {
    const wrapper = await openEditor(OLD)
    expect(el('trust-changed')?.textContent).toContain('CHANGED')
    expect(el('trust-changed')?.textContent).toContain(OLD)
    await paste(NOW)
    expect(el('trust-verdict')?.textContent).toContain('Match')
    expect(el('trust-confirm')?.hasAttribute('disabled')).toBe(true)
    await click('trust-confirm')
    expect(trustCalls()).toEqual([])
    await click('trust-replace')
    await trust()
    expect(trustCalls()).toEqual([['p1', NOW, true]])
    expect(await lab.core.api.settings.knownHosts()).toEqual([
      { hostPort: JUMP1, fingerprint: NOW },
    ])
    wrapper.unmount()
  })

  it('shows why the key could not be read', async () => {
    const wrapper = await openEditor()
    // jump1 stops answering.
    lab.hostKeys.clear()
    await click('trust-close')
    await wrapper.get('[data-testid="ssh-p1-check-key"]').trigger('click')
    await vi.waitFor(() => expect(el('trust-error')).not.toBeNull())
    expect(el('trust-error')?.textContent).toContain(
      'cannot fetch the host key of jump1: connect ECONNREFUSED jump1.lab.example:22',
    )
    expect(el('trust-confirm')).toBeNull()
    wrapper.unmount()
  })

  it('opens from a timeline attempt refused for a changed host key', async () => {
    await startLab(OLD)
    const pinia = createPinia()
    setActivePinia(pinia)
    const rows = [
      {
        key: 1,
        at: 0,
        device: 'psu1',
        proxy: 'jump1',
        action: 'off',
        outcome: 'host-key-mismatch' as const,
        message: 'jump1.lab.example:22: the host key changed',
      },
    ]
    const wrapper = mount(NDialogProvider, {
      slots: { default: () => h(ActionTimeline, { rows, action: 'off' }) },
      attachTo: document.body,
      global: { plugins: [pinia] },
    })
    await flushPromises()
    expect(el('trust-dialog')).toBeNull()
    await wrapper.get('[data-testid="timeline-row-0-check-key"]').trigger('click')
    await vi.waitFor(() => expect(el('trust-changed')).not.toBeNull())
    expect(lab.argsOf('settings.fetchHostKey')).toEqual([['jump1']])
    expect(el('trust-changed')?.textContent).toContain(OLD)
    await click('trust-close')
    expect(el('trust-dialog')).toBeNull()
    wrapper.unmount()
  })
})
