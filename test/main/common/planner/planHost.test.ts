import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../../src-main/common/document'
import type { DevicePlan, ReachabilityResult } from '../../../../src-main/common/plan'
import { parsePreferenceText } from '../../../../src-main/common/preferences'
import { createPlanner, planHost, PlanError } from '../../../../src-main/common/planner/planHost'
import type { PlanOptions } from '../../../../src-main/common/planner/planHost'
import { listMachines } from '../../../../src-main/common/planner/machines'
import {
  device,
  deviceOf,
  generated,
  host,
  hostOf,
  lab,
  names,
  proxyOf,
  rejectionOf,
} from './fixtures'

/** The plan of a1's psu1 with this device list (undefined: inherit). */
function planA1(doc: TopologyDocument, list?: string[], options: PlanOptions = {}): DevicePlan {
  if (list !== undefined) deviceOf(doc, 'a1', 'psu1').proxyPreferences = list
  const plan = planHost(doc, 'a1', options).devices[0]
  if (!plan) throw new Error('no device plan')
  return plan
}

const result = (
  proxyId: string,
  ok: boolean,
  at: string,
  extra: Partial<ReachabilityResult> = {},
): ReachabilityResult => ({ hostId: 'a1', deviceId: 'psu1', proxyId, ok, at, ...extra })

describe('planHost: entries', () => {
  it('cluster admits the hosts of the target cluster and the proxies placed in it', () => {
    const plan = planA1(lab(), ['cluster'])
    expect(names(plan.candidates)).toEqual(['a2', 'a3', 'jump-a'])
    expect(plan.candidates.every((c) => c.via === 'cluster')).toBe(true)
    expect(rejectionOf(plan, 'a1')).toEqual({
      proxy: 'a1',
      proxyId: 'a1',
      reason: 'target',
      via: 'cluster',
    })
  })

  it('dc admits the hosts of every cluster of the data center and proxies placed in it or them', () => {
    const plan = planA1(lab(), ['dc'])
    expect(names(plan.candidates)).toEqual(['a2', 'a3', 'b1', 'jump-a', 'jump-b', 'jump-dc'])
    expect(names(plan.candidates)).not.toContain('r1')
    expect(names(plan.candidates)).not.toContain('jump-r')
  })

  it('engine admits the engine', () => {
    const plan = planA1(lab(), ['engine'])
    expect(plan.candidates).toEqual([
      { proxy: 'engine', proxyId: 'engine', via: 'engine', reach: 'untested' },
    ])
  })

  it('other-dc admits hosts and proxies of the other data centers only', () => {
    const plan = planA1(lab(), ['other-dc'])
    expect(names(plan.candidates)).toEqual(['r1', 'jump-r'])
    expect(plan.candidates.every((c) => c.via === 'other-dc')).toBe(true)
  })

  it('a named entry admits the one machine by name, FQDN, IP or ssh.host, case-insensitively', () => {
    const doc = lab()
    hostOf(doc, 'b1').ssh = { host: 'oob-b1.lab.example' }
    const plan = planA1(doc, ['JUMP1.lab.example', '10.0.0.7', 'a3', 'OOB-B1.lab.example'])
    expect(plan.candidates.map((c) => [c.proxy, c.via])).toEqual([
      ['jump1', 'JUMP1.lab.example'],
      ['r1', '10.0.0.7'],
      ['a3', 'a3'],
      ['b1', 'OOB-B1.lab.example'],
    ])
    expect(plan.unknownReferences).toEqual([])
  })

  it('a named entry can admit the engine by its address', () => {
    const plan = planA1(lab(), ['engine.lab.example'])
    expect(plan.candidates).toEqual([
      { proxy: 'engine', proxyId: 'engine', via: 'engine.lab.example', reach: 'untested' },
    ])
  })

  it('an unplaced standalone proxy is admitted only by name', () => {
    const plan = planA1(lab(), ['engine', 'cluster', 'dc', 'other-dc'])
    expect(names(plan.candidates)).not.toContain('jump1')
    expect(rejectionOf(plan, 'jump1')).toEqual({
      proxy: 'jump1',
      proxyId: 'p1',
      reason: 'not-listed',
    })
  })

  it('reads keyword spellings a hand-edited document may hold', () => {
    const plan = planA1(lab(), [' Cluster ', 'OTHER_DC'])
    expect(plan.candidates.map((c) => c.via)).toEqual([
      'cluster',
      'cluster',
      'cluster',
      'other-dc',
      'other-dc',
    ])
    expect(plan.unknownReferences).toEqual([])
  })
})

describe('planHost: walking the list', () => {
  it('does not repeat a machine admitted by an earlier entry', () => {
    const plan = planA1(lab(), ['cluster', 'dc', 'a2', 'engine', 'engine'])
    expect(plan.candidates.map((c) => [c.proxy, c.via])).toEqual([
      ['a2', 'cluster'],
      ['a3', 'cluster'],
      ['jump-a', 'cluster'],
      ['b1', 'dc'],
      ['jump-b', 'dc'],
      ['jump-dc', 'dc'],
      ['engine', 'engine'],
    ])
    // a2 matched something, so it is not unknown; the target keeps the entry that first admitted it.
    expect(plan.unknownReferences).toEqual([])
    expect(rejectionOf(plan, 'a1').via).toBe('cluster')
  })

  it('keeps entry order across kinds', () => {
    const plan = planA1(lab(), ['engine', 'other-dc', 'cluster'])
    expect(names(plan.candidates)).toEqual(['engine', 'r1', 'jump-r', 'a2', 'a3', 'jump-a'])
  })

  it('rejects every machine no entry admits as not-listed, without via', () => {
    const doc = lab()
    const plan = planA1(doc, ['cluster'])
    const notListed = plan.rejected.filter((r) => r.reason === 'not-listed')
    expect(names(notListed)).toEqual(['engine', 'b1', 'r1', 'jump1', 'jump-b', 'jump-dc', 'jump-r'])
    expect(notListed.every((r) => r.via === undefined && !('via' in r))).toBe(true)
  })

  it('accounts for every machine exactly once', () => {
    const doc = lab()
    const plan = planA1(doc, ['dc', 'jump1.lab.example'])
    const all = [...plan.candidates, ...plan.rejected].map((m) => m.proxyId).sort()
    expect(all).toEqual(
      listMachines(doc)
        .map((m) => m.id)
        .sort(),
    )
  })

  it('names the target as the target even when no entry admits it', () => {
    const plan = planA1(lab(), ['engine'])
    expect(rejectionOf(plan, 'a1')).toEqual({ proxy: 'a1', proxyId: 'a1', reason: 'target' })
  })

  it('reports named entries that match nothing, once each', () => {
    const plan = planA1(lab(), ['ghost.lab.example', 'cluster', 'GHOST.lab.example', '192.0.2.99'])
    expect(plan.unknownReferences).toEqual(['ghost.lab.example', '192.0.2.99'])
    expect(names(plan.candidates)).toEqual(['a2', 'a3', 'jump-a'])
  })
})

describe('planHost: which list applies', () => {
  function levels(): TopologyDocument {
    const doc = lab()
    doc.defaults = { proxyPreferences: ['other-dc'] }
    const dc = doc.dataCenters.find((d) => d.id === 'dc1')
    const cluster = doc.clusters.find((c) => c.id === 'c1')
    if (!dc || !cluster) throw new Error('fixture changed')
    dc.proxyPreferences = ['dc']
    cluster.proxyPreferences = ['cluster', 'engine']
    const pm = hostOf(doc, 'a1').powerManagement
    if (!pm) throw new Error('fixture changed')
    pm.proxyPreferences = ['jump1']
    deviceOf(doc, 'a1', 'psu1').proxyPreferences = ['engine']
    return doc
  }

  it('uses the device list first', () => {
    const plan = planA1(levels())
    expect(plan.preferences).toEqual({ list: ['engine'], from: 'device' })
    expect(names(plan.candidates)).toEqual(['engine'])
  })

  it('then the host list', () => {
    const doc = levels()
    delete deviceOf(doc, 'a1', 'psu1').proxyPreferences
    const plan = planA1(doc)
    expect(plan.preferences).toEqual({ list: ['jump1'], from: 'host' })
    expect(names(plan.candidates)).toEqual(['jump1'])
  })

  it('then the cluster list, naming the cluster', () => {
    const doc = levels()
    delete deviceOf(doc, 'a1', 'psu1').proxyPreferences
    delete hostOf(doc, 'a1').powerManagement?.proxyPreferences
    const plan = planA1(doc)
    expect(plan.preferences).toEqual({
      list: ['cluster', 'engine'],
      from: 'cluster',
      fromName: 'cluster-a',
    })
  })

  it('then the data center list, naming the data center', () => {
    const doc = levels()
    delete deviceOf(doc, 'a1', 'psu1').proxyPreferences
    delete hostOf(doc, 'a1').powerManagement?.proxyPreferences
    for (const c of doc.clusters) delete c.proxyPreferences
    const plan = planA1(doc)
    expect(plan.preferences).toEqual({ list: ['dc'], from: 'dataCenter', fromName: 'Default' })
  })

  it('then the document defaults', () => {
    const doc = levels()
    delete deviceOf(doc, 'a1', 'psu1').proxyPreferences
    delete hostOf(doc, 'a1').powerManagement?.proxyPreferences
    for (const c of doc.clusters) delete c.proxyPreferences
    for (const d of doc.dataCenters) delete d.proxyPreferences
    const plan = planA1(doc)
    expect(plan.preferences).toEqual({ list: ['other-dc'], from: 'defaults' })
    expect(names(plan.candidates)).toEqual(['r1', 'jump-r'])
  })

  it('else the built-in cluster, dc', () => {
    const plan = planA1(lab())
    expect(plan.preferences).toEqual({ list: ['cluster', 'dc'], from: 'builtin' })
  })

  it('treats an empty list as unset at every level', () => {
    const doc = levels()
    deviceOf(doc, 'a1', 'psu1').proxyPreferences = []
    expect(planA1(doc).preferences.from).toBe('host')
    doc.defaults = { proxyPreferences: [] }
    for (const c of doc.clusters) c.proxyPreferences = []
    for (const d of doc.dataCenters) d.proxyPreferences = []
    const pm = hostOf(doc, 'a1').powerManagement
    if (pm) pm.proxyPreferences = []
    expect(planA1(doc).preferences.from).toBe('builtin')
  })

  it('takes the cluster and data center of the host, not of another one', () => {
    const doc = levels()
    const other = doc.clusters.find((c) => c.id === 'c3')
    if (other) other.proxyPreferences = ['other-dc']
    delete deviceOf(doc, 'a1', 'psu1').proxyPreferences
    delete hostOf(doc, 'a1').powerManagement?.proxyPreferences
    expect(planA1(doc).preferences.fromName).toBe('cluster-a')
  })

  it('does not share the list array with the document', () => {
    const doc = lab()
    const plan = planA1(doc, ['cluster'])
    plan.preferences.list.push('engine')
    expect(deviceOf(doc, 'a1', 'psu1').proxyPreferences).toEqual(['cluster'])
  })
})

describe('planHost: rejections', () => {
  it('rejects a host that is not up with its status', () => {
    const doc = lab()
    hostOf(doc, 'a2').status = 'maintenance'
    hostOf(doc, 'a3').status = 'non-responsive'
    const plan = planA1(doc, ['cluster'])
    expect(names(plan.candidates)).toEqual(['jump-a'])
    expect(rejectionOf(plan, 'a2')).toEqual({
      proxy: 'a2',
      proxyId: 'a2',
      reason: 'status:maintenance',
      via: 'cluster',
    })
    expect(rejectionOf(plan, 'a3').reason).toBe('status:non-responsive')
  })

  it('rejects a machine that may not proxy', () => {
    const doc = lab()
    hostOf(doc, 'a2').canProxy = false
    proxyOf(doc, 'p2').canProxy = false
    doc.engine.canProxy = false
    const plan = planA1(doc, ['engine', 'cluster'])
    expect(names(plan.candidates)).toEqual(['a3'])
    expect(rejectionOf(plan, 'engine')).toEqual({
      proxy: 'engine',
      proxyId: 'engine',
      reason: 'not-a-proxy',
      via: 'engine',
    })
    expect(rejectionOf(plan, 'a2').reason).toBe('not-a-proxy')
    expect(rejectionOf(plan, 'jump-a').reason).toBe('not-a-proxy')
  })

  it('rejects a disabled engine or proxy', () => {
    const doc = lab()
    doc.engine.disabled = true
    proxyOf(doc, 'p2').disabled = true
    const plan = planA1(doc, ['engine', 'cluster'])
    expect(names(plan.candidates)).toEqual(['a2', 'a3'])
    expect(rejectionOf(plan, 'engine').reason).toBe('disabled')
    expect(rejectionOf(plan, 'jump-a')).toMatchObject({ reason: 'disabled', via: 'cluster' })
  })

  it('rejects a machine whose discovered agents lack the device agent', () => {
    const agents = new Map([
      ['a2', new Set(['fence_apc'])],
      ['a3', new Set(['fence_apc', 'fence_ipmilan'])],
      // jump-a is not discovered: it stays a candidate.
    ])
    const plan = planA1(lab(), ['cluster'], {
      agentsOf: (id) => agents.get(id),
      agentOfType: (type) => (type === 'ipmilan' ? 'fence_ipmilan' : undefined),
    })
    expect(names(plan.candidates)).toEqual(['a3', 'jump-a'])
    expect(rejectionOf(plan, 'a2')).toMatchObject({ reason: 'agent-missing', via: 'cluster' })
  })

  it('does not check agents for a device type whose agent is unknown', () => {
    const plan = planA1(lab(), ['cluster'], {
      agentsOf: () => new Set<string>(),
      agentOfType: () => undefined,
    })
    expect(names(plan.candidates)).toEqual(['a2', 'a3', 'jump-a'])
  })

  it('asks for the agent of the device type being planned', () => {
    const doc = lab()
    deviceOf(doc, 'a1', 'psu1').type = 'apc'
    const asked: string[] = []
    const plan = planA1(doc, ['cluster'], {
      agentsOf: () => new Set(['fence_ipmilan']),
      agentOfType: (type) => {
        asked.push(type)
        return `fence_${type}`
      },
    })
    expect(asked).toEqual(['apc'])
    expect(plan.candidates).toEqual([])
  })

  it('gives the first matching reason: target, disabled, not-a-proxy, status, agent-missing', () => {
    const doc = lab()
    const a1 = hostOf(doc, 'a1')
    a1.status = 'down'
    a1.canProxy = false
    hostOf(doc, 'a2').canProxy = false
    hostOf(doc, 'a2').status = 'maintenance'
    hostOf(doc, 'a3').status = 'down'
    proxyOf(doc, 'p2').disabled = true
    proxyOf(doc, 'p2').canProxy = false
    const plan = planA1(doc, ['cluster'], {
      agentsOf: () => new Set(),
      agentOfType: () => 'fence_ipmilan',
    })
    expect(plan.rejected.map((r) => [r.proxy, r.reason]).slice(0, 4)).toEqual([
      ['a1', 'target'],
      ['a2', 'not-a-proxy'],
      ['a3', 'status:down'],
      ['jump-a', 'disabled'],
    ])
  })
})

describe('planHost: reachability', () => {
  it('orders each entry: reachable, then untested, then last failed', () => {
    const plan = planA1(lab(), ['cluster', 'dc'], {
      reachability: [
        result('a2', false, '2025-01-01T10:00:00Z'),
        result('p2', true, '2025-01-01T10:00:00Z'),
        result('h-b1', false, '2025-01-01T10:00:00Z'),
        result('p4', true, '2025-01-01T10:00:00Z'),
      ],
    })
    expect(plan.candidates.map((c) => [c.proxy, c.reach])).toEqual([
      ['jump-a', 'ok'],
      ['a3', 'untested'],
      ['a2', 'failed'],
      // The order holds within an entry only: a failed cluster host still comes before dc.
      ['jump-dc', 'ok'],
      ['jump-b', 'untested'],
      ['b1', 'failed'],
    ])
  })

  it('keeps document order among equals', () => {
    const plan = planA1(lab(), ['dc'], {
      reachability: ['a2', 'h-a3', 'h-b1', 'p2', 'p3', 'p4'].map((id) =>
        result(id, true, '2025-01-01T10:00:00Z'),
      ),
    })
    expect(names(plan.candidates)).toEqual(['a2', 'a3', 'b1', 'jump-a', 'jump-b', 'jump-dc'])
  })

  it('uses the latest result by time, not by position', () => {
    const plan = planA1(lab(), ['cluster'], {
      reachability: [
        // Results name machines by id: a3's is h-a3.
        result('h-a3', false, '2025-03-01T00:00:00Z'),
        result('h-a3', true, '2025-01-01T00:00:00Z'),
        result('a2', false, '2025-01-01T00:00:00Z'),
        result('a2', true, '2025-02-01T00:00:00+01:00'),
      ],
    })
    expect(plan.candidates.map((c) => [c.proxy, c.reach])).toEqual([
      ['a2', 'ok'],
      ['jump-a', 'untested'],
      ['a3', 'failed'],
    ])
  })

  it('lets the later of two results with the same time win', () => {
    const plan = planA1(lab(), ['cluster'], {
      reachability: [
        result('a2', true, '2025-01-01T00:00:00Z'),
        result('a2', false, '2025-01-01T00:00:00Z'),
      ],
    })
    expect(plan.candidates.find((c) => c.proxy === 'a2')?.reach).toBe('failed')
  })

  it('ignores results of another device or another host', () => {
    const plan = planA1(lab(), ['cluster'], {
      reachability: [
        result('h-a3', true, '2025-01-01T00:00:00Z', { deviceId: 'other' }),
        result('h-a3', true, '2025-01-01T00:00:00Z', { hostId: 'a2' }),
      ],
    })
    expect(plan.candidates.map((c) => c.reach)).toEqual(['untested', 'untested', 'untested'])
  })
})

describe('planHost: hosts and devices', () => {
  function twoDevices(): TopologyDocument {
    const doc = lab()
    hostOf(doc, 'a1').powerManagement = {
      enabled: false,
      devices: [
        device('pdu', { type: 'apc', order: 2, proxyPreferences: ['engine'] }),
        device('psu2', { order: 1 }),
        device('psu1', { order: 1 }),
      ],
    }
    return doc
  }

  it('sorts devices by order, then document order', () => {
    const plan = planHost(twoDevices(), 'a1')
    expect(plan.devices.map((d) => [d.device, d.type, d.order])).toEqual([
      ['psu2', 'ipmilan', 1],
      ['psu1', 'ipmilan', 1],
      ['pdu', 'apc', 2],
    ])
    expect(plan.enabled).toBe(false)
    expect(plan.devices[2]?.preferences.from).toBe('device')
    expect(plan.devices[0]?.preferences.from).toBe('builtin')
  })

  it('plans one device when asked', () => {
    const plan = planHost(twoDevices(), 'a1', { deviceId: 'pdu' })
    expect(plan.devices.map((d) => d.device)).toEqual(['pdu'])
  })

  it('finds the host by id or by name, and reports both', () => {
    const doc = lab()
    hostOf(doc, 'a1').name = 'alpha-1'
    expect(planHost(doc, 'alpha-1')).toMatchObject({ host: 'alpha-1', hostId: 'a1', enabled: true })
    expect(planHost(doc, 'a1').host).toBe('alpha-1')
  })

  it('plans a host without power management as having no devices', () => {
    const plan = planHost(lab(), 'b1')
    expect(plan).toEqual({ host: 'b1', hostId: 'h-b1', enabled: false, devices: [] })
    expect(planHost(lab(), 'h-b1')).toEqual(plan)
  })

  it('throws a PlanError for an unknown host or device', () => {
    const doc = lab()
    expect(() => planHost(doc, 'nope')).toThrow(PlanError)
    expect(() => planHost(doc, 'nope')).toThrow(/no host with id or name "nope"/)
    try {
      planHost(doc, 'a1', { deviceId: 'psu9' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(PlanError)
      expect(error).toMatchObject({ code: 'unknown-device', reference: 'psu9', name: 'PlanError' })
      expect((error as Error).message).toContain('"psu9"')
    }
    expect(() => planHost(doc, 'b1', { deviceId: 'psu1' })).toThrow(/has no fence device/)
  })

  it('plans for the given host: its own cluster and data center', () => {
    const doc = lab()
    hostOf(doc, 'r1').powerManagement = { enabled: true, devices: [device('r-psu')] }
    const plan = planHost(doc, 'r1').devices[0]
    expect(names(plan?.candidates ?? [])).toEqual(['jump-r'])
    expect(rejectionOf(plan as DevicePlan, 'r1').reason).toBe('target')
  })
})

describe('planHost: the seed examples', () => {
  const seed = (text: string): string[] => {
    const parsed = parsePreferenceText(text)
    expect(parsed.errors).toEqual([])
    return parsed.entries
  }

  it('Cluster, Engine', () => {
    const plan = planA1(lab(), seed('Cluster, Engine'))
    expect(plan.candidates.map((c) => [c.proxy, c.via])).toEqual([
      ['a2', 'cluster'],
      ['a3', 'cluster'],
      ['jump-a', 'cluster'],
      ['engine', 'engine'],
    ])
  })

  it('fqdn1/ip1,fqdn2/ip2 as one entry by FQDN and one by IP', () => {
    const plan = planA1(lab(), seed('jump1.lab.example,10.0.0.7'))
    expect(plan.preferences.list).toEqual(['jump1.lab.example', '10.0.0.7'])
    expect(plan.candidates.map((c) => [c.proxy, c.via])).toEqual([
      ['jump1', 'jump1.lab.example'],
      ['r1', '10.0.0.7'],
    ])
  })

  it('Cluster, DC', () => {
    const plan = planA1(lab(), seed('Cluster, DC'))
    expect(plan.preferences).toEqual({ list: ['cluster', 'dc'], from: 'device' })
    expect(names(plan.candidates)).toEqual(['a2', 'a3', 'jump-a', 'b1', 'jump-b', 'jump-dc'])
  })

  it('the default: nothing typed means the built-in cluster, dc', () => {
    const plan = planA1(lab(), seed(''))
    expect(plan.preferences).toEqual({ list: ['cluster', 'dc'], from: 'builtin' })
    expect(names(plan.candidates)).toEqual(['a2', 'a3', 'jump-a', 'b1', 'jump-b', 'jump-dc'])
  })
})

describe('createPlanner', () => {
  it('plans many hosts with the same result as planHost', () => {
    const doc = lab()
    for (const id of ['a2', 'b1', 'r1'])
      hostOf(doc, id).powerManagement = { enabled: true, devices: [device(`${id}-psu`)] }
    const reachability = [
      result('h-a3', true, '2025-01-01T00:00:00Z', { hostId: 'a2', deviceId: 'a2-psu' }),
    ]
    const planner = createPlanner(doc, { reachability })
    // By id and by name (b1's id is h-b1).
    for (const id of ['a1', 'a2', 'b1', 'h-b1', 'r1'])
      expect(planner.planHost(id)).toEqual(planHost(doc, id, { reachability }))
    expect(planner.planHost('a2').devices[0]?.candidates[0]).toMatchObject({
      proxy: 'a3',
      reach: 'ok',
    })
  })

  // Speed is measured by `npm run bench`, not here; this checks the counts at that size.
  it('plans hosts of a 10,000-host topology', () => {
    const doc = generated(10, 10, 100)
    expect(doc.hosts).toHaveLength(10_000)
    const first = planHost(doc, 'h0-0-0').devices[0]
    // cluster: 99 others (10 in maintenance); dc: 900 more hosts and the dc proxy.
    expect(first?.candidates).toHaveLength(89 + 810 + 1)
    expect(first?.rejected).toHaveLength(10_011 - 900)

    const planner = createPlanner(doc)
    const last = planner.planHost('h9-9-99').devices[0]
    expect(last?.candidates.map((c) => c.proxy)).not.toContain('h9-9-99')
    expect(last?.candidates).toHaveLength(first?.candidates.length ?? -1)
  })
})

describe('planHost: invariants', () => {
  const entry = fc.constantFrom(
    'engine',
    'cluster',
    'dc',
    'other-dc',
    'jump1',
    '10.0.0.7',
    'a2',
    'ghost',
  )
  const status = fc.constantFrom('up', 'up', 'maintenance', 'down' as const)

  it('accounts for every machine once, never offers the target, keeps entries in order', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 6 }),
        fc.array(
          fc.record({ cluster: fc.constantFrom('c1', 'c2', 'c3'), status, canProxy: fc.boolean() }),
          {
            maxLength: 6,
          },
        ),
        (list, extra) => {
          const doc = lab()
          extra.forEach((e, i) => doc.hosts.push(host(`x${i}`, e.cluster, e)))
          const plan = planA1(doc, list)
          const ids = [...plan.candidates, ...plan.rejected].map((m) => m.proxyId).sort()
          expect(ids).toEqual(
            listMachines(doc)
              .map((m) => m.id)
              .sort(),
          )
          expect(plan.candidates.map((c) => c.proxyId)).not.toContain('a1')
          const canonical = plan.preferences.list
          const positions = plan.candidates.map((c) => canonical.indexOf(c.via))
          expect(positions).toEqual([...positions].sort((a, b) => a - b))
        },
      ),
    )
  })
})

describe('planHost without the machines no entry admits', () => {
  it('gives the full plan less its not-listed rejections', () => {
    const doc = lab()
    doc.hosts[0]!.powerManagement!.devices[0]!.proxyPreferences = ['cluster', 'jump1']
    const planner = createPlanner(doc)
    const full = planner.planHost('a1')
    const short = planner.planHost('a1', undefined, { notListed: false })
    expect(full.devices[0]!.rejected.some((r) => r.reason === 'not-listed')).toBe(true)
    expect(short.devices).toEqual(
      full.devices.map((d) => ({
        ...d,
        rejected: d.rejected.filter((r) => r.reason !== 'not-listed'),
      })),
    )
  })
})
