// The plan store on the real core: plans of the editor's (unsaved) document made in-process with
// the common planner, from the core's planner inputs.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { watch } from 'vue'
import { setServices } from '../../../src-renderer/src/services'
import { usePlanStore } from '../../../src-renderer/src/stores/plan'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { useUiStore } from '../../../src-renderer/src/stores/ui'
import { servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'

let lab: TestCore

beforeEach(async () => {
  lab = await startCore()
  setServices(servicesOf(lab))
  setActivePinia(createPinia())
})

async function setup() {
  const topology = useTopologyStore()
  const ui = useUiStore()
  const plan = usePlanStore()
  await topology.load()
  ui.select({ kind: 'host', id: 'a1' })
  // The core's planner inputs of the stored lab have arrived.
  await vi.waitFor(() => expect(lab.argsOf('plan.inputs')).toContainEqual([]))
  await vi.waitFor(() => expect(plan.pending).toBe(0))
  return { topology, ui, plan }
}

const candidates = (plan: ReturnType<typeof usePlanStore>, hostId: string) =>
  plan.planOf(hostId)?.devices[0]?.candidates.map((c) => c.proxy)

describe('plan store', () => {
  it('plans the selected host of the loaded document', async () => {
    const { plan } = await setup()
    expect(candidates(plan, 'a1')).toEqual(['a2'])
    expect(plan.planOf('a1')?.devices[0]?.preferences.from).toBe('builtin')
    // a3 is in maintenance, a1 is the target, the engine and jump1 are in no listed entry.
    expect(plan.planOf('a1')?.devices[0]?.rejected.map((r) => [r.proxy, r.reason])).toEqual([
      ['a1', 'target'],
      ['a3', 'status:maintenance'],
      ['engine', 'not-listed'],
      ['jump1', 'not-listed'],
    ])
  })

  it('re-plans the unsaved document at once after an edit, without saving', async () => {
    const { topology, plan } = await setup()
    topology.edit('Prefs', (doc) => {
      doc.hosts[0]!.powerManagement!.devices[0]!.proxyPreferences = ['engine', 'jump1']
    })
    // No round trip and no timer: the plan follows the edit in the same turn.
    expect(candidates(plan, 'a1')).toEqual(['engine', 'jump1'])
    expect(plan.planOf('a1')?.devices[0]?.preferences.from).toBe('device')
    expect(plan.isStale('a1')).toBe(false)
    expect(lab.count('topology.save')).toBe(0)
  })

  it('matches named entries without regard to case, and inherits the data center’s list', async () => {
    const { topology, plan } = await setup()
    topology.edit('Prefs', (doc) => {
      doc.dataCenters[0]!.proxyPreferences = ['Engine', 'JUMP1']
    })
    expect(candidates(plan, 'a1')).toEqual(['engine', 'jump1'])
    expect(plan.planOf('a1')?.devices[0]?.preferences.from).toBe('dataCenter')
    topology.edit('Defaults', (doc) => {
      doc.dataCenters[0]!.proxyPreferences = undefined
      doc.defaults = { proxyPreferences: ['jump1.lab.example'] }
    })
    expect(candidates(plan, 'a1')).toEqual(['jump1'])
    expect(plan.planOf('a1')?.devices[0]?.preferences.from).toBe('defaults')
  })

  it('marks hosts whose device has no candidate', async () => {
    const { topology, plan } = await setup()
    expect(plan.hostsWithoutCandidate.has('a1')).toBe(false)
    topology.edit('a2 down', (doc) => (doc.hosts[1]!.status = 'down'))
    // The lab-wide pass follows once the edit's frame is painted.
    await vi.waitFor(() => expect(plan.hostsWithoutCandidate.has('a1')).toBe(true))
    expect(plan.devicesWithoutCandidate('a1').map((d) => d.device)).toEqual(['psu1'])
  })

  it('re-plans the selected host in the edit’s turn and makes one lab pass per burst, after it', async () => {
    const { topology, plan } = await setup()
    await vi.waitFor(() => expect(plan.labPass).toBeDefined())
    let passes = 0
    watch(
      () => plan.labPass,
      () => passes++,
      { flush: 'sync' },
    )
    const lists = [['engine'], ['jump1'], ['engine', 'jump1'], ['a3', 'jump1'], ['jump1', 'engine']]
    for (const list of lists) {
      topology.edit('Prefs', (doc) => {
        doc.hosts[0]!.powerManagement!.devices[0]!.proxyPreferences = list
      })
      expect(candidates(plan, 'a1')).toEqual(list.filter((name) => name !== 'a3'))
    }
    expect(passes).toBe(0)
    await vi.waitFor(() => expect(passes).toBe(1))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(passes).toBe(1)
    // The one pass is of the burst's end: a1's device has a candidate again.
    expect(plan.labPass?.hosts.find((h) => h.hostId === 'a1')?.devices[0]?.fenceable).toBe(true)
  })

  it('plans the saved document apart from the edited one, and follows a save', async () => {
    const { topology, plan } = await setup()
    topology.edit('Prefs', (doc) => {
      doc.hosts[0]!.powerManagement!.devices[0]!.proxyPreferences = ['engine']
    })
    const savedCandidates = () =>
      plan.planIn(topology.saved!, 'a1')?.devices[0]?.candidates.map((c) => c.proxy)
    expect(savedCandidates()).toEqual(['a2'])
    expect(savedCandidates()).toEqual(['a2'])
    expect(await topology.save()).toBe(true)
    expect(savedCandidates()).toEqual(['engine'])
  })

  it('keeps the last plan and says why when the document cannot be planned', async () => {
    const { topology, plan } = await setup()
    expect(candidates(plan, 'a1')).toEqual(['a2'])
    topology.edit('x', (doc) => {
      ;(doc as { clusters: unknown }).clusters = null
    })
    expect(plan.isStale('a1')).toBe(true)
    expect(plan.errorOf('a1')).toMatch(/^the document cannot be planned as it stands/)
    expect(candidates(plan, 'a1')).toEqual(['a2'])
    topology.undo()
    expect(plan.isStale('a1')).toBe(false)
  })
})
