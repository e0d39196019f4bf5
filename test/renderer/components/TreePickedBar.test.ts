// The tree's picked bar, on the real core over the demo lab: with two or more hosts picked it
// offers Test, Status and Clear (never a power-changing action); Test and Status run on exactly
// the picked hosts through `fencing.testMany`, follow the run and show each host's outcome (a
// status: its power), and Cancel stops the run.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import TopologyTree from '../../../src-renderer/src/components/tree/TopologyTree.vue'
import { setServices } from '../../../src-renderer/src/services'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { useUiStore } from '../../../src-renderer/src/stores/ui'
import { servicesOf, startCore } from '../support/coreApi'
import { demoDocument } from '../support/sampleLab'

let wrapper: ReturnType<typeof mount> | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function mountTree() {
  const lab = await startCore({ stored: demoDocument() })
  setServices(servicesOf(lab))
  const pinia = createPinia()
  setActivePinia(pinia)
  await useTopologyStore().load()
  const ui = useUiStore()
  const Host = defineComponent(() => () => h(NDialogProvider, () => h(TopologyTree)))
  wrapper = mount(Host, { global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
  return { lab, ui, wrapper }
}

const get = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const words = () => get('tree-picked-bulk-words')

describe('the picked bar above the tree', { timeout: 20_000 }, () => {
  it('shows from two picked hosts on, with Test, Status and Clear reachable by Tab', async () => {
    const { ui } = await mountTree()
    ui.pickMany(['a1'])
    await flushPromises()
    expect(get('tree-picked-bulk')).toBeNull()
    ui.pickMany(['b1', 'w1'])
    await flushPromises()
    expect(get('tree-picked-count')?.textContent?.trim()).toBe('3 hosts picked')
    const buttons = [...get('tree-picked-bulk')!.querySelectorAll('button')]
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['Test', 'Status', 'Clear'])
    for (const b of buttons) expect(b.tabIndex).toBe(0)
    get('tree-picked-clear')!.click()
    await flushPromises()
    expect(ui.picked.size).toBe(0)
    expect(get('tree-picked-bulk')).toBeNull()
  })

  it('Test tests exactly the picked hosts and lists how each came out', async () => {
    const { lab, ui } = await mountTree()
    lab.world.fail('b1-bmc', 'Unable to connect')
    ui.pickMany(['a1', 'b1', 'w1'])
    await flushPromises()
    get('tree-picked-test')!.click()
    await vi.waitFor(() => expect(words()?.getAttribute('data-state')).toBe('failed'))
    expect(words()?.textContent).toBe('Tested 3 hosts: 2 ok, 1 failed')
    const [request] = lab.argsOf('fencing.testMany')[0] as [{ hosts: string[]; action?: string }]
    expect(request.hosts).toEqual(['a1', 'b1', 'w1'])
    expect(request.action).toBeUndefined()
    expect(get('tree-picked-bulk-entry-b1')?.getAttribute('data-outcome')).toBe('failed')
    expect(get('tree-picked-bulk-entry-a1')?.getAttribute('data-outcome')).toBe('ok')
  })

  it('Status asks exactly the picked hosts their power and shows it per host', async () => {
    const { lab, ui } = await mountTree()
    lab.world.setPower('a2-bmc', 'off')
    ui.pickMany(['a2', 'b1'])
    await flushPromises()
    get('tree-picked-status')!.click()
    await vi.waitFor(() => expect(words()?.getAttribute('data-state')).toBe('ok'))
    const [request] = lab.argsOf('fencing.testMany')[0] as [{ hosts: string[]; action?: string }]
    expect(request).toMatchObject({ action: 'status', hosts: ['a2', 'b1'] })
    expect(words()?.textContent).toBe('Status of 2 hosts: 1 on, 1 off')
    expect(get('tree-picked-bulk-entry-a2')?.getAttribute('data-power')).toBe('off')
    expect(get('tree-picked-bulk-entry-b1')?.getAttribute('data-power')).toBe('on')
    expect(lab.count('fencing.run')).toBe(0)
  })

  it('Cancel stops the run and says so', async () => {
    const { lab, ui } = await mountTree()
    for (const bmc of ['a1-psu1', 'a2-bmc', 'b1-bmc']) lab.world.slow(bmc, 3_000)
    ui.pickMany(['a1', 'a2', 'b1'])
    await flushPromises()
    get('tree-picked-test')!.click()
    const cancel = await vi.waitFor(() => {
      const button = get('tree-picked-bulk-cancel')
      expect(button).not.toBeNull()
      return button!
    })
    cancel.click()
    await vi.waitFor(() => expect(words()?.getAttribute('data-state')).toBe('cancelled'))
    expect(words()?.textContent).toMatch(/^Cancelled: 3\/3 hosts/)
    expect(lab.count('fencing.cancelMany')).toBe(1)
  })
})
