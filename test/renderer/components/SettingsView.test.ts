import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { beforeEach, describe, expect, it } from 'vitest'
import SettingsView from '../../../src-renderer/src/components/views/SettingsView.vue'
import { setServices } from '../../../src-renderer/src/services'
import { createFakeApi, fakeServices } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

let fake: FakeApi
const Host = defineComponent({ render: () => h(NDialogProvider, () => h(SettingsView)) })

beforeEach(() => {
  fake = createFakeApi()
  setServices(fakeServices(fake))
})

describe('SettingsView', () => {
  it('edits the agent timeout in seconds and saves milliseconds', async () => {
    const wrapper = mount(Host, { global: { plugins: [createPinia()] } })
    await flushPromises()
    const save = wrapper.get('[data-testid="settings-save"]')
    expect(save.attributes('disabled')).toBeDefined()
    const input = wrapper.get('[data-testid="settings-agent-timeout"] input')
    expect((input.element as HTMLInputElement).value).toBe('30.0')
    await input.setValue('12')
    await input.trigger('blur')
    await save.trigger('click')
    await flushPromises()
    expect(fake.settings.fencing.agentTimeoutMs).toBe(12000)
  })

  it('edits the proxy head start of the hedged fallback in seconds', async () => {
    const wrapper = mount(Host, { global: { plugins: [createPinia()] } })
    await flushPromises()
    const input = wrapper.get('[data-testid="settings-hedge-after"] input')
    expect((input.element as HTMLInputElement).value).toBe('1.5')
    await input.setValue('2.5')
    await input.trigger('blur')
    await wrapper.get('[data-testid="settings-save"]').trigger('click')
    await flushPromises()
    expect(fake.settings.fencing.hedgeAfterMs).toBe(2500)
  })

  it('shows the core refusing bad settings', async () => {
    const wrapper = mount(Host, { global: { plugins: [createPinia()] } })
    await flushPromises()
    const input = wrapper.get('[data-testid="settings-verify-retries"] input')
    await input.setValue('500')
    await input.trigger('blur')
    await wrapper.get('[data-testid="settings-save"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="settings-error"]').text()).toContain('at most 100')
  })

  it('lists the trusted host keys', async () => {
    const wrapper = mount(Host, { global: { plugins: [createPinia()] } })
    await flushPromises()
    expect(wrapper.get('[data-testid="settings-known-hosts"]').text()).toContain(
      'a2.lab.example:22',
    )
  })
})
