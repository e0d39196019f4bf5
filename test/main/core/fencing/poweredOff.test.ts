// DESIGN.md §4 through the real core and the simulated BMC world: an action or a status that
// confirms a host off is recorded (power.json), the planner then rejects that host as a proxy
// (`powered-off`) until a status says on; the demo lab keeps its own record.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../../src-main/common/document'
import type { FencepostCore } from '../../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import { SimWorld } from '../../../../src-main/core/plugins/simWorld'

const demo = (): TopologyDocument =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../../resources/demo-lab.json'), 'utf8'),
  ) as TopologyDocument

let core: FencepostCore
let dataDir: string
let world: SimWorld

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fencepost-poweredoff-'))
  core = await createNodeCore({
    dataDir,
    fencingSettings: { agentTimeoutMs: 1_000, verifyRetries: 3, verifyDelayMs: 10 },
  })
  world = SimWorld.of(core.registry)!
  world.reset()
  world.configure({ unreachableMs: 20, slowMs: 50 })
})

afterEach(async () => {
  world.reset()
  await core.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const run = (host: string, action: 'status' | 'on' | 'off', extra: object = {}) =>
  core.runAction(demo(), { host, action, dryRun: false, ...extra })
const proxiesOf = (attempts: { proxy: string }[]): string[] => [
  ...new Set(attempts.map((a) => a.proxy)),
]
/** The machines rejected as powered off for any device of `host`. */
const rejectedAsOff = (host: string, lab?: 'demo'): string[] => [
  ...new Set(
    core
      .plan(demo(), host, undefined, lab)
      .devices.flatMap((d) => d.rejected.filter((r) => r.reason === 'powered-off'))
      .map((r) => r.proxy),
  ),
]

describe('a host confirmed off', () => {
  it('is recorded, is no proxy for the next action, and a status that says on clears it', async () => {
    const off = await run('a1', 'off')
    expect(off).toMatchObject({ result: 'ok', power: 'off' })
    expect(core.knownPower().all()).toEqual([
      expect.objectContaining({ hostId: 'a1', power: 'off', action: 'off' }),
    ])
    expect(JSON.parse(readFileSync(join(dataDir, 'power.json'), 'utf8'))).toHaveLength(1)

    // a2's plan (cluster, engine) would start with a1: it is rejected, in words, with its time.
    const plan = core.plan(demo(), 'a2')
    expect(plan.devices[0]!.candidates[0]!.proxy).not.toBe('a1')
    expect(plan.devices[0]!.rejected).toContainEqual(
      expect.objectContaining({ proxy: 'a1', reason: 'powered-off', since: expect.any(String) }),
    )

    // Powering a2 off does not run through a1; a2 is then known off in turn.
    const offA2 = await run('a2', 'off')
    expect(offA2.result).toBe('ok')
    expect(proxiesOf(offA2.attempts)).not.toContain('a1')
    expect(rejectedAsOff('a1').sort()).toEqual(['a2'])

    // Status of a1 (still off) runs through neither powered-off host and keeps it off.
    const still = await run('a1', 'status')
    expect(still).toMatchObject({ result: 'ok', power: 'off' })
    expect(proxiesOf(still.attempts)).not.toContain('a2')
    expect(rejectedAsOff('b1').sort()).toEqual(['a1', 'a2'])

    // Switched on behind Fencepost's back: only a status that says on makes a1 a proxy again.
    world.setPower('a1-psu1', 'on')
    world.setPower('a1-psu2', 'on')
    expect(rejectedAsOff('a2')).toEqual(['a1'])
    const on = await run('a1', 'status')
    expect(on).toMatchObject({ result: 'ok', power: 'on' })
    expect(rejectedAsOff('a2')).toEqual([])
    expect(core.plan(demo(), 'a2').devices[0]!.candidates[0]!.proxy).toBe('a1')
  })

  it('stays known off when a later result is unknown; a dry run records nothing', async () => {
    await run('a2', 'off')
    const before = core.knownPower().all()
    // Every device of a2 fails: the status is unknown, which changes nothing.
    world.fail('a2-bmc', 'Unable to connect')
    const unknown = await run('a2', 'status')
    expect(unknown.power).toBe('unknown')
    expect(core.knownPower().all()).toEqual(before)

    world.clearFault('a2-bmc')
    await core.runAction(demo(), { host: 'a2', action: 'on', dryRun: true })
    expect(core.knownPower().all()).toEqual(before)

    // A power on that is never confirmed (the BMC ignores it): its own polls confirm off again.
    world.ignore('a2-bmc')
    const ignored = await run('a2', 'on')
    expect(ignored.result).toBe('failed')
    expect(core.knownPower().all()).toEqual([
      expect.objectContaining({ hostId: 'a2', power: 'off', action: 'on' }),
    ])
  })
})

describe('the demo lab', () => {
  it('keeps its own known power, never mixed with the real lab, reset when reopened', async () => {
    await run('a1', 'off', { lab: 'demo' })
    expect(core.knownPower('demo').all()).toEqual([
      expect.objectContaining({ hostId: 'a1', power: 'off' }),
    ])
    expect(core.knownPower().all()).toEqual([])
    expect(existsSync(join(dataDir, 'power.json'))).toBe(false)
    await expect(core.api.fencing.knownPower('demo')).resolves.toHaveLength(1)
    await expect(core.api.fencing.knownPower()).resolves.toEqual([])

    // Plans over the API: the demo's with `lab`, the real lab's without.
    const demoPlan = await core.api.plan.planHost(demo(), 'a2', 'demo')
    expect(demoPlan.devices[0]!.rejected).toContainEqual(
      expect.objectContaining({ proxy: 'a1', reason: 'powered-off' }),
    )
    const labPlan = await core.api.plan.planHost(demo(), 'a2')
    expect(labPlan.devices[0]!.candidates[0]!.proxy).toBe('a1')

    // "Power off a2" in the demo does not run via a1.
    const offA2 = await core.api.fencing.run({
      host: 'a2',
      action: 'off',
      dryRun: false,
      lab: 'demo',
    })
    expect(offA2.result).toBe('ok')
    expect(proxiesOf(offA2.attempts)).not.toContain('a1')

    // A readiness test of the demo does not try the powered-off hosts either.
    const tested = await core.api.fencing.test('b1', 'demo')
    expect(tested.map((r) => r.proxyId)).not.toContain('a1')
    expect(tested.map((r) => r.proxyId)).not.toContain('a2')

    await core.api.demo.open()
    expect(core.knownPower('demo').all()).toEqual([])
  })
})
