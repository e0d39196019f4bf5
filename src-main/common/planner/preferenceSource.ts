/** Which preference list applies to a device, and where it came from (DESIGN.md §3). */
import type {
  Cluster,
  DataCenter,
  Device,
  Host,
  PreferenceList,
  TopologyDocument,
} from '../document'
import type { PreferenceSource } from '../plan'

/** The list used when no level of the document sets one. */
export const BUILTIN_PREFERENCES: readonly string[] = ['cluster', 'dc']

/**
 * The levels a device inherits its list from, most specific first. Leave out the levels below the
 * one you ask about: without `device` (and `host`, …) it is what that level inherits.
 */
export interface PreferenceLevels {
  /** Omit to see what the device would inherit without a list of its own. */
  device?: Device
  /** Omit to see what a host of the cluster would inherit. */
  host?: Host | undefined
  cluster?: Cluster
  dataCenter?: DataCenter
  defaults?: PreferenceList
}

/** The applying list and its origin, as a {@link DevicePlan} reports it. */
export interface AppliedPreferences {
  list: string[]
  from: PreferenceSource
  /** The cluster's or data center's name when the list came from one. */
  fromName?: string
}

// An empty list counts as unset: clearing a list in the editor means "inherit", not "no proxy".
const isSet = (list: PreferenceList | undefined): list is PreferenceList =>
  list !== undefined && list.length > 0

/**
 * The list that applies: the device's own, else the host's, else its cluster's, else its data
 * center's, else the document defaults, else `['cluster', 'dc']`. The list is a copy.
 */
export function resolvePreferences(levels: PreferenceLevels): AppliedPreferences {
  const { device, host, cluster, dataCenter, defaults } = levels
  if (isSet(device?.proxyPreferences)) return { list: [...device.proxyPreferences], from: 'device' }
  const hostList = host?.powerManagement?.proxyPreferences
  if (isSet(hostList)) return { list: [...hostList], from: 'host' }
  if (cluster && isSet(cluster.proxyPreferences))
    return { list: [...cluster.proxyPreferences], from: 'cluster', fromName: cluster.name }
  if (dataCenter && isSet(dataCenter.proxyPreferences))
    return { list: [...dataCenter.proxyPreferences], from: 'dataCenter', fromName: dataCenter.name }
  if (isSet(defaults)) return { list: [...defaults], from: 'defaults' }
  return { list: [...BUILTIN_PREFERENCES], from: 'builtin' }
}

/** The levels above a device of `host` in `doc`, to hand to {@link resolvePreferences}. */
export function levelsOfHost(doc: TopologyDocument, host: Host): PreferenceLevels {
  const cluster = doc.clusters.find((c) => c.id === host.cluster)
  const dataCenter = cluster ? doc.dataCenters.find((d) => d.id === cluster.dataCenter) : undefined
  return {
    host,
    ...(cluster ? { cluster } : {}),
    ...(dataCenter ? { dataCenter } : {}),
    ...(doc.defaults?.proxyPreferences ? { defaults: doc.defaults.proxyPreferences } : {}),
  }
}

/**
 * Where an applied list came from, in words: `host h1`, `cluster cluster-a`, `data center
 * Default`, `the defaults`, `built-in` (`hostName` names the host's own list).
 */
export function preferenceOrigin(applied: AppliedPreferences, hostName?: string): string {
  switch (applied.from) {
    case 'device':
      return 'the device'
    case 'host':
      return hostName === undefined ? 'the host' : `host ${hostName}`
    case 'cluster':
      return applied.fromName === undefined ? 'the cluster' : `cluster ${applied.fromName}`
    case 'dataCenter':
      return applied.fromName === undefined ? 'the data center' : `data center ${applied.fromName}`
    case 'defaults':
      return 'the defaults'
    case 'builtin':
      return 'built-in'
  }
}
