// Every outcome of DESIGN.md §4 can be shown in the demo lab: a proxy that refuses the login, a
// proxy whose host key changed, a proxy without the agent, a device whose password cannot be
// resolved. Each is set through the fault panel's API (`demo.setFaults`), ends the attempt with
// exactly that outcome in the real runner's and secret store's words, falls back to the next proxy
// like the real thing, and is cleared by the panel's reset.
import { describe, expect, it } from 'vitest'
import type { DemoFaults } from '../../../../src-main/common/api'
import { NO_DEMO_FAULTS } from '../../../../src-main/common/api'
import { useDemoCore } from '../fixtures/demoCore'

const NONE: DemoFaults = NO_DEMO_FAULTS

const sim = useDemoCore({ prefix: 'fencepost-demofaults-' })

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
      await expect(
        sim.core.api.demo.setFaults({ ...NONE, [field]: ['a1'] }),
      ).resolves.toMatchObject({
        [field]: ['a1'],
      })
      const result = await sim.run('a2', 'status')
      expect(result).toMatchObject({ result: 'ok', power: 'on' })
      expect(result.attempts.map((a) => [a.proxy, a.outcome])).toEqual([
        ['a1', outcome],
        ['jump1', 'ok'],
      ])
      expect(result.attempts[0]!.message).toMatch(message)
      // The timeline gets the same attempt.
      expect(sim.events).toContainEqual(
        expect.objectContaining({
          kind: 'attempt',
          attempt: expect.objectContaining({ proxy: 'a1', outcome }),
        }),
      )

      // The panel's reset (every list empty) clears it: a1 answers again.
      expect(await sim.core.api.demo.setFaults(NONE)).toMatchObject({ [field]: [] })
      const again = await sim.run('a2', 'status')
      expect(again.attempts.map((a) => [a.proxy, a.outcome])).toEqual([['a1', 'ok']])
    })
  }

  it('a fault on every candidate fails the device, each attempt with its own outcome', async () => {
    await sim.core.api.demo.setFaults({
      ...NONE,
      authFailing: ['a1'],
      hostKeyChanged: ['jump1'],
      agentMissing: ['engine'],
    })
    const result = await sim.run('a2', 'status')
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
    await sim.core.api.demo.setFaults({ ...NONE, secretMissing: ['a2-bmc'] })
    const calls = sim.world.snapshot().log.length
    const result = await sim.run('a2', 'status')
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
    expect(sim.world.snapshot().log.length).toBe(calls)

    expect(await sim.core.api.demo.setFaults(NONE)).toMatchObject({ secretMissing: [] })
    const again = await sim.run('a2', 'status')
    expect(again.attempts.map((a) => [a.proxy, a.outcome])).toEqual([['a1', 'ok']])
  })

  it('falls back to the next device group when one device of the first cannot be resolved', async () => {
    await sim.core.api.demo.setFaults({ ...NONE, secretMissing: ['a1-psu1'] })
    const result = await sim.run('a1', 'off')
    expect(result.attempts.some((a) => a.device === 'psu1' && a.outcome === 'secret-missing')).toBe(
      true,
    )
    expect(result.attempts.some((a) => a.device === 'pdu' && a.outcome === 'ok')).toBe(true)
    expect(result).toMatchObject({ result: 'ok', power: 'off' })
  })
})
