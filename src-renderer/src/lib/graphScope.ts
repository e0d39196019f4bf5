// Which parts of a big lab the graph draws in full. A small lab is drawn whole, as always; in a big
// one (an imported 2,000-host lab) only the cluster in focus — the selected host's, or a chosen
// one — and the clusters the admin opened are drawn machine by machine. The other clusters of an
// open data center become one summary node each, and the other data centers one node each, with
// their host counts and how many hosts have a device no machine can fence.
import type { TopologyDocument } from '../../../src-main/common/document'
import type { Host, Proxy } from '../../../src-main/common/document'

/** Up to this many machines (hosts and standalone proxies) the graph draws the whole lab. */
export const FULL_GRAPH_LIMIT = 100

/** What the graph is centred on: the selected host, cluster or data center (any of them). */
export interface GraphFocus {
  hostId?: string
  clusterId?: string
  dataCenterId?: string
}

/** The key of an opened cluster or data center in the graph's `expanded` set. */
export const clusterKey = (id: string): string => `cl:${id}`
export const dataCenterKey = (id: string): string => `dc:${id}`

/** The machines of one cluster or data center, for its summary node. */
export interface GraphSummary {
  hosts: number
  /** Standalone proxies placed there. */
  proxies: number
  /** Hosts with a device no machine can fence. */
  withoutProxy: number
  /** For a data center: its clusters. */
  clusters: number
}

/** The lab grouped once by cluster and data center (one pass over the hosts, never per cluster). */
export interface LabGroups {
  hostsOf: Map<string, Host[]>
  /** Standalone proxies placed in a cluster. */
  clusterProxiesOf: Map<string, Proxy[]>
  /** Standalone proxies placed in a data center but no cluster. */
  dataCenterProxiesOf: Map<string, Proxy[]>
  clustersOf: Map<string, TopologyDocument['clusters']>
  /** Standalone proxies in neither. */
  loose: Proxy[]
  /** The data center of each cluster. */
  dataCenterOfCluster: Map<string, string>
}

const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** Groups the document's machines by cluster and data center in one pass each. */
export function groupLab(doc: TopologyDocument): LabGroups {
  const groups: LabGroups = {
    hostsOf: new Map(),
    clusterProxiesOf: new Map(),
    dataCenterProxiesOf: new Map(),
    clustersOf: new Map(),
    loose: [],
    dataCenterOfCluster: new Map(),
  }
  for (const c of doc.clusters) {
    push(groups.clustersOf, c.dataCenter, c)
    groups.dataCenterOfCluster.set(c.id, c.dataCenter)
  }
  for (const h of doc.hosts) push(groups.hostsOf, h.cluster, h)
  for (const p of doc.proxies) {
    if (p.cluster) push(groups.clusterProxiesOf, p.cluster, p)
    else if (p.dataCenter) push(groups.dataCenterProxiesOf, p.dataCenter, p)
    else groups.loose.push(p)
  }
  return groups
}

/** Which data centers and clusters are drawn open; `collapsing` is false for a small lab. */
export interface GraphScope {
  collapsing: boolean
  /** The cluster and data center in focus: open whatever `expanded` says (no fold button). */
  focusCluster?: string
  focusDataCenter?: string
  isOpenDataCenter(id: string): boolean
  isOpenCluster(id: string): boolean
}

/**
 * The open parts: in a lab of up to FULL_GRAPH_LIMIT machines everything; in a bigger one the
 * focus (its cluster, and the data center around it) and what `expanded` names (`cl:<id>`,
 * `dc:<id>`; an opened cluster opens its data center too).
 */
export function graphScope(
  doc: TopologyDocument,
  groups: LabGroups,
  focus: GraphFocus,
  expanded: ReadonlySet<string> = new Set(),
): GraphScope {
  if (doc.hosts.length + doc.proxies.length <= FULL_GRAPH_LIMIT)
    return { collapsing: false, isOpenDataCenter: () => true, isOpenCluster: () => true }
  const openClusters = new Set<string>()
  const openDataCenters = new Set<string>()
  const focusCluster =
    (focus.hostId ? doc.hosts.find((h) => h.id === focus.hostId)?.cluster : undefined) ??
    focus.clusterId
  const focusDataCenter =
    (focusCluster ? groups.dataCenterOfCluster.get(focusCluster) : undefined) ?? focus.dataCenterId
  if (focusCluster) openClusters.add(focusCluster)
  if (focusDataCenter) openDataCenters.add(focusDataCenter)
  for (const key of expanded) {
    if (key.startsWith('cl:')) openClusters.add(key.slice(3))
    else if (key.startsWith('dc:')) openDataCenters.add(key.slice(3))
  }
  for (const c of openClusters) {
    const dc = groups.dataCenterOfCluster.get(c)
    if (dc) openDataCenters.add(dc)
  }
  return {
    collapsing: true,
    ...(focusCluster ? { focusCluster } : {}),
    ...(focusDataCenter ? { focusDataCenter } : {}),
    isOpenDataCenter: (id) => openDataCenters.has(id),
    isOpenCluster: (id) => openClusters.has(id),
  }
}

/** The summary of every cluster and data center, in one pass over the hosts. */
export function summarize(
  doc: TopologyDocument,
  groups: LabGroups,
  withoutProxy: ReadonlySet<string>,
): { clusters: Map<string, GraphSummary>; dataCenters: Map<string, GraphSummary> } {
  const empty = (): GraphSummary => ({ hosts: 0, proxies: 0, withoutProxy: 0, clusters: 0 })
  const clusters = new Map<string, GraphSummary>()
  const dataCenters = new Map<string, GraphSummary>()
  for (const dc of doc.dataCenters) {
    const sum = empty()
    sum.proxies = groups.dataCenterProxiesOf.get(dc.id)?.length ?? 0
    dataCenters.set(dc.id, sum)
  }
  for (const c of doc.clusters) {
    const sum = empty()
    const hosts = groups.hostsOf.get(c.id) ?? []
    sum.hosts = hosts.length
    sum.proxies = groups.clusterProxiesOf.get(c.id)?.length ?? 0
    for (const h of hosts) if (withoutProxy.has(h.id)) sum.withoutProxy++
    clusters.set(c.id, sum)
    const dc = dataCenters.get(c.dataCenter)
    if (dc) {
      dc.clusters++
      dc.hosts += sum.hosts
      dc.proxies += sum.proxies
      dc.withoutProxy += sum.withoutProxy
    }
  }
  return { clusters, dataCenters }
}

/**
 * `expanded` with `key` opened (`cl:<id>`, `dc:<id>`): what a click on a summary node does. The
 * set is new, so a reactive holder sees the change.
 */
export function openKey(expanded: ReadonlySet<string>, key: string): Set<string> {
  return new Set([...expanded, key])
}

/** `expanded` with `key` folded; folding a data center folds the clusters opened inside it. */
export function foldKey(
  expanded: ReadonlySet<string>,
  key: string,
  groups: Pick<LabGroups, 'dataCenterOfCluster'>,
): Set<string> {
  const dc = key.startsWith('dc:') ? key.slice(3) : undefined
  return new Set(
    [...expanded].filter(
      (k) =>
        k !== key &&
        !(
          dc !== undefined &&
          k.startsWith('cl:') &&
          groups.dataCenterOfCluster.get(k.slice(3)) === dc
        ),
    ),
  )
}
