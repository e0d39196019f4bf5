// The demo lab's readiness results and history stay apart from the real lab's: a demo opened
// over a stored lab with the same host ids must not colour the real lab's plan, nor write
// reachability.json or history.jsonl (simulated runs are not the real hosts' past).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { HostPlan } from '../../../../src-main/common/plan'
import { planHost } from '../../../../src-main/common/planner/planHost'
import { plannerOptionsOf } from '../../../../src-main/common/planner/plannerInputs'
import { demoDocument, useDemoCore } from '../fixtures/demoCore'

const sim = useDemoCore({
  prefix: 'fencepost-demoapart-',
  world: { unreachableMs: 20, slowMs: 50 },
})

const reachOf = (plan: HostPlan) => plan.devices.flatMap((d) => d.candidates.map((c) => c.reach))

/** The plan the UI makes of the demo document with a lab's inputs from the API. */
const planWithInputs = async (host: string, lab?: 'demo') =>
  planHost(demoDocument(), host, plannerOptionsOf(await sim.core.api.plan.inputs(lab)))

describe('the demo lab’s readiness results', () => {
  it('are kept apart from the real lab’s, and go when the demo is opened again', async () => {
    const tested = await sim.core.api.fencing.test('a1', 'demo')
    expect(tested.length).toBeGreaterThan(0)

    // The demo sees its results, in its plan and over the API.
    expect(reachOf(await planWithInputs('a1', 'demo'))).toContain('ok')
    await expect(sim.core.api.fencing.reachability('a1', 'demo')).resolves.toHaveLength(
      tested.length,
    )
    // The real lab, with the same ids, knows nothing of them.
    expect(existsSync(join(sim.dataDir, 'reachability.json'))).toBe(false)
    expect(sim.core.reachability()).toEqual([])
    expect(reachOf(await planWithInputs('a1'))).not.toContain('ok')

    await sim.core.api.demo.open()
    expect(sim.core.reachability('demo')).toEqual([])
  })

  it('of the real lab are not seen by the demo', async () => {
    await sim.core.testHost(demoDocument(), 'a1')
    expect(sim.core.reachability().length).toBeGreaterThan(0)
    expect(sim.core.reachability('demo')).toEqual([])
    expect(reachOf(await planWithInputs('a1', 'demo'))).not.toContain('ok')
  })
})

describe('the demo lab’s history', () => {
  it('is kept apart from the real lab’s, and goes when the demo is opened again', async () => {
    await sim.run('a1', 'status', { lab: 'demo' })
    const demo = await sim.core.api.fencing.history('a1', 'demo')
    expect(demo.map((e) => [e.host, e.action])).toEqual([['a1', 'status']])
    await expect(sim.core.api.fencing.history(null, 'demo')).resolves.toHaveLength(1)
    // The real lab's history, with the same ids, has nothing of it.
    expect(existsSync(join(sim.dataDir, 'history.jsonl'))).toBe(false)
    await expect(sim.core.api.fencing.history('a1')).resolves.toEqual([])

    await sim.core.api.demo.open()
    await expect(sim.core.api.fencing.history(null, 'demo')).resolves.toEqual([])
  })

  it('does not hold the real lab’s runs', async () => {
    await sim.run('a1', 'status')
    await expect(sim.core.api.fencing.history('a1')).resolves.toHaveLength(1)
    await expect(sim.core.api.fencing.history('a1', 'demo')).resolves.toEqual([])
  })
})
