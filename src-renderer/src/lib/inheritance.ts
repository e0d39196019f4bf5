// Which preference list a level inherits when it sets none, for the greyed "from cluster-a" chips.
// The rule is the core's (src-main/common/planner/preferenceSource.ts, DESIGN.md §3). The renderer
// may not import core, so until `resolvePreferences` moves to src-main/common this mirrors its
// fallback chain — for display only; the plan shown beside it always comes from the core.
import type { TopologyDocument } from '../../../src-main/common/document'
import { findCluster, findDataCenter, findHost } from './model'

/** The list a level would inherit and where from, in words. */
export interface InheritedList {
  list: string[]
  /** `cluster cluster-a`, `data center Default`, `the defaults`, `built-in`. */
  from: string
}

const BUILTIN: InheritedList = { list: ['cluster', 'dc'], from: 'built-in' }

const isSet = (list: string[] | undefined): list is string[] => !!list && list.length > 0

/** What the document defaults give (or the built-in list). */
export function inheritedByDefaults(doc: TopologyDocument): InheritedList {
  const defaults = doc.defaults?.proxyPreferences
  return isSet(defaults) ? { list: defaults, from: 'the defaults' } : BUILTIN
}

/** What a data center without its own list uses. */
export function inheritedByDataCenter(doc: TopologyDocument): InheritedList {
  return inheritedByDefaults(doc)
}

/** What a cluster without its own list uses. */
export function inheritedByCluster(doc: TopologyDocument, clusterId: string): InheritedList {
  const cluster = findCluster(doc, clusterId)
  const dc = cluster ? findDataCenter(doc, cluster.dataCenter) : undefined
  if (dc && isSet(dc.proxyPreferences))
    return { list: dc.proxyPreferences, from: `data center ${dc.name}` }
  return inheritedByDefaults(doc)
}

/** What a host's power management without its own list uses. */
export function inheritedByHost(doc: TopologyDocument, hostId: string): InheritedList {
  const host = findHost(doc, hostId)
  const cluster = host ? findCluster(doc, host.cluster) : undefined
  if (cluster && isSet(cluster.proxyPreferences))
    return { list: cluster.proxyPreferences, from: `cluster ${cluster.name}` }
  return host ? inheritedByCluster(doc, host.cluster) : inheritedByDefaults(doc)
}

/** What a device without its own list uses. */
export function inheritedByDevice(doc: TopologyDocument, hostId: string): InheritedList {
  const host = findHost(doc, hostId)
  const own = host?.powerManagement?.proxyPreferences
  if (host && isSet(own)) return { list: own, from: `host ${host.name}` }
  return inheritedByHost(doc, hostId)
}
