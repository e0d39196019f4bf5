// DESIGN.md §4: a host confirmed off is not used as a proxy (`powered-off`) until a status says
// on. The planner rejects it for every device; the host itself is still planned as the target.
import { describe, expect, it } from 'vitest'
import type { KnownPower } from '../../../../src-main/common/knownPower'
import { describeRejection } from '../../../../src-main/common/plan'
import { planHost } from '../../../../src-main/common/planner/planHost'
import { device, lab, names, rejectionOf } from './fixtures'

const AT = '2026-11-27T14:02:00.000Z'
const off = (hostId: string, at = AT): KnownPower => ({ hostId, power: 'off', at, action: 'off' })

describe('planHost: hosts known off', () => {
  it('rejects a host known off as powered-off, with when it was confirmed', () => {
    const plan = planHost(lab(), 'a1', { knownPower: [off('a2')] }).devices[0]!
    expect(names(plan.candidates)).toEqual(['a3', 'jump-a', 'b1', 'jump-b', 'jump-dc'])
    expect(rejectionOf(plan, 'a2')).toEqual({
      proxy: 'a2',
      proxyId: 'a2',
      reason: 'powered-off',
      via: 'cluster',
      since: AT,
    })
  })

  it('rejects it for every device of the target, whatever entry admits it', () => {
    const doc = lab()
    doc.hosts[0]!.powerManagement!.devices.push(
      device('psu2'),
      device('pdu', { order: 2, proxyPreferences: ['a2', 'engine'] }),
    )
    const plan = planHost(doc, 'a1', { knownPower: [off('a2')] })
    expect(plan.devices.map((d) => d.device)).toEqual(['psu1', 'psu2', 'pdu'])
    for (const d of plan.devices) {
      expect(names(d.candidates)).not.toContain('a2')
      expect(rejectionOf(d, 'a2').reason).toBe('powered-off')
    }
    expect(names(plan.devices[2]!.candidates)).toEqual(['engine'])
  })

  it('still plans the host itself: it is the target of its own status or power on', () => {
    const plan = planHost(lab(), 'a1', { knownPower: [off('a1')] }).devices[0]!
    expect(rejectionOf(plan, 'a1').reason).toBe('target')
    expect(names(plan.candidates)).toEqual(['a2', 'a3', 'jump-a', 'b1', 'jump-b', 'jump-dc'])
  })

  it('a later record that says on makes it a proxy again; unknown hosts change nothing', () => {
    const records: KnownPower[] = [
      off('a2'),
      { hostId: 'a2', power: 'on', at: '2026-11-27T14:05:00.000Z', action: 'status' },
      off('no-such-host'),
    ]
    const plan = planHost(lab(), 'a1', { knownPower: records }).devices[0]!
    expect(names(plan.candidates)).toContain('a2')
    expect(plan.rejected.some((r) => r.reason === 'powered-off')).toBe(false)
  })

  it('a status other than up is the reason given first (the admin said so)', () => {
    // h-a3 is a3's id; in maintenance and known off, it is rejected for its status.
    const doc = lab()
    doc.hosts[2]!.status = 'maintenance'
    const plan = planHost(doc, 'a1', { knownPower: [off('h-a3')] }).devices[0]!
    expect(rejectionOf(plan, 'a3').reason).toBe('status:maintenance')
  })

  it('says it in words, with the time and the way back', () => {
    // Confirmed today: the clock time alone; on another day the date as well.
    const words = describeRejection('powered-off', new Date().toISOString())
    expect(words).toMatch(/^is powered off \(confirmed \d\d:\d\d\) — a status that says on/)
    expect(describeRejection('powered-off', '2020-01-02T14:02:00.000Z')).toMatch(
      /^is powered off \(confirmed 2020-01-0\d \d\d:\d\d\)/,
    )
    expect(words).toContain('makes it a proxy again')
    expect(describeRejection('powered-off')).toBe(
      'is powered off — a status that says on makes it a proxy again',
    )
  })
})
