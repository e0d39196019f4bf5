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
async function mountBigTree(updated: (name: string | undefined) => void = () => undefined) {
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
  // Counts the components that re-render (by name), to see what a selection change costs.
  const counter = {
    updated(this: { $options: { name?: string; __name?: string } }) {
      updated(this.$options.__name ?? this.$options.name)
    },
  }
  wrapper = mount(Host, { attachTo: document.body, global: { mixins: [counter] } })
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

  it('re-renders only the two rows whose selection changes when a row is clicked', async () => {
    const updates: (string | undefined)[] = []
    const { ui } = await mountBigTree((name) => updates.push(name))
    const rowsInView = treeItems().length
    updates.length = 0
    document.querySelector<HTMLElement>('[data-key="host:h0-0-5"]')!.click()
    await flushPromises()
    expect(ui.selectedKey).toBe('host:h0-0-5')
    expect(document.querySelector('[data-key="host:h0-0-5"]')?.getAttribute('aria-selected')).toBe(
      'true',
    )
    expect(document.querySelector('[data-key="host:h0-0-0"]')?.getAttribute('aria-selected')).toBe(
      'false',
    )
    // The row that lost the selection and the one that gained it; no row's menu or badges.
    expect(updates.filter((name) => name === 'TreeRowItem')).toHaveLength(2)
    expect(updates.filter((name) => name === 'Dropdown')).toHaveLength(0)
    expect(updates.length).toBeLessThan(rowsInView)
  })

  it('selects with the keyboard: arrows move the focus, Enter selects the focused row', async () => {
    const { ui } = await mountBigTree()
    const start = document.querySelector<HTMLElement>('[data-key="host:h0-0-0"]')!
    start.focus()
    start.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }))
    await flushPromises()
    await flushPromises()
    expect(document.activeElement?.getAttribute('data-key')).toBe('host:h0-0-1')
    document.activeElement!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }),
    )
    await flushPromises()
    expect(ui.selectedKey).toBe('host:h0-0-1')
    expect(document.activeElement?.getAttribute('aria-selected')).toBe('true')
    expect(document.activeElement?.getAttribute('tabindex')).toBe('0')
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

describe('picking many hosts in the tree', { timeout: 30_000 }, () => {
  const row = (id: string) => document.querySelector<HTMLElement>(`[data-key="host:${id}"]`)!
  const click = (id: string, keys: MouseEventInit = {}) =>
    row(id).dispatchEvent(new MouseEvent('click', { bubbles: true, ...keys }))
  const press = (id: string, key: string) =>
    row(id).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
  const picked = (ui: ReturnType<typeof useUiStore>) => [...ui.picked].sort()

  it('Ctrl+click picks hosts (from the selected one), Cmd+click too, again unpicks', async () => {
    const { ui } = await mountBigTree()
    expect(document.querySelector('[role="tree"]')?.getAttribute('aria-multiselectable')).toBe(
      'true',
    )
    click('h0-0-3', { ctrlKey: true })
    await flushPromises()
    expect(picked(ui)).toEqual(['h0-0-0', 'h0-0-3'])
    click('h0-0-5', { metaKey: true })
    await flushPromises()
    expect(picked(ui)).toEqual(['h0-0-0', 'h0-0-3', 'h0-0-5'])
    // The inspector's single selection stays where it was.
    expect(ui.selectedKey).toBe('host:h0-0-0')
    expect(row('h0-0-3').getAttribute('aria-selected')).toBe('true')
    expect(row('h0-0-4').getAttribute('aria-selected')).toBe('false')
    expect(document.querySelector('[data-testid="tree-picked-count"]')?.textContent).toContain(
      '3 hosts picked',
    )
    click('h0-0-3', { ctrlKey: true })
    await flushPromises()
    expect(picked(ui)).toEqual(['h0-0-0', 'h0-0-5'])
    expect(row('h0-0-3').getAttribute('aria-selected')).toBe('false')
  })

  it('Shift+click picks the host rows from the anchor to the click; other rows stay out', async () => {
    const { ui } = await mountBigTree()
    // Across a cluster boundary: the cluster row between is not picked.
    ui.setExpanded('cluster:c0-0', true)
    click('h0-0-47')
    await flushPromises()
    click('h0-1-2', { shiftKey: true })
    await flushPromises()
    expect(picked(ui)).toEqual(['h0-0-47', 'h0-0-48', 'h0-0-49', 'h0-1-0', 'h0-1-1', 'h0-1-2'])
    expect(document.querySelector('[data-key="cluster:c0-1"]')?.getAttribute('aria-selected')).toBe(
      'false',
    )
    // A plain click starts over: nothing picked, the clicked host selected.
    click('h0-0-10')
    await flushPromises()
    expect(picked(ui)).toEqual([])
    expect(ui.selectedKey).toBe('host:h0-0-10')
  })

  it('Space on a focused host toggles it; Escape unpicks everything', async () => {
    const { ui } = await mountBigTree()
    row('h0-0-1').focus()
    press('h0-0-1', ' ')
    press('h0-0-2', ' ')
    await flushPromises()
    expect(picked(ui)).toEqual(['h0-0-1', 'h0-0-2'])
    // Space picks, it does not open: the selection is unchanged.
    expect(ui.selectedKey).toBe('host:h0-0-0')
    press('h0-0-2', ' ')
    await flushPromises()
    expect(picked(ui)).toEqual(['h0-0-1'])
    // Space on a cluster row opens it, as before: clusters are never picked.
    document
      .querySelector<HTMLElement>('[data-key="cluster:c0-0"]')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }))
    await flushPromises()
    expect(ui.selectedKey).toBe('cluster:c0-0')
    expect(picked(ui)).toEqual(['h0-0-1'])
    press('h0-0-1', 'Escape')
    await flushPromises()
    expect(picked(ui)).toEqual([])
  })

  it('drops removed hosts from the picked, and clears them for another document', async () => {
    const { ui } = await mountBigTree()
    const topology = useTopologyStore()
    ui.pickMany(['h0-0-1', 'h0-0-2', 'h0-0-3'])
    topology.edit('Delete h0-0-2', (doc) => {
      doc.hosts = doc.hosts.filter((h) => h.id !== 'h0-0-2')
    })
    await flushPromises()
    expect(picked(ui)).toEqual(['h0-0-1', 'h0-0-3'])
    topology.document = bigDocument()
    await flushPromises()
    expect(picked(ui)).toEqual([])
  })

  it('re-renders only the rows whose pick (or focus) changes', async () => {
    const updates: (string | undefined)[] = []
    const { ui } = await mountBigTree((name) => updates.push(name))
    const rowsInView = treeItems().length
    updates.length = 0
    // The selected h0-0-0 joins the picked, h0-0-5 is picked and takes the focus from h0-0-0.
    click('h0-0-5', { ctrlKey: true })
    await flushPromises()
    expect(picked(ui)).toEqual(['h0-0-0', 'h0-0-5'])
    expect(updates.filter((name) => name === 'TreeRowItem')).toHaveLength(2)
    updates.length = 0
    // h0-0-7 picked and focused, h0-0-5 loses the focus: two rows, never every row in view.
    click('h0-0-7', { ctrlKey: true })
    await flushPromises()
    expect(updates.filter((name) => name === 'TreeRowItem')).toHaveLength(2)
    expect(updates.filter((name) => name === 'Dropdown')).toHaveLength(0)
    expect(updates.length).toBeLessThan(rowsInView)
  })
})
