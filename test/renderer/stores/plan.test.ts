import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setServices } from '../../../src-renderer/src/services'
import {
  PLAN_ALL_DELAY_MS,
  PLAN_DELAY_MS,
  usePlanStore,
} from '../../../src-renderer/src/stores/plan'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { useUiStore } from '../../../src-renderer/src/stores/ui'
import { createFakeApi, fakeServices } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

let fake: FakeApi

beforeEach(() => {
  vi.useFakeTimers()
  fake = createFakeApi()
  setServices(fakeServices(fake))
  setActivePinia(createPinia())
})
afterEach(() => vi.useRealTimers())

async function setup() {
  const topology = useTopologyStore()
  const ui = useUiStore()
  const plan = usePlanStore()
  await topology.load()
  ui.select({ kind: 'host', id: 'a1' })
  await vi.runAllTimersAsync()
  return { topology, ui, plan }
}

describe('plan store', () => {
  it('plans the selected host of the loaded document', async () => {
    const { plan } = await setup()
    const psu1 = plan.planOf('a1')?.devices[0]
    expect(psu1?.candidates.map((c) => c.proxy)).toEqual(['a2'])
    expect(psu1?.preferences.from).toBe('builtin')
  })

  it('re-plans the unsaved document shortly after an edit, without saving', async () => {
    const { topology, plan } = await setup()
    const before = fake.count('plan.planHost')
    topology.edit('Prefs', (doc) => {
      doc.hosts[0]!.powerManagement!.devices[0]!.proxyPreferences = ['engine', 'jump1']
    })
    await vi.advanceTimersByTimeAsync(PLAN_DELAY_MS + 5)
    expect(fake.count('plan.planHost')).toBeGreaterThan(before)
    const sent = fake.calls.filter((c) => c.method === 'plan.planHost').at(-1)
    expect(sent?.args[1]).toBe('a1')
    expect(plan.planOf('a1')?.devices[0]?.candidates.map((c) => c.proxy)).toEqual([
      'engine',
      'jump1',
    ])
    expect(fake.count('topology.save')).toBe(0)
    expect(plan.isStale('a1')).toBe(false)
  })

  it('debounces a burst of edits into one planning of the selected host', async () => {
    const { topology } = await setup()
    const before = fake.calls.filter((c) => c.method === 'plan.planHost').length
    for (const status of ['down', 'up', 'maintenance'] as const)
      topology.edit('Status', (doc) => (doc.hosts[1]!.status = status))
    await vi.advanceTimersByTimeAsync(PLAN_DELAY_MS + 5)
    expect(fake.calls.filter((c) => c.method === 'plan.planHost').length).toBe(before + 1)
  })

  it('marks hosts whose device has no candidate', async () => {
    const { topology, plan } = await setup()
    expect(plan.hostsWithoutCandidate.has('a1')).toBe(false)
    topology.edit('a2 down', (doc) => (doc.hosts[1]!.status = 'down'))
    await vi.advanceTimersByTimeAsync(PLAN_ALL_DELAY_MS + 5)
    expect(plan.hostsWithoutCandidate.has('a1')).toBe(true)
    expect(plan.devicesWithoutCandidate('a1').map((d) => d.device)).toEqual(['psu1'])
  })

  it('keeps the last plan and says why when planning fails', async () => {
    const { topology, plan } = await setup()
    fake.api.plan.planHost = async () => {
      throw new Error('document is not valid')
    }
    topology.edit('x', (doc) => (doc.hosts[1]!.status = 'down'))
    await vi.advanceTimersByTimeAsync(PLAN_DELAY_MS + 5)
    expect(plan.errors.a1).toBe('document is not valid')
    expect(plan.planOf('a1')).toBeDefined()
    expect(plan.isStale('a1')).toBe(true)
  })
})
