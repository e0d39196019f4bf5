import { describe, expect, it } from 'vitest'
import { formatPlanTable, NO_CANDIDATE } from '../../../../src-main/common/planner/formatPlan'
import { planHost } from '../../../../src-main/common/planner/planHost'
import { device, deviceOf, hostOf, lab } from './fixtures'

describe('formatPlanTable', () => {
  it('prints each device with its list, numbered candidates and rejections in words', () => {
    const doc = lab()
    hostOf(doc, 'a3').status = 'maintenance'
    deviceOf(doc, 'a1', 'psu1').proxyPreferences = ['cluster', 'engine', 'ghost.lab.example']
    const plan = planHost(doc, 'a1', {
      reachability: [
        { hostId: 'a1', deviceId: 'psu1', proxyId: 'p2', ok: true, at: '2025-01-01T00:00:00Z' },
        { hostId: 'a1', deviceId: 'psu1', proxyId: 'a2', ok: false, at: '2025-01-01T00:00:00Z' },
      ],
    })
    expect(formatPlanTable(plan, { maxNotListed: 2 })).toBe(
      [
        'a1 — power management enabled',
        '',
        'psu1 (ipmilan, order 1) — preferences cluster, engine, ghost.lab.example (from device)',
        '  1. jump-a  via cluster  [reachable]',
        '  2. a2      via cluster  [last test failed]',
        '  3. engine  via engine   [untested]',
        '  unknown references: ghost.lab.example',
        '  rejected:',
        '    a1 — is the host being fenced',
        '    a3 — is in maintenance',
        '    b1 — no preference entry admits it',
        '    r1 — no preference entry admits it',
        '    … and 4 more that are not listed',
      ].join('\n'),
    )
  })

  it('names the origin of an inherited list', () => {
    const doc = lab()
    const cluster = doc.clusters.find((c) => c.id === 'c1')
    if (cluster) cluster.proxyPreferences = ['dc']
    expect(formatPlanTable(planHost(doc, 'a1'))).toContain(
      'psu1 (ipmilan, order 1) — preferences dc (from cluster cluster-a)',
    )
    if (cluster) delete cluster.proxyPreferences
    expect(formatPlanTable(planHost(doc, 'a1'))).toContain(
      'preferences cluster, dc (built-in default)',
    )
  })

  it('flags a device with no candidate', () => {
    const doc = lab()
    hostOf(doc, 'a1').powerManagement = {
      enabled: false,
      devices: [device('pdu', { type: 'apc', order: 2, proxyPreferences: ['other-dc'] })],
    }
    for (const h of doc.hosts) if (h.id !== 'a1') h.status = 'down'
    for (const p of doc.proxies) p.disabled = true
    const text = formatPlanTable(planHost(doc, 'a1'))
    expect(text.split('\n').slice(0, 4)).toEqual([
      'a1 — power management disabled',
      '',
      'pdu (apc, order 2) — preferences other-dc (from device)',
      `  ${NO_CANDIDATE}`,
    ])
    expect(text).toContain('    r1 — is down, not up')
    expect(text).toContain('    jump-r — is disabled')
  })

  it('says when a host has no devices', () => {
    expect(formatPlanTable(planHost(lab(), 'b1'))).toBe(
      'b1 (h-b1) — power management disabled\nno fence devices',
    )
  })
})
