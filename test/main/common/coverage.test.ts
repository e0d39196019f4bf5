import { describe, expect, it } from 'vitest'
import { hostBudget } from '../../../src-main/common/budget'
import { computeCoverage, hasSpareRoute } from '../../../src-main/common/coverage/computeCoverage'
import type { CoverageReport } from '../../../src-main/common/coverage/computeCoverage'
import { formatCoverage } from '../../../src-main/common/coverage/formatCoverage'
import { resolveWithout, withoutNames } from '../../../src-main/common/coverage/without'
import type { TopologyDocument } from '../../../src-main/common/document'
import type { ReachabilityResult } from '../../../src-main/common/plan'
import { planHost } from '../../../src-main/common/planner/planHost'
import type { PlannerOptions } from '../../../src-main/common/planner/planHost'
import { DEFAULT_SETTINGS } from '../../../src-main/common/settings'
import { powerUnitOf, sharedPowerUnits } from '../../../src-main/common/sharedDevices'
import { coverageLab } from './coverageLab'
import { generated, host } from './planner/fixtures'

const at = '2026-11-27T10:00:00.000Z'
const failed = (hostId: string, deviceId: string, proxyId: string): ReachabilityResult => ({
  hostId,
  deviceId,
  proxyId,
  ok: false,
  at,
})

function byHost(report: CoverageReport) {
  return Object.fromEntries(report.hosts.map((h) => [h.host, h]))
}

/** What losing each machine alone does, by re-running coverage with it down: the slow truth. */
function spofsByBruteForce(doc: TopologyDocument, options: PlannerOptions) {
  const before = byHost(computeCoverage(doc, options))
  const ids = ['engine', ...doc.hosts.map((h) => h.id), ...doc.proxies.map((p) => p.id)]
  const found: Record<string, string[]> = {}
  for (const id of ids) {
    const after = computeCoverage(doc, options, { without: resolveWithout(doc, [id]) })
    const lost = after.hosts.filter((h) => !h.fenceable && before[h.host]?.fenceable)
    if (lost.length > 0) found[id] = lost.map((h) => h.host)
  }
  return found
}

function spofsOf(report: CoverageReport) {
  return Object.fromEntries(report.singlePointsOfFailure.map((s) => [s.machineId, s.hosts]))
}

describe('computeCoverage', () => {
  it('tells fenceable hosts, their routes, single routes and hosts with none', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      fencing: { ...DEFAULT_SETTINGS.fencing, budgetLimitMs: 3_600_000 },
    }
    const report = computeCoverage(coverageLab(), {}, { settings })
    const hosts = byHost(report)
    expect(Object.keys(hosts)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'r1'])

    expect(hosts.a1).toMatchObject({ fenceable: true, paths: 4, dependsOn: [] })
    expect(hosts.a1!.route).toEqual([{ device: 'psu1', proxy: 'a2' }])
    expect(hasSpareRoute(hosts.a1!)).toBe(true)

    expect(hosts.a2).toMatchObject({ fenceable: true, paths: 1, dependsOn: ['jump1'] })
    expect(hosts.a2!.route).toEqual([{ device: 'pdu', proxy: 'jump1' }])
    // Two groups, each through its own machine: two routes, nothing single to lose.
    expect(hosts.a3).toMatchObject({ fenceable: true, paths: 2, dependsOn: [] })
    expect(hosts.b1).toMatchObject({ paths: 1, dependsOn: ['b2'] })
    expect(hosts.b2).toMatchObject({ paths: 1, dependsOn: ['engine'] })

    expect(hosts.r1).toMatchObject({ fenceable: false, paths: 0, route: [] })
    expect(hosts.r1!.why).toBe('bmc: no proxy — x1 may not act as a proxy (canProxy is false)')
    expect(hosts.a1!.why).toBeUndefined()

    expect(report.summary).toEqual({
      hosts: 6,
      fenceable: 5,
      singleRoute: 3,
      noRoute: 1,
      overBudget: 0,
    })
  })

  it('lists every single point of failure — a jump box, a peer, the engine — as losing it shows', () => {
    const doc = coverageLab()
    const report = computeCoverage(doc)
    expect(report.singlePointsOfFailure).toEqual([
      { machine: 'jump1', machineId: 'p-jump1', kind: 'proxy', hosts: ['a2'] },
      { machine: 'b2', machineId: 'h-b2', kind: 'host', hosts: ['b1'] },
      { machine: 'engine', machineId: 'engine', kind: 'engine', hosts: ['b2'] },
    ])
    expect(spofsOf(report)).toEqual(spofsByBruteForce(doc, {}))
  })

  it('agrees with losing each machine in turn on a generated lab with failed tests', () => {
    const doc = generated(2, 2, 4)
    // Cluster c0-0's hosts may only be fenced through their cluster; some tests failed.
    for (const h of doc.hosts.slice(0, 4)) h.powerManagement!.proxyPreferences = ['cluster']
    doc.hosts[5]!.powerManagement!.proxyPreferences = ['h0-1-6', 'engine']
    const reachability = [
      failed('h0-0-0', 'h0-0-0-psu', 'h0-0-1'),
      failed('h0-0-0', 'h0-0-0-psu', 'h0-0-2'),
      failed('h0-0-1', 'h0-0-1-psu', 'h0-0-0'),
    ]
    const options: PlannerOptions = { reachability }
    const report = computeCoverage(doc, options)
    const spofs = spofsOf(report)
    expect(spofs).toEqual(spofsByBruteForce(doc, options))
    // h0-0-0: a1 and a2 failed, a3 is in maintenance: nobody; h0-0-1: h0-0-2 is its last.
    expect(byHost(report)['h0-0-0']).toMatchObject({ fenceable: false, paths: 0 })
    expect(spofs['h0-0-2']).toContain('h0-0-1')
  })

  it('counts a route whose proxy last failed a test of that device as broken', () => {
    const doc = coverageLab()
    const before = byHost(computeCoverage(doc)).a1!
    const report = computeCoverage(doc, {
      reachability: [failed('h-a1', 'psu1', 'h-a2'), failed('h-a1', 'psu1', 'h-a3')],
    })
    const a1 = byHost(report).a1!
    expect(before.paths).toBe(4)
    expect(a1.paths).toBe(2)
    // a2 and a3 failed: the first route is the data center's b1, the failed ones no longer count.
    expect(a1.route).toEqual([{ device: 'psu1', proxy: 'b1' }])
    // The engine still tries them, last: the budget is the plan's.
    expect(a1.budget).toEqual(before.budget)

    const allFailed = computeCoverage(doc, {
      reachability: ['h-a2', 'h-a3', 'h-b1', 'h-b2'].map((p) => failed('h-a1', 'psu1', p)),
    })
    expect(byHost(allFailed).a1).toMatchObject({ fenceable: false, paths: 0 })
    expect(byHost(allFailed).a1!.why).toBe(
      'psu1: every candidate last failed its test (a2, a3, b1 and 1 more)',
    )
  })

  it('finds the working route even when the first listed candidates all failed', () => {
    const doc = coverageLab()
    doc.hosts.push(host('h-a4', 'c1', { name: 'a4' }))
    doc.hosts[0]!.powerManagement!.devices[0]!.proxyPreferences = ['cluster', 'jump1']
    const report = computeCoverage(doc, {
      reachability: ['h-a2', 'h-a3', 'h-a4'].map((p) => failed('h-a1', 'psu1', p)),
    })
    expect(byHost(report).a1).toMatchObject({
      fenceable: true,
      paths: 1,
      route: [{ device: 'psu1', proxy: 'jump1' }],
      dependsOn: ['jump1'],
    })
    expect(spofsOf(report)['p-jump1']).toEqual(['a1', 'a2'])
  })

  it('answers "what if" with machines down, by id, name or address', () => {
    const doc = coverageLab()
    const report = computeCoverage(doc, {}, { without: ['jump1', 'h-b2', 'ENGINE.lab.example'] })
    const hosts = byHost(report)
    expect(report.without).toEqual({ machines: ['jump1', 'b2', 'engine'], units: [] })
    expect(hosts.a2).toMatchObject({ fenceable: false })
    expect(hosts.a2!.why).toBe('pdu: no proxy — jump1 is assumed down (what if)')
    expect(hosts.a3!.why).toBe(
      'pdu: no proxy — jump1 is assumed down (what if) · bmc: no proxy — engine is assumed down (what if)',
    )
    expect(hosts.b1).toMatchObject({ fenceable: false })
    expect(hosts.a1).toMatchObject({ fenceable: true, paths: 3 })
    // The plan says the same of a machine assumed down.
    const plan = planHost(doc, 'b1', { unavailable: new Set(['h-b2']) })
    expect(plan.devices[0]!.candidates).toEqual([])
    expect(plan.devices[0]!.rejected).toContainEqual({
      proxy: 'b2',
      proxyId: 'h-b2',
      reason: 'unavailable',
      via: 'b2',
    })
    expect(report.summary.noRoute).toBe(5)
  })

  it('recognises a shared PDU, and what losing it does', () => {
    const doc = coverageLab()
    const report = computeCoverage(doc)
    expect(report.sharedDevices).toEqual([
      {
        address: '10.0.0.200',
        name: '10.0.0.200',
        type: 'apc',
        hosts: ['a2', 'a3'],
        // a3 keeps its BMC.
        hostsLost: ['a2'],
        down: false,
      },
    ])
    const what = computeCoverage(doc, {}, { without: ['10.0.0.200'] })
    const hosts = byHost(what)
    expect(what.without).toEqual({ machines: [], units: ['10.0.0.200'] })
    expect(hosts.a2).toMatchObject({ fenceable: false, paths: 0 })
    expect(hosts.a2!.why).toBe('pdu: its power unit 10.0.0.200 is assumed down')
    expect(hosts.a3).toMatchObject({
      fenceable: true,
      paths: 1,
      route: [{ device: 'bmc', proxy: 'engine' }],
    })
    expect(what.sharedDevices[0]).toMatchObject({ down: true })
  })

  it('carries the budget of off, and flags a host over the limit', () => {
    const doc = coverageLab()
    const a1 = byHost(computeCoverage(doc)).a1!
    expect(a1.budget).toEqual({
      bestMs: hostBudget([{ device: 'psu1', order: 1, candidateCount: 4 }], 'off', DEFAULT_SETTINGS)
        .bestMs,
      worstMs: hostBudget(
        [{ device: 'psu1', order: 1, candidateCount: 4 }],
        'off',
        DEFAULT_SETTINGS,
      ).worstMs,
    })
    expect(a1.budget.bestMs).toBeLessThanOrEqual(a1.budget.worstMs)
    const a2 = byHost(computeCoverage(doc)).a2!
    expect(a1.budget.worstMs).toBeGreaterThan(a2.budget.worstMs)

    const settings = {
      ...DEFAULT_SETTINGS,
      fencing: { ...DEFAULT_SETTINGS.fencing, budgetLimitMs: a2.budget.worstMs },
    }
    const limited = byHost(computeCoverage(doc, {}, { settings }))
    expect(limited.a1!.overBudget).toBe(true)
    expect(limited.a2!.overBudget).toBe(false)
  })
})

describe('shared power units', () => {
  it('are one unit by type, address and port, whatever the plug or the case', () => {
    const unit = (params: Record<string, unknown>, type = 'apc') =>
      powerUnitOf({ type, params: params as never })?.key
    expect(unit({ ip: '10.0.0.200', plug: '1' })).toBe(unit({ ipaddr: '10.0.0.200', plug: '7' }))
    expect(unit({ ip: 'PDU1.lab.example.' })).toBe(unit({ ip: 'pdu1.lab.example' }))
    expect(unit({ ip: '10.0.0.200' })).not.toBe(unit({ ip: '10.0.0.200' }, 'wti'))
    expect(unit({ ip: '127.0.0.1', ipport: 9001 })).not.toBe(
      unit({ ip: '127.0.0.1', ipport: 9002 }),
    )
    expect(unit({ bmc: 'a1-psu1' }, 'sim')).toBeUndefined()
    expect(sharedPowerUnits(coverageLab()).map((u) => u.hosts)).toEqual([['a2', 'a3']])
  })
})

describe('resolveWithout', () => {
  it('names what it cannot find, and the names it knows', () => {
    const doc = coverageLab()
    const set = resolveWithout(doc, ['jump1', 'jmup1', ' ', '10.0.0.200', 'nowhere'])
    expect(set.machines).toEqual(['jump1'])
    expect(set.units).toEqual(['10.0.0.200'])
    expect(set.unknown).toEqual(['jmup1', 'nowhere'])
    expect(withoutNames(doc)).toEqual(
      expect.arrayContaining(['jump1', 'engine', 'a1', '10.0.0.200']),
    )
  })
})

describe('two groups through one machine', () => {
  it('count as two routes, and that machine as their single point of failure', () => {
    const doc = coverageLab()
    doc.hosts[2]!.powerManagement!.devices[1]!.proxyPreferences = ['jump1']
    const report = computeCoverage(doc)
    expect(byHost(report).a3).toMatchObject({ fenceable: true, paths: 2, dependsOn: ['jump1'] })
    expect(spofsOf(report)['p-jump1']).toEqual(['a2', 'a3'])
    expect(spofsOf(report)).toEqual(spofsByBruteForce(doc, {}))
    expect(formatCoverage(report)).toMatch(/^a3\s+one machine\s+2\s+pdu via jump1/m)
  })
})

describe('formatCoverage', () => {
  it('prints the table, the reasons, the single points of failure and the shared units', () => {
    const text = formatCoverage(computeCoverage(coverageLab(), {}, { without: ['b2'] }))
    const lines = text.split('\n')
    expect(lines[0]).toBe('What if these were down: b2')
    expect(lines[2]).toMatch(/^HOST\s+FENCEABLE\s+PATHS\s+FIRST ROUTE\s+OFF TAKES$/)
    expect(text).toMatch(/^a1\s+yes\s+3\s+psu1 via a2\s+\S+/m)
    expect(text).toMatch(/^a2\s+single route\s+1\s+pdu via jump1\s+\S+/m)
    expect(text).toMatch(/^b1\s+NO\s+0\s+—\s+—$/m)
    expect(text).toContain('  why: bmc: no proxy — b2 is assumed down (what if)')
    expect(text).toContain('  jump1 (proxy) — a2')
    expect(text).toContain('  engine (engine) — b2')
    expect(text).toContain('  10.0.0.200 (apc) — powers a2, a3; losing it leaves a2 with no route')
    expect(lines[lines.length - 1]).toBe(
      '4 of 6 hosts can be fenced, 2 through a single route or machine; 2 cannot.',
    )
  })
})
