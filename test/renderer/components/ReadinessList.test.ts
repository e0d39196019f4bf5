// The lab-wide readiness list on the real core: "nothing failing" said when it is so, and only
// then; state filters with their counts; the keyboard walks the list and Enter opens a host.
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import type { ReachabilityResult } from '../../../src-main/common/plan'
import ReadinessList from '../../../src-renderer/src/components/views/ReadinessList.vue'
import { setServices } from '../../../src-renderer/src/services'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { useUiStore } from '../../../src-renderer/src/stores/ui'
import { servicesOf, startCore } from '../support/coreApi'
import { demoDocument } from '../support/sampleLab'

async function mountList(results: ReachabilityResult[]) {
  const lab = await startCore({ stored: demoDocument() })
  setServices(servicesOf(lab))
  const pinia = createPinia()
  setActivePinia(pinia)
  await useTopologyStore().load()
  const wrapper = mount(ReadinessList, {
    props: { results },
    global: { plugins: [pinia] },
    attachTo: document.body,
  })
  await vi.waitFor(() => wrapper.get('[data-testid="readiness-rows"]'))
  return wrapper
}

const failed: ReachabilityResult = {
  hostId: 'a2',
  deviceId: 'bmc',
  proxyId: 'a1',
  ok: false,
  at: '2026-11-27T10:00:00.000Z',
  message: 'Unable to connect',
}

describe('ReadinessList', () => {
  it('says nothing is failing when no host lacks a proxy or failed, and how many are untested', async () => {
    const wrapper = await mountList([])
    const clear = wrapper.get('[data-testid="readiness-nothing-failing"]')
    expect(clear.text()).toMatch(/^Nothing failing: every device of the 7 hosts has a proxy/)
    expect(clear.text()).toContain('7 hosts not tested yet')
    expect(wrapper.findAll('[role="option"]')).toHaveLength(7)
    wrapper.unmount()
  })

  it('does not say so once a test failed, and filters to the failing host', async () => {
    const wrapper = await mountList([failed])
    expect(wrapper.find('[data-testid="readiness-nothing-failing"]').exists()).toBe(false)
    const failing = wrapper.get('[data-testid="readiness-state-failing"]')
    expect(failing.attributes('data-count')).toBe('1')
    await failing.trigger('click')
    const rows = wrapper.findAll('[role="option"]')
    expect(rows.map((r) => r.attributes('data-testid'))).toEqual(['readiness-row-a2'])
    expect(rows[0]!.attributes('data-state')).toBe('failing')
    wrapper.unmount()
  })

  it('walks the list by keyboard; Enter opens the host', async () => {
    const wrapper = await mountList([])
    const list = wrapper.get('[data-testid="readiness-rows"]')
    await list.trigger('keydown', { key: 'End' })
    await list.trigger('keydown', { key: 'ArrowUp' })
    await list.trigger('keydown', { key: 'Enter' })
    const ids = wrapper.findAll('[role="option"]').map((r) => r.attributes('data-testid'))
    expect(`readiness-row-${useUiStore().selectedHostId}`).toBe(ids[ids.length - 2])
    expect(list.attributes('aria-activedescendant')).toBe(ids[ids.length - 2])
    wrapper.unmount()
  })
})
