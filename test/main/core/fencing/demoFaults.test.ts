// Every outcome of DESIGN.md §4 can be shown in the demo lab: a proxy that refuses the login, a
// proxy whose host key changed, a proxy without the agent, a device whose password cannot be
// resolved. Each is set through the fault panel's API (`demo.setFaults`), ends the attempt with
// exactly that outcome in the real runner's and secret store's words, falls back to the next proxy
// like the real thing, and is cleared by the panel's reset.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DemoFaults, FencingEvent } from '../../../../src-main/common/api'
import type { TopologyDocument } from '../../../../src-main/common/document'
import type { FencepostCore } from '../../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import { SimWorld } from '../../../../src-main/core/plugins/simWorld'

const demo = (): TopologyDocument =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../../resources/demo-lab.json'), 'utf8'),
  ) as TopologyDocument

const NONE: DemoFaults = { proxiesDown: [], cutOff: [], failing: [], slow: [] }

let core: FencepostCore
let dataDir: string
let world: SimWorld
let events: FencingEvent[]

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fencepost-demofaults-'))
  core = await createNodeCore({
    dataDir,
    fencingSettings: { agentTimeoutMs: 1_000, verifyRetries: 3, verifyDelayMs: 10 },
  })
  world = SimWorld.of(core.registry)!
  world.reset()
  events = []
  core.onEvent((e) => events.push(e))
})

afterEach(async () => {
  world.reset()
  await core.close()
  rmSync(dataDir, { recursive: true, force: true })
})

// a2's plan for its bmc: a1 (cluster; a3 is in maintenance), jump1 (cluster), the engine.
const PROXY_FAULTS = [
  ['authFailing', 'auth-failed', /^a1 \(demo lab\): SSH login refused \(/],
  [
    'hostKeyChanged',
    'host-key-mismatch',
    /^a1 \(demo lab\): host key CHANGED: known SHA256:\S+, presented SHA256:\S+\. Possible man-in-the-middle/,
  ],
  [
    'agentMissing',
    'agent-missing',
    /^a1 \(demo lab\): fence_sim not found — not on the login's PATH nor in \/usr\/sbin/,
  ],
] as const

describe('proxy faults of the demo lab', () => {
  for (const [field, outcome, message] of PROXY_FAULTS) {
    it(`${field} on a1 ends a1's attempt as ${outcome} and falls back to jump1`, async () => {
      await expect(core.api.demo.setFaults({ ...NONE, [field]: ['a1'] })).resolves.toMatchObject({
        [field]: ['a1'],
      })
      const result = await core.runAction(demo(), { host: 'a2', action: 'status', dryRun: false })
      expect(result).toMatchObject({ result: 'ok', power: 'on' })
      expect(result.attempts.map((a) => [a.proxy, a.outcome])).toEqual([
        ['a1', outcome],
        ['jump1', 'ok'],
      ])
      expect(result.attempts[0]!.message).toMatch(message)
      // The timeline gets the same attempt.
      expect(events).toContainEqual(
        expect.objectContaining({
          kind: 'attempt',
          attempt: expect.objectContaining({ proxy: 'a1', outcome }),
        }),
      )

      // The panel's reset (every list empty) clears it: a1 answers again.
      expect(await core.api.demo.setFaults(NONE)).toMatchObject({ [field]: [] })
      const again = await core.runAction(demo(), { host: 'a2', action: 'status', dryRun: false })
      expect(again.attempts.map((a) => [a.proxy, a.outcome])).toEqual([['a1', 'ok']])
    })
  }

  it('a fault on every candidate fails the device, each attempt with its own outcome', async () => {
    await core.api.demo.setFaults({
      ...NONE,
      authFailing: ['a1'],
      hostKeyChanged: ['jump1'],
      agentMissing: ['engine'],
    })
    const result = await core.runAction(demo(), { host: 'a2', action: 'status', dryRun: false })
    expect(result.result).toBe('failed')
    expect(result.attempts.map((a) => [a.proxy, a.outcome])).toEqual([
      ['a1', 'auth-failed'],
      ['jump1', 'host-key-mismatch'],
      ['engine', 'agent-missing'],
    ])
  })
})

describe('an unresolvable secret in the demo lab', () => {
  it('ends every attempt as secret-missing, naming the password, and runs nothing', async () => {
    await core.api.demo.setFaults({ ...NONE, secretMissing: ['a2-bmc'] })
    const calls = world.snapshot().log.length
    const result = await core.runAction(demo(), { host: 'a2', action: 'status', dryRun: false })
    expect(result.result).toBe('failed')
    // Like the real thing, each candidate is tried in plan order and none runs the device.
    expect(result.attempts.map((a) => [a.proxy, a.outcome])).toEqual([
      ['a1', 'secret-missing'],
      ['jump1', 'secret-missing'],
      ['engine', 'secret-missing'],
    ])
    expect(result.attempts[0]!.message).toMatch(
      /^parameter password of device bmc: secret "demo-unresolvable-a2-bmc" is not in the secret store on this workstation/,
    )
    expect(world.snapshot().log.length).toBe(calls)

    expect(await core.api.demo.setFaults(NONE)).toMatchObject({ secretMissing: [] })
    const again = await core.runAction(demo(), { host: 'a2', action: 'status', dryRun: false })
    expect(again.attempts.map((a) => [a.proxy, a.outcome])).toEqual([['a1', 'ok']])
  })

  it('falls back to the next device group when one device of the first cannot be resolved', async () => {
    await core.api.demo.setFaults({ ...NONE, secretMissing: ['a1-psu1'] })
    const result = await core.runAction(demo(), { host: 'a1', action: 'off', dryRun: false })
    expect(result.attempts.some((a) => a.device === 'psu1' && a.outcome === 'secret-missing')).toBe(
      true,
    )
    expect(result.attempts.some((a) => a.device === 'pdu' && a.outcome === 'ok')).toBe(true)
    expect(result).toMatchObject({ result: 'ok', power: 'off' })
  })
})
