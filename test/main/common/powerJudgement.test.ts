// The rule that judges what an action left: last known power per device, group states, next step.
import { describe, expect, it } from 'vitest'
import type { ActionResult, Attempt, DevicePower } from '../../../src-main/common/fencing'
import {
  MIXED_WARNING,
  cancelledMessage,
  judgeGroup,
  judgePower,
  lastKnownPower,
  leftState,
  nextSafeSteps,
} from '../../../src-main/common/powerJudgement'

const A1 = [
  { device: 'psu1', order: 1 },
  { device: 'psu2', order: 1 },
  { device: 'pdu', order: 2 },
]

const attempt = (
  a: Partial<Attempt> & Pick<Attempt, 'device' | 'action' | 'outcome'>,
): Attempt => ({
  proxy: 'a2',
  ms: 100,
  startedAt: '2026-11-27T20:00:00.000Z',
  ...a,
})

const dp = (device: string, order: number, power: DevicePower['power']): DevicePower => ({
  device,
  order,
  power,
})

describe('lastKnownPower', () => {
  it('is what a status last confirmed, stamped when it answered', () => {
    const known = lastKnownPower(A1, [
      attempt({ device: 'psu1', action: 'off', outcome: 'ok' }),
      attempt({ device: 'psu1', action: 'status', outcome: 'ok', power: 'off', ms: 250 }),
    ])
    expect(known).toEqual([
      { device: 'psu1', order: 1, power: 'off', at: '2026-11-27T20:00:00.250Z' },
      { device: 'psu2', order: 1, power: 'unknown' },
      { device: 'pdu', order: 2, power: 'unknown' },
    ])
  })

  it('forgets a confirmed power once an on/off that may have reached the device follows', () => {
    for (const outcome of ['ok', 'cancelled', 'timeout', 'device-error'] as const) {
      const [psu1] = lastKnownPower(A1, [
        attempt({ device: 'psu1', action: 'status', outcome: 'ok', power: 'on' }),
        attempt({ device: 'psu1', action: 'off', outcome }),
      ])
      expect(psu1, outcome).toEqual({ device: 'psu1', order: 1, power: 'unknown' })
    }
  })

  it('keeps it when the on/off never reached the device (proxy down, login refused)', () => {
    const [psu1] = lastKnownPower(A1, [
      attempt({ device: 'psu1', action: 'status', outcome: 'ok', power: 'on' }),
      attempt({ device: 'psu1', action: 'off', outcome: 'proxy-unreachable' }),
      attempt({ device: 'psu1', action: 'off', outcome: 'auth-failed' }),
      attempt({ device: 'psu1', action: 'status', outcome: 'timeout' }),
    ])
    expect(psu1?.power).toBe('on')
  })
})

describe('judgeGroup', () => {
  it('all off, all on, mixed (one off, another on or unknown), unknown', () => {
    expect(judgeGroup(['off', 'off'])).toBe('off')
    expect(judgeGroup(['on', 'on'])).toBe('on')
    expect(judgeGroup(['off', 'on'])).toBe('mixed')
    expect(judgeGroup(['off', 'unknown'])).toBe('mixed')
    expect(judgeGroup(['on', 'unknown'])).toBe('unknown')
    expect(judgeGroup(['unknown'])).toBe('unknown')
    expect(judgeGroup([])).toBe('unknown')
  })
})

describe('judgePower', () => {
  it('a mixed supply group with the PDU untouched leaves the host mixed', () => {
    const judged = judgePower([
      dp('psu1', 1, 'off'),
      dp('psu2', 1, 'unknown'),
      dp('pdu', 2, 'unknown'),
    ])
    expect(judged.state).toBe('mixed')
    expect(judged.groups.map((g) => [g.order, g.state, g.devices.map((d) => d.device)])).toEqual([
      [1, 'mixed', ['psu1', 'psu2']],
      [2, 'unknown', ['pdu']],
    ])
  })

  it('a whole group off cuts the host, whatever another group says', () => {
    expect(judgePower([dp('psu1', 1, 'off'), dp('psu2', 1, 'on'), dp('pdu', 2, 'off')]).state).toBe(
      'off',
    )
    expect(
      judgePower([dp('psu1', 1, 'on'), dp('psu2', 1, 'on'), dp('pdu', 2, 'unknown')]).state,
    ).toBe('on')
    expect(judgePower([dp('psu1', 1, 'on'), dp('psu2', 1, 'unknown')]).state).toBe('unknown')
  })
})

describe('nextSafeSteps', () => {
  it('mixed after an off or a restart: finish the power off, or power on', () => {
    for (const action of ['off', 'restart'] as const)
      expect(nextSafeSteps(action, 'mixed')).toEqual([
        { action: 'off', label: 'Finish power off' },
        { action: 'on', label: 'Power on' },
      ])
  })

  it('mixed after an on: finish the power on, or power off', () => {
    expect(nextSafeSteps('on', 'mixed')).toEqual([
      { action: 'on', label: 'Finish power on' },
      { action: 'off', label: 'Power off' },
    ])
  })

  it('unknown: check status first; a restart stopped while off: power on', () => {
    expect(nextSafeSteps('off', 'unknown')).toEqual([{ action: 'status', label: 'Check status' }])
    expect(nextSafeSteps('restart', 'off')).toEqual([{ action: 'on', label: 'Power on' }])
    expect(nextSafeSteps('off', 'off')).toEqual([])
    expect(nextSafeSteps('restart', 'on')).toEqual([])
  })
})

describe('leftState', () => {
  const result = (r: Partial<ActionResult>): ActionResult => ({
    host: 'a1',
    action: 'restart',
    result: 'cancelled',
    power: 'unknown',
    attempts: [],
    ...r,
  })

  it('a cancelled restart left mixed: the warning and the next steps', () => {
    const left = leftState(
      result({
        devicePower: [dp('psu1', 1, 'off'), dp('psu2', 1, 'unknown'), dp('pdu', 2, 'unknown')],
      }),
    )
    expect(left?.warning).toBe(MIXED_WARNING)
    expect(left?.warning).toBe('mixed — the host may be half-powered')
    expect(left?.steps.map((s) => s.label)).toEqual(['Finish power off', 'Power on'])
  })

  it('an action that did what it was asked offers nothing', () => {
    const left = leftState(
      result({ result: 'ok', devicePower: [dp('psu1', 1, 'on'), dp('psu2', 1, 'on')] }),
    )
    expect(left).toMatchObject({ state: 'on', steps: [] })
    expect(left?.warning).toBeUndefined()
  })

  it('nothing to judge for a dry run or an entry written before devicePower existed', () => {
    expect(leftState(result({}))).toBeUndefined()
    expect(
      leftState(result({ devicePower: [dp('psu1', 1, 'on')], dryRunSteps: [] })),
    ).toBeUndefined()
  })

  it('the cancel message names each device and the warning', () => {
    expect(cancelledMessage([dp('psu1', 1, 'off'), dp('psu2', 1, 'unknown')])).toBe(
      'cancelled — mixed — the host may be half-powered: psu1 off, psu2 unknown',
    )
    expect(cancelledMessage([dp('bmc', 1, 'on')])).toBe('cancelled — last known power: bmc on')
  })
})
