// The tree of a 2,000-host lab keeps only the rows in view in the DOM, and still reaches every
// row: by keyboard (End, arrows), and when the selection changes elsewhere.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import TopologyTree from '../../../src-renderer/src/components/tree/TopologyTree.vue'
import { setServices } from '../../../src-renderer/src/services'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { useUiStore } from '../../../src-renderer/src/stores/ui'
import { servicesOf, startCore } from '../support/coreApi'

/** 4 data centers × 10 clusters × 50 hosts, and a jump box per data center. */
function bigDocument(): TopologyDocument {
  const doc: TopologyDocument = {
    version: 1,
    engine: { name: 'engine', address: 'engine.example', canProxy: true, exec: 'local' },
    dataCenters: [],
    clusters: [],
    hosts: [],
    proxies: [],
  }
  for (let d = 0; d < 4; d++) {
    doc.dataCenters.push({ id: `dc${d}`, name: `site-${d}` })
    doc.proxies.push({ id: `jump${d}`, name: `jump-${d}`, address: `jump-${d}.example` })
    for (let c = 0; c < 10; c++) {
      doc.clusters.push({ id: `c${d}-${c}`, name: `cluster-${d}-${c}`, dataCenter: `dc${d}` })
      for (let n = 0; n < 50; n++) {
        const id = `h${d}-${c}-${n}`
        doc.hosts.push({
          id,
          name: id,
          address: `${id}.example`,
          cluster: `c${d}-${c}`,
          status: 'up',
          canProxy: true,
        })
      }
    }
  }
  return doc
}

let wrapper: ReturnType<typeof mount> | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

/** The tree over the big lab with every data center and cluster open: 2,049 rows. */
async function mountBigTree() {
  setServices(servicesOf(await startCore({ stored: null })))
  setActivePinia(createPinia())
  const doc = bigDocument()
  const topology = useTopologyStore()
  topology.document = doc
  const ui = useUiStore()
  ui.select({ kind: 'host', id: 'h0-0-0' })
  for (const dc of doc.dataCenters) ui.setExpanded(`dataCenter:${dc.id}`, true)
  for (const c of doc.clusters) ui.setExpanded(`cluster:${c.id}`, true)
  const Host = defineComponent(() => () => h(NDialogProvider, () => h(TopologyTree)))
  wrapper = mount(Host, { attachTo: document.body })
  await flushPromises()
  return { wrapper, ui }
}

const treeItems = () => [...document.querySelectorAll<HTMLElement>('[role="treeitem"]')]

describe('the topology tree at 2,000 hosts', { timeout: 30_000 }, () => {
  it('renders a window of rows, each telling its place among all of them', async () => {
    await mountBigTree()
    const items = treeItems()
    expect(items.length).toBeGreaterThan(10)
    expect(items.length).toBeLessThan(100)
    // engine + 4 dcs + 40 clusters + 2,000 hosts + the proxies group + 4 proxies
    expect(items[0]!.getAttribute('aria-setsize')).toBe('2050')
    expect(items[0]!.getAttribute('aria-posinset')).toBe('1')
  })

  it('reaches the last row with End and comes back with Home', async () => {
    await mountBigTree()
    const first = document.querySelector<HTMLElement>('[data-key="engine"]')!
    first.focus()
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }))
    await flushPromises()
    await flushPromises()
    expect(document.activeElement?.getAttribute('data-key')).toBe('proxy:jump3')
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('2050')
    expect(treeItems().length).toBeLessThan(100)
    document.activeElement!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }),
    )
    await flushPromises()
    await flushPromises()
    expect(document.activeElement?.getAttribute('data-key')).toBe('proxy:jump2')
    document.activeElement!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Home', bubbles: true }),
    )
    await flushPromises()
    await flushPromises()
    expect(document.activeElement?.getAttribute('data-key')).toBe('engine')
  })

  it('scrolls a node selected elsewhere into view, opening its ancestors', async () => {
    const { ui } = await mountBigTree()
    ui.setExpanded('cluster:c3-9', false)
    await flushPromises()
    expect(document.querySelector('[data-key="host:h3-9-49"]')).toBeNull()
    ui.select({ kind: 'host', id: 'h3-9-49' })
    await flushPromises()
    await flushPromises()
    const row = document.querySelector('[data-key="host:h3-9-49"]')
    expect(row?.getAttribute('aria-selected')).toBe('true')
    expect(ui.expanded.has('cluster:c3-9')).toBe(true)
  })
})
