// Which preference list a level inherits when it sets none, for the greyed "from cluster-a" chips.
// The rule is the planner's own (src-main/common/planner/preferenceSource.ts, DESIGN.md §3): each
// level is asked with the levels below it left out.
import type { TopologyDocument } from '../../../src-main/common/document'
import {
  levelsOfHost,
  preferenceOrigin,
  resolvePreferences,
  type PreferenceLevels,
} from '../../../src-main/common/planner/preferenceSource'
import { findCluster, findDataCenter, findHost } from './model'

/** The list a level would inherit and where from, in words. */
export interface InheritedList {
  list: string[]
  /** `cluster cluster-a`, `data center Default`, `the defaults`, `built-in`. */
  from: string
}

function inherited(levels: PreferenceLevels, hostName?: string): InheritedList {
  const applied = resolvePreferences(levels)
  return { list: applied.list, from: preferenceOrigin(applied, hostName) }
}

function defaultsOf(doc: TopologyDocument): PreferenceLevels {
  return doc.defaults?.proxyPreferences ? { defaults: doc.defaults.proxyPreferences } : {}
}

/** What the document defaults give (or the built-in list). */
export function inheritedByDefaults(doc: TopologyDocument): InheritedList {
  return inherited(defaultsOf(doc))
}

/** What a data center without its own list uses. */
export function inheritedByDataCenter(doc: TopologyDocument): InheritedList {
  return inheritedByDefaults(doc)
}

/** What a cluster without its own list uses. */
export function inheritedByCluster(doc: TopologyDocument, clusterId: string): InheritedList {
  const cluster = findCluster(doc, clusterId)
  const dataCenter = cluster ? findDataCenter(doc, cluster.dataCenter) : undefined
  return inherited({ ...defaultsOf(doc), ...(dataCenter ? { dataCenter } : {}) })
}

/** What a host's power management without its own list uses. */
export function inheritedByHost(doc: TopologyDocument, hostId: string): InheritedList {
  const host = findHost(doc, hostId)
  if (!host) return inheritedByDefaults(doc)
  // The host's levels without the host: what its own list would override.
  return inherited({ ...levelsOfHost(doc, host), host: undefined })
}

/** What a device without its own list uses. */
export function inheritedByDevice(doc: TopologyDocument, hostId: string): InheritedList {
  const host = findHost(doc, hostId)
  return host ? inherited(levelsOfHost(doc, host), host.name) : inheritedByDefaults(doc)
}
