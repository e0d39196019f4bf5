// The demo lab's fault panel offers every outcome of DESIGN.md §4: a proxy that refuses the login,
// one whose host key changed, one without the agent, a device whose password cannot be resolved.
// Each is a switch a person clicks; the panel's "Clear all" resets every one of them.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { beforeEach, describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import DemoLabView from '../../../src-renderer/src/components/views/DemoLabView.vue'
import { setServices } from '../../../src-renderer/src/services'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { createFakeApi, fakeServices, sampleDocument } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

/** The sample lab with a1's device simulated, as in the demo lab. */
function demoLab(): TopologyDocument {
  const doc = sampleDocument()
  doc.hosts[0]!.powerManagement!.devices[0] = {
    id: 'psu1',
    type: 'sim',
    order: 1,
    params: { bmc: 'a1-bmc' },
  }
  return doc
}

let fake: FakeApi
const Host = defineComponent({ render: () => h(NDialogProvider, () => h(DemoLabView)) })

async function mountPanel() {
  const pinia = createPinia()
  const wrapper = mount(Host, { global: { plugins: [pinia] } })
  await useTopologyStore(pinia).load()
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  fake = createFakeApi({ document: demoLab() })
  setServices(fakeServices(fake))
})

const SWITCHES = [
  ['fault-auth-a1', 'authFailing', 'a1', 'a1 refuses the login', 'could not log into proxy'],
  [
    'fault-hostkey-p1',
    'hostKeyChanged',
    'p1',
    'p1 host key changed',
    "proxy's host key does not match",
  ],
  [
    'fault-agent-a2',
    'agentMissing',
    'a2',
    'a2 has no fence agent',
    'fence agent not installed on proxy',
  ],
  [
    'fault-secret-a1-bmc',
    'secretMissing',
    'a1-bmc',
    'a1-bmc password unresolvable',
    'a secret could not be resolved',
  ],
] as const

describe('DemoLabView fault panel', () => {
  for (const [testid, kind, id, tag, words] of SWITCHES) {
    it(`toggles ${kind} for ${id} on and off`, async () => {
      const wrapper = await mountPanel()
      const toggle = wrapper.get(`[data-testid="${testid}"]`)
      expect(toggle.attributes('title') ?? toggle.element.parentElement?.title).toContain(words)

      await toggle.trigger('click')
      await flushPromises()
      expect(fake.faults[kind]).toEqual([id])
      expect(wrapper.get(`[data-testid="${testid}"]`).classes()).toContain('n-switch--active')
      expect(wrapper.text()).toContain(tag)

      await wrapper.get(`[data-testid="${testid}"]`).trigger('click')
      await flushPromises()
      expect(fake.faults[kind]).toEqual([])
      expect(wrapper.text()).not.toContain(tag)
    })
  }

  it('"Clear all" resets every new fault at once', async () => {
    const wrapper = await mountPanel()
    for (const [testid] of SWITCHES) {
      await wrapper.get(`[data-testid="${testid}"]`).trigger('click')
      await flushPromises()
    }
    expect(fake.faults).toMatchObject({
      authFailing: ['a1'],
      hostKeyChanged: ['p1'],
      agentMissing: ['a2'],
      secretMissing: ['a1-bmc'],
    })
    const clear = wrapper.get('[data-testid="faults-clear"]')
    expect(clear.attributes('disabled')).toBeUndefined()
    await clear.trigger('click')
    await flushPromises()
    expect(fake.faults).toMatchObject({
      authFailing: [],
      hostKeyChanged: [],
      agentMissing: [],
      secretMissing: [],
    })
    for (const [testid] of SWITCHES) {
      expect(wrapper.get(`[data-testid="${testid}"]`).classes()).not.toContain('n-switch--active')
    }
  })
})
