// DESIGN.md §4 through the real core and the simulated BMC world: an action or a status that
// confirms a host off is recorded (power.json), the planner then rejects that host as a proxy
// (`powered-off`) until a status says on; the demo lab keeps its own record.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planHost } from '../../../../src-main/common/planner/planHost'
import { plannerOptionsOf } from '../../../../src-main/common/planner/plannerInputs'
import { demoDocument, useDemoCore } from '../fixtures/demoCore'

const sim = useDemoCore({
  prefix: 'fencepost-poweredoff-',
  world: { unreachableMs: 20, slowMs: 50 },
})

const proxiesOf = (attempts: { proxy: string }[]): string[] => [
  ...new Set(attempts.map((a) => a.proxy)),
]
/** The machines rejected as powered off for any device of `host`. */
const rejectedAsOff = (host: string, lab?: 'demo'): string[] => [
  ...new Set(
    sim.core
      .plan(demoDocument(), host, undefined, lab)
      .devices.flatMap((d) => d.rejected.filter((r) => r.reason === 'powered-off'))
      .map((r) => r.proxy),
  ),
]

describe('a host confirmed off', () => {
  it('is recorded, is no proxy for the next action, and a status that says on clears it', async () => {
    const off = await sim.run('a1', 'off')
    expect(off).toMatchObject({ result: 'ok', power: 'off' })
    expect(sim.core.knownPower().all()).toEqual([
      expect.objectContaining({ hostId: 'a1', power: 'off', action: 'off' }),
    ])
    expect(JSON.parse(readFileSync(join(sim.dataDir, 'power.json'), 'utf8'))).toHaveLength(1)

    // a2's plan (cluster, engine) would start with a1: it is rejected, in words, with its time.
    const plan = sim.core.plan(demoDocument(), 'a2')
    expect(plan.devices[0]!.candidates[0]!.proxy).not.toBe('a1')
    expect(plan.devices[0]!.rejected).toContainEqual(
      expect.objectContaining({ proxy: 'a1', reason: 'powered-off', since: expect.any(String) }),
    )

    // Powering a2 off does not run through a1; a2 is then known off in turn.
    const offA2 = await sim.run('a2', 'off')
    expect(offA2.result).toBe('ok')
    expect(proxiesOf(offA2.attempts)).not.toContain('a1')
    expect(rejectedAsOff('a1').sort()).toEqual(['a2'])

    // Status of a1 (still off) runs through neither powered-off host and keeps it off.
    const still = await sim.run('a1', 'status')
    expect(still).toMatchObject({ result: 'ok', power: 'off' })
    expect(proxiesOf(still.attempts)).not.toContain('a2')
    expect(rejectedAsOff('b1').sort()).toEqual(['a1', 'a2'])

    // Switched on behind Fencepost's back: only a status that says on makes a1 a proxy again.
    sim.world.setPower('a1-psu1', 'on')
    sim.world.setPower('a1-psu2', 'on')
    expect(rejectedAsOff('a2')).toEqual(['a1'])
    const on = await sim.run('a1', 'status')
    expect(on).toMatchObject({ result: 'ok', power: 'on' })
    expect(rejectedAsOff('a2')).toEqual([])
    expect(sim.core.plan(demoDocument(), 'a2').devices[0]!.candidates[0]!.proxy).toBe('a1')
  })

  it('stays known off when a later result is unknown; a dry run records nothing', async () => {
    await sim.run('a2', 'off')
    const before = sim.core.knownPower().all()
    // Every device of a2 fails: the status is unknown, which changes nothing.
    sim.world.fail('a2-bmc', 'Unable to connect')
    const unknown = await sim.run('a2', 'status')
    expect(unknown.power).toBe('unknown')
    expect(sim.core.knownPower().all()).toEqual(before)

    sim.world.clearFault('a2-bmc')
    await sim.run('a2', 'on', { dryRun: true })
    expect(sim.core.knownPower().all()).toEqual(before)

    // A power on that is never confirmed (the BMC ignores it): its own polls confirm off again.
    sim.world.ignore('a2-bmc')
    const ignored = await sim.run('a2', 'on')
    expect(ignored.result).toBe('failed')
    expect(sim.core.knownPower().all()).toEqual([
      expect.objectContaining({ hostId: 'a2', power: 'off', action: 'on' }),
    ])
  })
})

describe('the demo lab', () => {
  it('keeps its own known power, never mixed with the real lab, reset when reopened', async () => {
    await sim.run('a1', 'off', { lab: 'demo' })
    expect(sim.core.knownPower('demo').all()).toEqual([
      expect.objectContaining({ hostId: 'a1', power: 'off' }),
    ])
    expect(sim.core.knownPower().all()).toEqual([])
    expect(existsSync(join(sim.dataDir, 'power.json'))).toBe(false)
    await expect(sim.core.api.fencing.knownPower('demo')).resolves.toHaveLength(1)
    await expect(sim.core.api.fencing.knownPower()).resolves.toEqual([])

    // Plans from the API's inputs (as the UI makes them): the demo's with `lab`, the real lab's without.
    const inputs = (lab?: 'demo') => sim.core.api.plan.inputs(lab).then(plannerOptionsOf)
    const demoPlan = planHost(demoDocument(), 'a2', await inputs('demo'))
    expect(demoPlan.devices[0]!.rejected).toContainEqual(
      expect.objectContaining({ proxy: 'a1', reason: 'powered-off' }),
    )
    const labPlan = planHost(demoDocument(), 'a2', await inputs())
    expect(labPlan.devices[0]!.candidates[0]!.proxy).toBe('a1')

    // "Power off a2" in the demo does not run via a1.
    const offA2 = await sim.core.api.fencing.run({
      host: 'a2',
      action: 'off',
      dryRun: false,
      lab: 'demo',
    })
    expect(offA2.result).toBe('ok')
    expect(proxiesOf(offA2.attempts)).not.toContain('a1')

    // A readiness test of the demo does not try the powered-off hosts either.
    const tested = await sim.core.api.fencing.test('b1', 'demo')
    expect(tested.map((r) => r.proxyId)).not.toContain('a1')
    expect(tested.map((r) => r.proxyId)).not.toContain('a2')

    await sim.core.api.demo.open()
    expect(sim.core.knownPower('demo').all()).toEqual([])
  })
})
