// The UI's known power (DESIGN.md §4): read from the core for the lab on screen (the demo's apart),
// again after each finished action, and the plans made again when it changed.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ActionResult } from '../../../src-main/common/fencing'
import { setServices } from '../../../src-renderer/src/services'
import { useKnownPowerStore } from '../../../src-renderer/src/stores/knownPower'
import { usePlanStore } from '../../../src-renderer/src/stores/plan'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { createFakeApi, fakeServices } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

let fake: FakeApi

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
})
afterEach(() => vi.useRealTimers())

const AT = '2026-11-27T14:02:00.000Z'
const finished = (extra: Partial<ActionResult> = {}): ActionResult => ({
  host: 'a1',
  action: 'off',
  result: 'ok',
  power: 'off',
  attempts: [],
  ...extra,
})

async function setup(origin: 'store' | 'demo' = 'store') {
  fake = createFakeApi({ origin })
  setServices(fakeServices(fake))
  const topology = useTopologyStore()
  const power = useKnownPowerStore()
  usePlanStore()
  await topology.load()
  await vi.runAllTimersAsync()
  return { topology, power }
}

describe('known power store', () => {
  it('reads the lab’s known power, and again after an action; a change re-plans', async () => {
    const { power } = await setup()
    expect(fake.calls.filter((c) => c.method === 'fencing.knownPower').at(-1)?.args).toEqual([])
    expect(power.offSince('a1')).toBeUndefined()

    fake.knownPower = [{ hostId: 'a1', power: 'off', at: AT, action: 'off' }]
    const plansBefore = fake.count('plan.planHost')
    fake.emit({ kind: 'finished', runId: 'r1', result: finished() })
    await vi.runAllTimersAsync()
    expect(power.offSince('a1')).toBe(AT)
    expect(power.offSince('a2')).toBeUndefined()
    expect(fake.count('plan.planHost')).toBeGreaterThan(plansBefore)

    // A dry run powers nothing: not even asked.
    const asked = fake.count('fencing.knownPower')
    fake.emit({ kind: 'finished', runId: 'r2', result: finished({ dryRunSteps: [] }) })
    await vi.runAllTimersAsync()
    expect(fake.count('fencing.knownPower')).toBe(asked)

    // A status that says on: the host is no longer known off.
    fake.knownPower = [{ hostId: 'a1', power: 'on', at: AT, action: 'status' }]
    fake.emit({
      kind: 'finished',
      runId: 'r3',
      result: finished({ action: 'status', power: 'on' }),
    })
    await vi.runAllTimersAsync()
    expect(power.offSince('a1')).toBeUndefined()
  })

  it('asks for the demo lab’s own known power, and plans with it, when the demo is on screen', async () => {
    await setup('demo')
    expect(fake.calls.filter((c) => c.method === 'fencing.knownPower').at(-1)?.args).toEqual([
      'demo',
    ])
    const planCalls = fake.calls.filter((c) => c.method === 'plan.planHost')
    expect(planCalls.length).toBeGreaterThan(0)
    expect(planCalls.every((c) => c.args[2] === 'demo')).toBe(true)
  })
})
