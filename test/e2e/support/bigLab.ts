// A big generated lab for the UI at scale (issue 9): data centers × clusters × hosts, each host with
// one or two IPMI devices (every third host has a redundant pair), stored in a fresh data folder as
// a user's own lab — what the UI benchmark and the big-lab spec open in browser mode.
import type { TopologyDocument } from '../../../src-main/common/document'
import type { FencepostCore } from '../../../src-main/core/fencepostCore'

/** The shape of a generated lab. */
export interface BigLabShape {
  dataCenters: number
  clustersPerDc: number
  hostsPerCluster: number
}

/** The issue's lab: 4 data centers × 10 clusters × 50 hosts = 2,000 hosts. */
export const BIG_LAB: BigLabShape = { dataCenters: 4, clustersPerDc: 10, hostsPerCluster: 50 }

/** Id (and name) of host `h` of cluster `c` of data center `d`: `h0-0-0` … `h3-9-49`. */
export function bigLabHostId(d: number, c: number, h: number): string {
  return `h${d}-${c}-${h}`
}

/**
 * The lab as a document: one jump box per data center, host `…-3` of every ten in maintenance,
 * every host with IPMI devices inheriting the data center's preferences (`cluster, dc`), and on
 * every fifth host a device of its own list (`engine, cluster`).
 */
export function bigLab(shape: BigLabShape = BIG_LAB): TopologyDocument {
  const doc: TopologyDocument = {
    version: 1,
    engine: { name: 'engine', address: 'engine.big.example', canProxy: true, exec: 'local' },
    defaults: { proxyPreferences: ['cluster', 'dc'] },
    dataCenters: [],
    clusters: [],
    hosts: [],
    proxies: [],
  }
  let n = 0
  for (let d = 0; d < shape.dataCenters; d++) {
    doc.dataCenters.push({ id: `dc${d}`, name: `site-${d}` })
    doc.proxies.push({
      id: `jump${d}`,
      name: `jump-${d}`,
      address: `jump-${d}.big.example`,
      dataCenter: `dc${d}`,
    })
    for (let c = 0; c < shape.clustersPerDc; c++) {
      const clusterId = `c${d}-${c}`
      doc.clusters.push({ id: clusterId, name: `cluster-${d}-${c}`, dataCenter: `dc${d}` })
      for (let h = 0; h < shape.hostsPerCluster; h++) {
        const id = bigLabHostId(d, c, h)
        const ip = (k: number): string => `10.${d}.${c * 4 + k}.${h + 10}`
        const devices: NonNullable<
          TopologyDocument['hosts'][number]['powerManagement']
        >['devices'] = [
          {
            id: 'bmc1',
            type: 'ipmilan',
            order: 1,
            params: { ip: ip(0), username: 'admin', lanplus: true },
            ...(n % 5 === 0 ? { proxyPreferences: ['engine', 'cluster'] } : {}),
          },
        ]
        if (n % 3 === 0)
          devices.push({
            id: 'bmc2',
            type: 'ipmilan',
            order: 1,
            params: { ip: ip(1), username: 'admin', lanplus: true },
          })
        doc.hosts.push({
          id,
          name: id,
          address: `${id}.big.example`,
          cluster: clusterId,
          status: h % 10 === 3 ? 'maintenance' : 'up',
          canProxy: true,
          powerManagement: { enabled: true, devices },
        })
        n++
      }
    }
  }
  return doc
}

/** Stores `doc` as the lab of `core`'s data folder (replacing the demo a first start shows). */
export async function storeLab(core: FencepostCore, doc: TopologyDocument): Promise<void> {
  const result = await core.api.topology.save(doc)
  if (!result.ok) {
    const first = result.issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`)
    throw new Error(`the generated lab is invalid: ${first.join('; ')}`)
  }
}
