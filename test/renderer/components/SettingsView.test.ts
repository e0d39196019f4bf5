import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import SettingsView from '../../../src-renderer/src/components/views/SettingsView.vue'
import { setServices } from '../../../src-renderer/src/services'
import { servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'

const KNOWN = 'SHA256:' + 'k'.repeat(43)
let lab: TestCore
const Host = defineComponent({ render: () => h(NDialogProvider, () => h(SettingsView)) })

beforeEach(async () => {
  lab = await startCore({ knownHosts: { 'a2.lab.example:22': KNOWN } })
  setServices(servicesOf(lab))
})

/** The view, once the core's settings are on it. */
async function mountView() {
  const wrapper = mount(Host, { global: { plugins: [createPinia()] } })
  await vi.waitFor(() => wrapper.get('[data-testid="settings-known-hosts"]'))
  return wrapper
}

/** The settings as the core stored them. */
const stored = () => lab.core.api.settings.get()

describe('SettingsView', () => {
  it('edits the agent timeout in seconds and saves milliseconds', async () => {
    const wrapper = await mountView()
    const save = wrapper.get('[data-testid="settings-save"]')
    expect(save.attributes('disabled')).toBeDefined()
    const input = wrapper.get('[data-testid="settings-agent-timeout"] input')
    // The core's default: 60 s.
    expect((input.element as HTMLInputElement).value).toBe('60.0')
    await input.setValue('12')
    await input.trigger('blur')
    await save.trigger('click')
    await vi.waitFor(async () => expect((await stored()).fencing.agentTimeoutMs).toBe(12000))
    expect((await stored()).fencing.agentTimeoutMs).toBe(12000)
  })

  it('edits the proxy head start of the hedged fallback in seconds', async () => {
    const wrapper = await mountView()
    const input = wrapper.get('[data-testid="settings-hedge-after"] input')
    expect((input.element as HTMLInputElement).value).toBe('1.5')
    await input.setValue('2.5')
    await input.trigger('blur')
    await wrapper.get('[data-testid="settings-save"]').trigger('click')
    await vi.waitFor(async () => expect((await stored()).fencing.hedgeAfterMs).toBe(2500))
  })

  it('shows the core refusing bad settings', async () => {
    const wrapper = await mountView()
    const input = wrapper.get('[data-testid="settings-verify-retries"] input')
    await input.setValue('500')
    await input.trigger('blur')
    await wrapper.get('[data-testid="settings-save"]').trigger('click')
    await vi.waitFor(() => wrapper.get('[data-testid="settings-error"]'))
    // The core's words, naming the field.
    const error = wrapper.get('[data-testid="settings-error"]').text()
    expect(error).toContain('verifyRetries')
    expect(error).toContain('at most 100')
    expect((await stored()).fencing.verifyRetries).toBe(10)
  })

  it('edits the time budget limit in minutes, and names it when refused', async () => {
    const wrapper = await mountView()
    const input = wrapper.get('[data-testid="settings-budget-limit"] input')
    // The core's default: 10 minutes.
    expect((input.element as HTMLInputElement).value).toBe('10.0')
    await input.setValue('12')
    await input.trigger('blur')
    await wrapper.get('[data-testid="settings-save"]').trigger('click')
    await vi.waitFor(async () => expect((await stored()).fencing.budgetLimitMs).toBe(720_000))
    await input.setValue('2000')
    await input.trigger('blur')
    await wrapper.get('[data-testid="settings-save"]').trigger('click')
    await vi.waitFor(() => wrapper.get('[data-testid="settings-error"]'))
    const error = wrapper.get('[data-testid="settings-error"]').text()
    expect(error).toContain('budgetLimitMs')
    expect(error).toContain('at most 24 hours')
    expect((await stored()).fencing.budgetLimitMs).toBe(720_000)
  })

  it('lists the trusted host keys', async () => {
    const wrapper = await mountView()
    const known = wrapper.get('[data-testid="settings-known-hosts"]').text()
    expect(known).toContain('a2.lab.example:22')
    expect(known).toContain(KNOWN)
  })
})
