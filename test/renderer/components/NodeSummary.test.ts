// The engine's readiness summary of a big lab lists the first hosts with "+N more", not all of them.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import NodeSummary from '../../../src-renderer/src/components/inspector/NodeSummary.vue'
import { SHORT_LIST } from '../../../src-renderer/src/composables/useShortList'
import { setServices } from '../../../src-renderer/src/services'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { servicesOf, startCore } from '../support/coreApi'

function labOf(hosts: number): TopologyDocument {
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.example', canProxy: true, exec: 'local' },
    dataCenters: [{ id: 'dc1', name: 'site' }],
    clusters: [{ id: 'c1', name: 'cluster-1', dataCenter: 'dc1' }],
    hosts: Array.from({ length: hosts }, (_, i) => ({
      id: `h${i}`,
      name: `h${i}`,
      address: `h${i}.example`,
      cluster: 'c1',
      status: 'up' as const,
      canProxy: true,
    })),
    proxies: [],
  }
}

describe('NodeSummary', { timeout: 30_000 }, () => {
  it('lists the first hosts of a big lab and "+N more", which adds one step', async () => {
    setServices(servicesOf(await startCore({ stored: null })))
    setActivePinia(createPinia())
    useTopologyStore().document = labOf(500)
    const w = mount(NodeSummary)
    await flushPromises()
    const items = () => w.findAll('.hosts li').length
    expect(w.text()).toContain('500 no devices')
    expect(items()).toBe(SHORT_LIST.hosts)
    const more = w.get('[data-testid="summary-more"]')
    expect(more.text()).toBe(`+${500 - SHORT_LIST.hosts} more`)
    await more.trigger('click')
    expect(items()).toBe(SHORT_LIST.hosts + SHORT_LIST.step)
  })
})
