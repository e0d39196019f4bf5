// The UI's known power (DESIGN.md §4): read from the core for the lab on screen (the demo's apart),
// again after each finished action, and the plans made again when it changed. Real actions on the
// demo lab's simulated BMCs, in the real core.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ActionRequest } from '../../../src-main/common/api'
import { setServices } from '../../../src-renderer/src/services'
import { useKnownPowerStore } from '../../../src-renderer/src/stores/knownPower'
import { usePlanStore } from '../../../src-renderer/src/stores/plan'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { useUiStore } from '../../../src-renderer/src/stores/ui'
import { servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'
import { demoDocument } from '../support/sampleLab'

let lab: TestCore

beforeEach(() => setActivePinia(createPinia()))

/** The demo lab, stored (`store`) or shown on a first start (`demo`), with b2 selected. */
async function setup(origin: 'store' | 'demo') {
  lab = await startCore({ stored: origin === 'store' ? demoDocument() : null })
  setServices(servicesOf(lab))
  const topology = useTopologyStore()
  const power = useKnownPowerStore()
  const plan = usePlanStore()
  await topology.load()
  expect(topology.origin).toBe(origin)
  // b2 (no proxy itself) is fenced through b1, the other host of its cluster.
  useUiStore().select({ kind: 'host', id: 'b2' })
  await vi.waitFor(() => expect(plan.planOf('b2')?.devices[0]?.candidates[0]?.proxy).toBe('b1'))
  return { topology, power, plan }
}

/** Runs an action as another window would: the core's event reaches this one. */
const act = (request: ActionRequest) => lab.core.api.fencing.run(request)

const rejectionOf = (plan: ReturnType<typeof usePlanStore>, proxy: string) =>
  plan.planOf('b2')?.devices[0]?.rejected.find((r) => r.proxy === proxy)?.reason

describe('known power store', () => {
  it('reads the lab’s known power, and again after an action; a change re-plans', async () => {
    const { power, plan } = await setup('store')
    expect(lab.argsOf('fencing.knownPower').at(-1)).toEqual([])
    expect(power.offSince('b1')).toBeUndefined()

    const off = await act({ host: 'b1', action: 'off', dryRun: false })
    expect(off).toMatchObject({ result: 'ok', power: 'off' })
    await vi.waitFor(() => expect(power.offSince('b1')).toBeDefined())
    expect(power.offSince('b2')).toBeUndefined()
    // Known off, b1 is no proxy: b2's plan is made again and says so.
    await vi.waitFor(() => expect(rejectionOf(plan, 'b1')).toBe('powered-off'))
    expect(plan.planOf('b2')?.devices[0]?.candidates.map((c) => c.proxy)).not.toContain('b1')

    // A dry run powers nothing: not even asked.
    const asked = lab.count('fencing.knownPower')
    await act({ host: 'b1', action: 'on', dryRun: true })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(lab.count('fencing.knownPower')).toBe(asked)
    expect(power.offSince('b1')).toBeDefined()

    // Powered on again: no longer known off, and a proxy again.
    await act({ host: 'b1', action: 'on', dryRun: false })
    await vi.waitFor(() => expect(power.offSince('b1')).toBeUndefined())
    await vi.waitFor(() => expect(rejectionOf(plan, 'b1')).toBeUndefined())
    expect(plan.planOf('b2')?.devices[0]?.candidates[0]?.proxy).toBe('b1')
  })

  it('asks for the demo lab’s own known power, and plans with it, when the demo is on screen', async () => {
    const { power, plan } = await setup('demo')
    expect(lab.argsOf('fencing.knownPower').at(-1)).toEqual(['demo'])

    // Powered off in the demo lab: known off there (and only there), and no proxy in its plans.
    await act({ host: 'b1', action: 'off', dryRun: false, lab: 'demo' })
    await vi.waitFor(() => expect(power.offSince('b1')).toBeDefined())
    await vi.waitFor(() => expect(rejectionOf(plan, 'b1')).toBe('powered-off'))
    expect(await lab.core.api.fencing.knownPower()).toEqual([])
  })
})
