// Trusting a proxy's SSH host key from its SSH settings: the key is shown, a pasted fingerprint is
// compared, and nothing is stored without the explicit click (a changed key: a second confirmation).
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import ProxyEditor from '../../../src-renderer/src/components/editor/ProxyEditor.vue'
import ActionTimeline from '../../../src-renderer/src/components/inspector/ActionTimeline.vue'
import { setServices } from '../../../src-renderer/src/services'
import { useSettingsStore } from '../../../src-renderer/src/stores/settings'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { createFakeApi, fakeServices } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

const NOW = 'SHA256:' + 'A'.repeat(42) + 'w'
const OLD = 'SHA256:' + 'B'.repeat(43)
let fake: FakeApi

async function openEditor(known?: string) {
  fake = createFakeApi()
  fake.hostKeys = {
    p1: {
      machine: 'jump1',
      hostPort: 'jump1.lab.example:22',
      fingerprint: NOW,
      ...(known ? { known } : {}),
    },
  }
  if (known) fake.knownHosts = [{ hostPort: 'jump1.lab.example:22', fingerprint: known }]
  setServices(fakeServices(fake))
  const pinia = createPinia()
  setActivePinia(pinia)
  await useTopologyStore().load()
  const Host = defineComponent({
    render: () => h(NDialogProvider, () => h(ProxyEditor, { proxyId: 'p1' })),
  })
  const wrapper = mount(Host, { attachTo: document.body, global: { plugins: [pinia] } })
  await flushPromises()
  await wrapper.get('[data-testid="ssh-p1-check-key"]').trigger('click')
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
const trustCalls = () => fake.calls.filter((c) => c.method === 'settings.trustHost')

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('TrustHostDialog', () => {
  it('shows the presented key, says match / no match, and trusts only on the click', async () => {
    const wrapper = await openEditor()
    expect(fake.calls.filter((c) => c.method === 'settings.fetchHostKey')).toEqual([
      { method: 'settings.fetchHostKey', args: ['p1'] },
    ])
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
    await click('trust-confirm')
    expect(trustCalls()).toEqual([{ method: 'settings.trustHost', args: ['p1', NOW] }])
    expect(el('trust-done')?.textContent).toContain('Trusted')
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
    await click('trust-confirm')
    expect(trustCalls()).toEqual([{ method: 'settings.trustHost', args: ['p1', NOW, true] }])
    wrapper.unmount()
  })

  it('shows why the key could not be read', async () => {
    const wrapper = await openEditor()
    fake.hostKeys = {}
    await click('trust-close')
    await wrapper.get('[data-testid="ssh-p1-check-key"]').trigger('click')
    await flushPromises()
    expect(el('trust-error')?.textContent).toContain('cannot fetch the host key of p1')
    expect(el('trust-confirm')).toBeNull()
    wrapper.unmount()
  })

  it('opens from a timeline attempt refused for a changed host key', async () => {
    fake = createFakeApi()
    fake.hostKeys = {
      jump1: { machine: 'jump1', hostPort: 'jump1.lab.example:22', fingerprint: NOW, known: OLD },
    }
    setServices(fakeServices(fake))
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
    await flushPromises()
    expect(fake.calls.filter((c) => c.method === 'settings.fetchHostKey')).toEqual([
      { method: 'settings.fetchHostKey', args: ['jump1'] },
    ])
    expect(el('trust-changed')?.textContent).toContain(OLD)
    await click('trust-close')
    expect(el('trust-dialog')).toBeNull()
    wrapper.unmount()
  })
})
