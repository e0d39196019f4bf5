/** Small topology documents for planner tests. Every document passes the real schema. */
import { documentSchema } from '../../../../src-main/common/document'
import type { Device, Host, Proxy, TopologyDocument } from '../../../../src-main/common/document'
import type { Candidate, DevicePlan, Rejection } from '../../../../src-main/common/plan'

/** A host that is up and may proxy, with no power management unless given. */
export function host(id: string, cluster: string, extra: Partial<Host> = {}): Host {
  return {
    id,
    name: id,
    address: `${id}.lab.example`,
    cluster,
    status: 'up',
    canProxy: true,
    ...extra,
  }
}

/** An IPMI device of order 1 unless told otherwise. */
export function device(id: string, extra: Partial<Device> = {}): Device {
  return { id, type: 'ipmilan', order: 1, params: { ip: '10.1.0.11', username: 'admin' }, ...extra }
}

/** A standalone proxy named after its id. */
export function proxy(id: string, name: string, extra: Partial<Proxy> = {}): Proxy {
  return { id, name, address: `${name}.lab.example`, ...extra }
}

/**
 * The standard lab. Document order of its machines (as the planner lists them):
 *
 * ```
 * engine
 * a1 a2 a3      cluster-a (c1) in Default (dc1)   a1 is the usual target, device psu1
 * b1            cluster-b (c2) in Default (dc1)
 *
 * Hosts are named by their id, except a3 (id `h-a3`) and b1 (id `h-b1`); the standalone proxies'
 * ids are p1…p5.
 * r1            cluster-r (c3) in Remote (dc2), address 10.0.0.7
 * jump1         standalone, not placed, jump1.lab.example
 * jump-a        placed in cluster c1
 * jump-b        placed in cluster c2
 * jump-dc       placed in data center dc1
 * jump-r        placed in data center dc2
 * ```
 *
 * No level sets a preference list, so the built-in `cluster, dc` applies unless a test sets one.
 */
export function lab(): TopologyDocument {
  return documentSchema.parse({
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    dataCenters: [
      { id: 'dc1', name: 'Default' },
      { id: 'dc2', name: 'Remote' },
    ],
    clusters: [
      { id: 'c1', name: 'cluster-a', dataCenter: 'dc1' },
      { id: 'c2', name: 'cluster-b', dataCenter: 'dc1' },
      { id: 'c3', name: 'cluster-r', dataCenter: 'dc2' },
    ],
    hosts: [
      host('a1', 'c1', {
        powerManagement: { enabled: true, devices: [device('psu1')] },
      }),
      host('a2', 'c1'),
      // Ids that are not names, so a lookup by the wrong one shows.
      host('h-a3', 'c1', { name: 'a3', address: 'a3.lab.example' }),
      host('h-b1', 'c2', { name: 'b1', address: 'b1.lab.example' }),
      host('r1', 'c3', { address: '10.0.0.7' }),
    ],
    proxies: [
      proxy('p1', 'jump1'),
      proxy('p2', 'jump-a', { cluster: 'c1' }),
      proxy('p3', 'jump-b', { cluster: 'c2' }),
      proxy('p4', 'jump-dc', { dataCenter: 'dc1' }),
      proxy('p5', 'jump-r', { dataCenter: 'dc2' }),
    ],
  })
}

/** The host with this id (else this name); fails the test if there is none. */
export function hostOf(doc: TopologyDocument, id: string): Host {
  const found = doc.hosts.find((h) => h.id === id) ?? doc.hosts.find((h) => h.name === id)
  if (!found) throw new Error(`fixture has no host ${id}`)
  return found
}

/** A device of a host; fails the test if there is none. */
export function deviceOf(doc: TopologyDocument, hostId: string, deviceId: string): Device {
  const found = hostOf(doc, hostId).powerManagement?.devices.find((d) => d.id === deviceId)
  if (!found) throw new Error(`fixture host ${hostId} has no device ${deviceId}`)
  return found
}

/** A standalone proxy by id; fails the test if there is none. */
export function proxyOf(doc: TopologyDocument, id: string): Proxy {
  const found = doc.proxies.find((p) => p.id === id)
  if (!found) throw new Error(`fixture has no proxy ${id}`)
  return found
}

/** Candidate names in plan order. */
export function names(list: readonly (Candidate | Rejection)[]): string[] {
  return list.map((c) => c.proxy)
}

/** The rejection of one machine, by name; fails the test if it is not rejected. */
export function rejectionOf(plan: DevicePlan, name: string): Rejection {
  const found = plan.rejected.find((r) => r.proxy === name)
  if (!found) throw new Error(`${name} is not rejected (candidates: ${names(plan.candidates)})`)
  return found
}

/**
 * A generated topology for scale: `dataCenters` × `clustersPerDc` clusters of `hostsPerCluster`
 * hosts, every host with one device, plus one proxy per data center.
 */
export function generated(dataCenters: number, clustersPerDc: number, hostsPerCluster: number) {
  const doc: TopologyDocument = {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    dataCenters: [],
    clusters: [],
    hosts: [],
    proxies: [],
  }
  for (let d = 0; d < dataCenters; d++) {
    doc.dataCenters.push({ id: `dc${d}`, name: `dc-${d}` })
    doc.proxies.push(proxy(`p${d}`, `jump-${d}`, { dataCenter: `dc${d}` }))
    for (let c = 0; c < clustersPerDc; c++) {
      const clusterId = `c${d}-${c}`
      doc.clusters.push({ id: clusterId, name: clusterId, dataCenter: `dc${d}` })
      for (let h = 0; h < hostsPerCluster; h++) {
        const id = `h${d}-${c}-${h}`
        doc.hosts.push(
          host(id, clusterId, {
            status: h % 10 === 3 ? 'maintenance' : 'up',
            powerManagement: { enabled: true, devices: [device(`${id}-psu`)] },
          }),
        )
      }
    }
  }
  return doc
}
