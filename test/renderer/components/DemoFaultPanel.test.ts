// The demo lab's fault panel offers every outcome of DESIGN.md §4: a proxy that refuses the login,
// one whose host key changed, one without the agent, a device whose password cannot be resolved.
// Each is a switch a person clicks; the panel's "Clear all" resets every one of them.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import DemoLabView from '../../../src-renderer/src/components/views/DemoLabView.vue'
import { setServices } from '../../../src-renderer/src/services'
import { useDemoStore } from '../../../src-renderer/src/stores/demo'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'
import { demoDocument } from '../support/sampleLab'

let lab: TestCore
const Host = defineComponent({ render: () => h(NDialogProvider, () => h(DemoLabView)) })

async function mountPanel() {
  const pinia = createPinia()
  const wrapper = mount(Host, { global: { plugins: [pinia] } })
  await useTopologyStore(pinia).load()
  await vi.waitFor(() => wrapper.get('[data-testid="fault-auth-a1"]'))
  await vi.waitFor(() => expect(useDemoStore(pinia).loaded).toBe(true))
  await flushPromises()
  return wrapper
}

beforeEach(async () => {
  lab = await startCore({ stored: demoDocument() })
  setServices(servicesOf(lab))
})

/** The faults the core's simulated world has now. */
const faults = () => lab.core.api.demo.faults()

/** Clicks a switch and waits until the core has answered. */
async function click(wrapper: ReturnType<typeof mount>, testid: string): Promise<void> {
  const before = lab.count('demo.setFaults')
  await wrapper.get(`[data-testid="${testid}"]`).trigger('click')
  await vi.waitFor(() => expect(lab.count('demo.setFaults')).toBe(before + 1))
  await new Promise((resolve) => setTimeout(resolve, 20))
  await flushPromises()
}

const SWITCHES = [
  ['fault-auth-a1', 'authFailing', 'a1', 'a1 refuses the login', 'could not log into proxy'],
  [
    'fault-hostkey-jump1',
    'hostKeyChanged',
    'jump1',
    'jump1 host key changed',
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
    'fault-secret-a1-psu1',
    'secretMissing',
    'a1-psu1',
    'a1-psu1 password unresolvable',
    'a secret could not be resolved',
  ],
] as const

describe('DemoLabView fault panel', { timeout: 30_000 }, () => {
  for (const [testid, kind, id, tag, words] of SWITCHES) {
    it(`toggles ${kind} for ${id} on and off`, async () => {
      const wrapper = await mountPanel()
      const toggle = wrapper.get(`[data-testid="${testid}"]`)
      expect(toggle.attributes('title') ?? toggle.element.parentElement?.title).toContain(words)

      await click(wrapper, testid)
      expect((await faults())[kind]).toEqual([id])
      expect(wrapper.get(`[data-testid="${testid}"]`).classes()).toContain('n-switch--active')
      expect(wrapper.text()).toContain(tag)

      await click(wrapper, testid)
      expect((await faults())[kind]).toEqual([])
      expect(wrapper.text()).not.toContain(tag)
    })
  }

  it('"Clear all" resets every new fault at once', async () => {
    const wrapper = await mountPanel()
    for (const [testid] of SWITCHES) await click(wrapper, testid)
    expect(await faults()).toMatchObject({
      authFailing: ['a1'],
      hostKeyChanged: ['jump1'],
      agentMissing: ['a2'],
      secretMissing: ['a1-psu1'],
    })
    const clear = wrapper.get('[data-testid="faults-clear"]')
    expect(clear.attributes('disabled')).toBeUndefined()
    await click(wrapper, 'faults-clear')
    expect(await faults()).toMatchObject({
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
