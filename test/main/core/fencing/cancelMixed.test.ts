// A restart cancelled between the two supplies' off (DESIGN.md §4): the result is `cancelled`, not
// failed, reports each device's last known power, and the group left mixed with the next safe step.
import { expect, it } from 'vitest'
import type { FencingEvent } from '../../../../src-main/common/api'
import { leftState } from '../../../../src-main/common/powerJudgement'
import { demoDocument, useDemoCore } from '../fixtures/demoCore'

const sim = useDemoCore({
  prefix: 'fencepost-cancel-',
  fencingSettings: { agentTimeoutMs: 10_000 },
})

/** Resolves when `match` sees an event. */
function eventMatching(match: (e: FencingEvent) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = sim.core.onEvent((e) => {
      if (match(e)) {
        off()
        resolve()
      }
    })
  })
}

it('a restart cancelled after psu1 is off and before psu2 is: cancelled, mixed, finish off', async () => {
  // psu2 answers after 5 s: psu1's off is sent and confirmed while psu2's off is still out.
  sim.world.slow('a1-psu2', 5_000)
  const psu1Off = eventMatching(
    (e) =>
      e.kind === 'attempt' &&
      e.attempt.device === 'psu1' &&
      e.attempt.action === 'status' &&
      e.attempt.power === 'off',
  )
  const running = sim.run('a1', 'restart')
  await psu1Off
  expect(sim.core.orchestrator.cancel(demoDocument(), 'a1')).toBe(true)
  const result = await running

  expect(result.result).toBe('cancelled')
  expect(result.power).toBe('unknown')
  expect(result.devicePower).toEqual([
    { device: 'psu1', order: 1, power: 'off', at: expect.any(String) },
    { device: 'psu2', order: 1, power: 'unknown' },
    { device: 'pdu', order: 2, power: 'unknown' },
  ])
  // The confirmation time is when psu1's status answered, within this run.
  const at = Date.parse(result.devicePower![0]!.at!)
  const started = Date.parse(result.attempts[0]!.startedAt!)
  expect(at).toBeGreaterThanOrEqual(started)
  expect(result.message).toBe(
    'cancelled — mixed — the host may be half-powered: psu1 off, psu2 unknown, pdu unknown',
  )
  const left = leftState(result)
  expect(left).toMatchObject({ state: 'mixed', warning: 'mixed — the host may be half-powered' })
  expect(left?.steps).toEqual([
    { action: 'off', label: 'Finish power off' },
    { action: 'on', label: 'Power on' },
  ])
  // The simulated host really is half-powered: the cancelled off never reached psu2.
  const power = (bmc: string) => sim.world.snapshot().bmcs.find((b) => b.bmc === bmc)?.power
  expect([power('a1-psu1'), power('a1-psu2')]).toEqual(['off', 'on'])

  const [entry] = sim.core.history.read('a1')
  expect(entry).toMatchObject({ action: 'restart', result: 'cancelled' })
  expect(entry?.devicePower?.map((d) => `${d.device} ${d.power}`)).toEqual([
    'psu1 off',
    'psu2 unknown',
    'pdu unknown',
  ])
})

it('every result carries the last known power: a status of the mixed host shows it', async () => {
  sim.world.setPower('a1-psu1', 'off')
  const result = await sim.run('a1', 'status')
  expect(result).toMatchObject({ result: 'ok', power: 'on' })
  expect(result.devicePower?.map((d) => `${d.device} ${d.power}`)).toEqual([
    'psu1 off',
    'psu2 on',
    'pdu unknown',
  ])
  expect(leftState(result)).toMatchObject({
    state: 'mixed',
    steps: [
      { action: 'on', label: 'Power on' },
      { action: 'off', label: 'Power off' },
    ],
  })
})

it('a readiness test records the power each device reported, so a mixed group can be seen', async () => {
  sim.world.setPower('a1-psu1', 'off')
  const results = await sim.core.testHost(demoDocument(), 'a1')
  const psu = (device: string) => results.filter((r) => r.deviceId === device && r.ok)
  expect(psu('psu1').length).toBeGreaterThan(0)
  expect(psu('psu1').every((r) => r.power === 'off')).toBe(true)
  expect(psu('psu2').every((r) => r.power === 'on')).toBe(true)
})
