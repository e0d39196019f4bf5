import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../../src-main/common/document'
import type { KnownPower } from '../../../../src-main/common/knownPower'
import type { ReachabilityResult } from '../../../../src-main/common/plan'
import { createPlanner, planHost } from '../../../../src-main/common/planner/planHost'
import type { PlannerOptions } from '../../../../src-main/common/planner/planHost'
import { LAB_PASS_FIRST } from '../../../../src-main/common/planner/labPass'
import { listMachines } from '../../../../src-main/common/planner/machines'
import { device, deviceOf, generated, host, lab, proxy } from './fixtures'

/** A small deterministic random source, so a failing seed can be replayed. */
function randomOf(seed: number) {
  let state = seed >>> 0 || 1
  const next = (): number => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
  const int = (n: number): number => Math.floor(next() * n)
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T
  return { next, int, pick, chance: (p: number) => next() < p }
}

const KEYWORDS = ['cluster', 'dc', 'other-dc', 'engine', 'Cluster', ' DC ', 'other_dc']

/**
 * A random lab with everything the planner looks at: several data centers and clusters, hosts in
 * every status, hosts that may not proxy, standalone proxies placed or not (some disabled), lists
 * at every level with keywords and named entries (some matching nothing, some by address), devices
 * of two types and several orders, test results, known power and missing agents.
 */
function randomLab(seed: number): { doc: TopologyDocument; options: PlannerOptions } {
  const r = randomOf(seed)
  const doc: TopologyDocument = {
    version: 1,
    engine: {
      name: 'engine',
      address: 'engine.lab.example',
      canProxy: r.chance(0.8),
      exec: 'local',
      ...(r.chance(0.1) ? { disabled: true } : {}),
    },
    dataCenters: [],
    clusters: [],
    hosts: [],
    proxies: [],
  }
  const names: string[] = ['engine', 'engine.lab.example', 'ghost.lab.example']
  const list = (): string[] =>
    Array.from({ length: 1 + r.int(3) }, () => (r.chance(0.7) ? r.pick(KEYWORDS) : r.pick(names)))
  const maybeList = (p: number) => (r.chance(p) ? { proxyPreferences: list() } : {})

  const dcs = 1 + r.int(3)
  for (let d = 0; d < dcs; d++) {
    doc.dataCenters.push({ id: `dc${d}`, name: `dc-${d}`, ...maybeList(0.2) })
    const clusters = 1 + r.int(3)
    for (let c = 0; c < clusters; c++)
      doc.clusters.push({
        id: `c${d}-${c}`,
        name: `c-${d}-${c}`,
        dataCenter: `dc${d}`,
        ...maybeList(0.2),
      })
  }
  const hostCount = 2 + r.int(25)
  for (let h = 0; h < hostCount; h++) {
    const id = `h${h}`
    names.push(id, `${id}.lab.example`)
    doc.hosts.push(
      host(id, r.pick(doc.clusters).id, {
        // Ids that are not names, sometimes.
        ...(r.chance(0.2) ? { name: `n${h}` } : {}),
        status: r.pick(['up', 'up', 'up', 'maintenance', 'down', 'non-responsive'] as const),
        canProxy: r.chance(0.85),
      }),
    )
  }
  const proxies = r.int(5)
  for (let p = 0; p < proxies; p++) {
    const name = `jump${p}`
    names.push(name)
    const where = r.int(3)
    doc.proxies.push(
      proxy(`p${p}`, name, {
        ...(where === 1 ? { cluster: r.pick(doc.clusters).id } : {}),
        ...(where === 2 ? { dataCenter: r.pick(doc.dataCenters).id } : {}),
        ...(r.chance(0.15) ? { disabled: true } : {}),
        ...(r.chance(0.1) ? { canProxy: false } : {}),
      }),
    )
  }
  if (r.chance(0.3)) doc.defaults = { proxyPreferences: list() }
  for (const h of doc.hosts) {
    if (r.chance(0.25)) continue
    const devices = Array.from({ length: 1 + r.int(3) }, (_, i) =>
      device(`d${i}`, {
        type: r.chance(0.7) ? 'ipmilan' : 'apc',
        order: 1 + r.int(2),
        ...maybeList(0.3),
      }),
    )
    h.powerManagement = { enabled: r.chance(0.85), devices, ...maybeList(0.3) }
  }

  const machines = listMachines(doc)
  const reachability: ReachabilityResult[] = []
  for (const h of doc.hosts) {
    for (const d of h.powerManagement?.devices ?? []) {
      if (!r.chance(0.4)) continue
      for (let i = 0; i < 1 + r.int(5); i++)
        reachability.push({
          hostId: h.id,
          deviceId: d.id,
          proxyId: r.pick(machines).id,
          ok: r.chance(0.6),
          at: `2026-11-2${r.int(3)}T10:00:00.000Z`,
        })
    }
  }
  const knownPower: KnownPower[] = doc.hosts
    .filter(() => r.chance(0.15))
    .map((h) => ({
      hostId: h.id,
      power: r.chance(0.7) ? 'off' : 'on',
      at: '2026-11-27T10:00:00Z',
      action: 'off',
    }))
  const lacking = new Set(machines.filter(() => r.chance(0.15)).map((m) => m.id))
  return {
    doc,
    options: {
      reachability,
      knownPower,
      agentOfType: (type) => (type === 'ipmilan' ? 'fence_ipmilan' : undefined),
      agentsOf: (id) => (lacking.has(id) ? new Set(['fence_apc']) : undefined),
    },
  }
}

/** Fails unless the pass says of every host and device what the host's own plan says. */
function expectAgreement(
  doc: TopologyDocument,
  options: PlannerOptions,
  first = LAB_PASS_FIRST,
  watch?: ReadonlySet<string>,
) {
  const planner = createPlanner(doc, options)
  const pass = planner.labPass({ first, ...(watch ? { watch } : {}) })
  const withDevices = doc.hosts.filter((h) => (h.powerManagement?.devices.length ?? 0) > 0)
  expect(pass.hosts.map((h) => h.hostId)).toEqual(withDevices.map((h) => h.id))
  for (const summary of pass.hosts) {
    const plan = planHost(doc, summary.hostId, options)
    expect(summary.enabled).toBe(plan.enabled)
    expect(summary.devices.map((d) => d.device)).toEqual(plan.devices.map((d) => d.device))
    summary.devices.forEach((d, i) => {
      const full = plan.devices[i]!
      const where = `${summary.hostId}/${d.device}`
      expect(d.candidateCount, where).toBe(full.candidates.length)
      expect(d.failedCount, where).toBe(full.candidates.filter((c) => c.reach === 'failed').length)
      expect(d.fenceable).toBe(full.candidates.length > 0)
      expect(d.candidates, where).toEqual(full.candidates.slice(0, first))
      if (watch)
        expect(d.watched, where).toBe(full.candidates.filter((c) => watch.has(c.proxyId)).length)
      else expect(d.watched).toBeUndefined()
    })
  }
}

describe('labPass', () => {
  it('agrees with planHost on every host of random labs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 6 }),
        (seed, first) => {
          const { doc, options } = randomLab(seed)
          expectAgreement(doc, options, first)
        },
      ),
      { numRuns: 300 },
    )
  })

  it("agrees with planHost with machines assumed down (coverage's what if)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const { doc, options } = randomLab(seed)
        const ids = ['engine', ...doc.hosts.map((h) => h.id), ...doc.proxies.map((p) => p.id)]
        const unavailable = new Set(ids.filter((_, i) => (seed >> (i % 16)) % 3 === 0))
        expectAgreement(doc, { ...options, unavailable })
      }),
      { numRuns: 100 },
    )
  })

  it('agrees with planHost on the generated scale lab', () => {
    expectAgreement(generated(3, 4, 25), {})
  })

  it('lists the first three candidates, how many there are, and marks a device no machine can fence', () => {
    const doc = lab()
    deviceOf(doc, 'a1', 'psu1').proxyPreferences = ['dc']
    doc.hosts.push(
      host('lonely', 'c3', {
        canProxy: false,
        powerManagement: {
          enabled: true,
          devices: [device('pdu', { proxyPreferences: ['cluster'] })],
        },
      }),
    )
    // r1 is the only other machine of cluster-r, and it is down.
    doc.hosts.find((h) => h.id === 'r1')!.status = 'down'
    const pass = createPlanner(doc).labPass()
    const a1 = pass.hosts.find((h) => h.hostId === 'a1')!.devices[0]!
    expect(a1.candidates.map((c) => c.proxy)).toEqual(['a2', 'a3', 'b1'])
    expect(a1.candidateCount).toBe(6)
    expect(a1.fenceable).toBe(true)
    const lonely = pass.hosts.find((h) => h.hostId === 'lonely')!.devices[0]!
    expect(lonely).toMatchObject({ fenceable: false, candidateCount: 0, candidates: [] })
  })

  it('puts a machine a test reached first within its entry, and one that failed last', () => {
    const doc = lab()
    const at = '2026-11-27T10:00:00.000Z'
    const reachability: ReachabilityResult[] = [
      { hostId: 'a1', deviceId: 'psu1', proxyId: 'p4', ok: true, at },
      { hostId: 'a1', deviceId: 'psu1', proxyId: 'a2', ok: false, at },
    ]
    const a1 = createPlanner(doc, { reachability }).labPass().hosts[0]!.devices[0]!
    // cluster: a3 (a2 failed, so last), then a2; dc: jump-dc reached first.
    expect(a1.candidates.map((c) => `${c.proxy}:${c.reach}`)).toEqual([
      'a3:untested',
      'jump-a:untested',
      'a2:failed',
    ])
    const more = createPlanner(doc, { reachability }).labPass({ first: 5 }).hosts[0]!.devices[0]!
    expect(more.candidates.map((c) => c.proxy)).toEqual(['a3', 'jump-a', 'a2', 'jump-dc', 'b1'])
  })
})
