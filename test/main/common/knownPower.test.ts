// Which results confirm a host's power (DESIGN.md §4), and how a confirmation time reads.
import { describe, expect, it } from 'vitest'
import type { ActionResult } from '../../../src-main/common/fencing'
import {
  confirmedPower,
  formatConfirmedAt,
  knownOffSince,
  withKnownPower,
} from '../../../src-main/common/knownPower'

const result = (extra: Partial<ActionResult>): ActionResult => ({
  host: 'a1',
  action: 'off',
  result: 'ok',
  power: 'off',
  attempts: [],
  ...extra,
})

describe('confirmedPower', () => {
  it('is the power an action or a status confirmed', () => {
    expect(confirmedPower(result({}))).toBe('off')
    expect(confirmedPower(result({ action: 'status', power: 'on' }))).toBe('on')
    expect(confirmedPower(result({ action: 'restart', power: 'on' }))).toBe('on')
  })

  it('is nothing for an unknown result or a dry run', () => {
    expect(confirmedPower(result({ result: 'failed', power: 'unknown' }))).toBeUndefined()
    const dry = result({ power: 'unknown', dryRunSteps: [] })
    expect(confirmedPower(dry)).toBeUndefined()
    expect(confirmedPower({ ...dry, power: 'off' })).toBeUndefined()
  })

  it('counts a failed or cancelled action by the groups its own polls confirmed', () => {
    const at = '2026-11-27T14:02:00.000Z'
    const psus = (p1: 'on' | 'off' | 'unknown', p2: 'on' | 'off' | 'unknown') => [
      { device: 'psu1', order: 1, power: p1, at },
      { device: 'psu2', order: 1, power: p2, at },
      { device: 'pdu', order: 2, power: 'unknown' as const },
    ]
    const failed = { result: 'failed' as const, power: 'unknown' as const }
    expect(confirmedPower(result({ ...failed, devicePower: psus('off', 'off') }))).toBe('off')
    expect(confirmedPower(result({ ...failed, devicePower: psus('off', 'unknown') }))).toBe(
      undefined,
    )
    expect(confirmedPower(result({ ...failed, devicePower: psus('on', 'on') }))).toBe('on')
  })
})

describe('known power records', () => {
  it('keep one record per host, the latest', () => {
    const first = { hostId: 'a1', power: 'off' as const, at: 'x', action: 'off' as const }
    const second = { hostId: 'a1', power: 'on' as const, at: 'y', action: 'status' as const }
    const other = { hostId: 'a2', power: 'off' as const, at: 'z', action: 'off' as const }
    const records = withKnownPower(withKnownPower([first, other], second), other)
    expect(records).toEqual([second, other])
    expect(knownOffSince(records, 'a1')).toBeUndefined()
    expect(knownOffSince(records, 'a2')).toBe('z')
    expect(knownOffSince(undefined, 'a2')).toBeUndefined()
  })

  it('say today’s time as hh:mm, another day with its date', () => {
    const now = new Date(2026, 10, 27, 18, 0)
    expect(formatConfirmedAt(new Date(2026, 10, 27, 14, 2).toISOString(), now)).toBe('14:02')
    expect(formatConfirmedAt(new Date(2026, 10, 26, 9, 5).toISOString(), now)).toBe(
      '2026-11-26 09:05',
    )
    expect(formatConfirmedAt('not a time', now)).toBe('not a time')
  })
})
