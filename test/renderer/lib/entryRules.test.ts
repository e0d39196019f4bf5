// The editor's machine pickers and inherited chips follow the planner's rules (src-main/common):
// these compare the renderer's answers with the planner's on the same document.
import { describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import { planHost } from '../../../src-main/common/planner/planHost'
import {
  inheritedByCluster,
  inheritedByDataCenter,
  inheritedByDevice,
  inheritedByHost,
} from '../../../src-renderer/src/lib/inheritance'
import {
  machineChoices,
  machineOfEntry,
  referencesToMachine,
  renameMachineReferences,
} from '../../../src-renderer/src/lib/model'

type Host = TopologyDocument['hosts'][number]
type PowerManagement = NonNullable<Host['powerManagement']>

/** An up host that may proxy, with one IPMI device. */
function host(
  id: string,
  name: string,
  cluster: string,
  pm: Partial<PowerManagement> = {},
  extra: Partial<Host> = {},
): Host {
  const devices = [{ id: 'psu1', type: 'ipmilan', order: 1, params: {} }]
  return {
    id,
    name,
    address: `${name}.lab.example`,
    cluster,
    status: 'up',
    canProxy: true,
    powerManagement: { enabled: true, devices, ...pm },
    ...extra,
  }
}

function lab(): TopologyDocument {
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    defaults: { proxyPreferences: ['engine'] },
    dataCenters: [
      { id: 'dc1', name: 'Default', proxyPreferences: ['dc'] },
      { id: 'dc2', name: 'Remote' },
    ],
    clusters: [
      { id: 'c1', name: 'cluster-a', dataCenter: 'dc1', proxyPreferences: ['cluster'] },
      { id: 'c2', name: 'cluster-b', dataCenter: 'dc1' },
      { id: 'c3', name: 'cluster-r', dataCenter: 'dc2' },
    ],
    hosts: [
      host('h1', 'a1', 'c1', { proxyPreferences: ['other-dc'] }),
      host('h2', 'a2', 'c1', {}, { ssh: { host: '192.0.2.2' } }),
      host('h3', 'b1', 'c2'),
      host('h4', 'r1', 'c3'),
    ],
    proxies: [
      { id: 'p1', name: 'jump1', address: 'jump1.lab.example', dataCenter: 'dc2' },
      { id: 'p2', name: 'jump2', address: 'jump2.lab.example' },
    ],
  }
}

describe('inherited lists', () => {
  it('what a device inherits is the list the planner applies, and where it came from', () => {
    const doc = lab()
    const expected: Record<string, [string[], string]> = {
      h1: [['other-dc'], 'host a1'],
      h2: [['cluster'], 'cluster cluster-a'],
      h3: [['dc'], 'data center Default'],
      h4: [['engine'], 'the defaults'],
    }
    for (const host of doc.hosts) {
      const chip = inheritedByDevice(doc, host.id)
      const planned = planHost(doc, host.id).devices[0]!.preferences
      expect(chip.list, host.id).toEqual(planned.list)
      expect([chip.list, chip.from], host.id).toEqual(expected[host.id])
    }
  })

  it('each level inherits from the levels above it only', () => {
    const doc = lab()
    // a1 has its own list; the host level shows what it overrides.
    expect(inheritedByHost(doc, 'h1')).toEqual({ list: ['cluster'], from: 'cluster cluster-a' })
    expect(inheritedByCluster(doc, 'c1')).toEqual({ list: ['dc'], from: 'data center Default' })
    expect(inheritedByCluster(doc, 'c3')).toEqual({ list: ['engine'], from: 'the defaults' })
    delete doc.defaults
    expect(inheritedByDataCenter(doc)).toEqual({ list: ['cluster', 'dc'], from: 'built-in' })
  })
})

describe('machines named by entries', () => {
  it('lists the machines as the planner does, with where each sits', () => {
    expect(machineChoices(lab()).map((m) => [m.id, m.where])).toEqual([
      ['engine', 'engine'],
      ['h1', 'cluster-a'],
      ['h2', 'cluster-a'],
      ['h3', 'cluster-b'],
      ['h4', 'cluster-r'],
      ['p1', 'Remote'],
      ['p2', 'standalone'],
    ])
  })

  it('matches an entry by name, FQDN, IP or ssh.host, in any case, as the planner admits it', () => {
    const doc = lab()
    for (const entry of ['A2', 'a2.lab.example.', '192.0.2.2']) {
      expect(machineOfEntry(doc, entry)?.id, entry).toBe('h2')
      doc.hosts[0]!.powerManagement!.devices[0]!.proxyPreferences = [entry]
      expect(
        planHost(doc, 'h1').devices[0]!.candidates.map((c) => c.proxyId),
        entry,
      ).toEqual(['h2'])
    }
    expect(machineOfEntry(doc, 'Cluster')).toBeUndefined()
    expect(machineOfEntry(doc, 'nobody')).toBeUndefined()
  })

  it('finds and renames the entries that name a machine by any of its names', () => {
    const doc = lab()
    doc.clusters[1]!.proxyPreferences = ['192.0.2.2', 'cluster']
    doc.hosts[2]!.powerManagement!.proxyPreferences = ['A2.lab.example.']
    expect(referencesToMachine(doc, doc.hosts[1]!)).toEqual(['cluster cluster-b', 'host b1'])
    expect(renameMachineReferences(doc, 'a2.lab.example', 'a2.new.example')).toBe(1)
    expect(doc.hosts[2]!.powerManagement!.proxyPreferences).toEqual(['a2.new.example'])
  })
})
