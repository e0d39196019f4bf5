/**
 * What planning a document needs, built once per document: its machine and level indexes, the
 * latest test results, the hosts known off, and the rules one host's plan and the lab-wide pass
 * both apply (which list applies, what an entry admits, why a machine is rejected), so the two can
 * never disagree.
 */
import type { Cluster, DataCenter, Device, Host, TopologyDocument } from '../document'
import { knownOffSince } from '../knownPower'
import type { KnownPower } from '../knownPower'
import type { Candidate, ReachabilityResult, RejectionReason } from '../plan'
import type { Machine } from './machines'
import { indexMachines } from './machineIndex'
import type { MachineIndex } from './machineIndex'
import { resolvePreferences } from './preferenceSource'
import type { AppliedPreferences } from './preferenceSource'
import { indexReachability } from './reachability'
import type { ReachabilityIndex } from './reachability'

/** What the planner knows beyond the document. All optional: without them nothing is rejected. */
export interface PlannerOptions {
  /** Results of `fencepost test`; the latest per (host, device, proxy) orders the candidates. */
  reachability?: readonly ReachabilityResult[]
  /**
   * The fence agents discovered on a machine (`engine` for the engine). `undefined` means not
   * discovered yet: the machine is not rejected for a missing agent.
   */
  agentsOf?: (machineId: string) => ReadonlySet<string> | undefined
  /** The agent a device type runs (`ipmilan` → `fence_ipmilan`); `undefined` if unknown. */
  agentOfType?: (deviceType: string) => string | undefined
  /**
   * The hosts' power as actions and statuses last confirmed it: a host known off is rejected as
   * `powered-off` for every device (DESIGN.md §4). Left out, no host is known off.
   */
  knownPower?: readonly KnownPower[]
  /**
   * Machines (by id; `engine` for the engine) assumed down — coverage's "what if": each is
   * rejected as `unavailable` for every device, as a machine really down would fail.
   */
  unavailable?: ReadonlySet<string>
}

/** The indexes and rules of one document's planning (see the module comment). */
export interface PlannerContext {
  readonly doc: TopologyDocument
  readonly options: PlannerOptions
  readonly machines: MachineIndex
  readonly reachability: ReachabilityIndex
  /** The index in `doc.hosts` of the host with this id, else with this name, as findHost does. */
  hostIndex(ref: string): number | undefined
  /** The preference list that applies to a device of a host, and where it came from. */
  preferencesOf(host: Host, device: Device): AppliedPreferences
  /** The machines one preference entry admits for `target`, in document order. */
  admittedBy(keyword: string | undefined, entry: string, target: Machine): readonly Machine[]
  /**
   * Why `m` cannot run a device's agent for `target` (`agent`: the device type's agent, if
   * known); undefined when it can. The first matching reason wins (DESIGN.md §3).
   */
  reasonFor(m: Machine, target: Machine, agent: string | undefined): RejectionReason | undefined
  /** When the host was confirmed off (ISO time), or undefined. */
  offSince(machineId: string): string | undefined
  /**
   * `m` as a candidate for a host's device, admitted by entry `via`, with its last reach (pass
   * `untested` when no test of this device is known, to skip the lookup).
   */
  candidate(host: Host, device: Device, m: Machine, via: string, untested?: 'untested'): Candidate
}

function firstWins<V>(map: Map<string, V>, key: string, value: V): void {
  if (!map.has(key)) map.set(key, value)
}

const NONE: readonly Machine[] = []

/**
 * The host lookup by id, else name. The first lookup scans the hosts: planning one host (the CLI's
 * case) then never pays for two maps of every host. A second lookup means many hosts: it builds them.
 */
function hostLookup(doc: TopologyDocument): (ref: string) => number | undefined {
  let lookups = 0
  let byId: Map<string, number> | undefined
  let byName: Map<string, number> | undefined
  return (ref) => {
    if (++lookups === 1) {
      const i = doc.hosts.findIndex((h) => h.id === ref)
      const j = i >= 0 ? i : doc.hosts.findIndex((h) => h.name === ref)
      return j >= 0 ? j : undefined
    }
    if (!byId || !byName) {
      byId = new Map()
      byName = new Map()
      for (const [i, host] of doc.hosts.entries()) {
        firstWins(byId, host.id, i)
        firstWins(byName, host.name, i)
      }
    }
    return byId.get(ref) ?? byName.get(ref)
  }
}

/** Builds the {@link PlannerContext} of a document: a snapshot, rebuilt after the document changes. */
export function createPlannerContext(
  doc: TopologyDocument,
  options: PlannerOptions = {},
): PlannerContext {
  const machines = indexMachines(doc)
  const clusters = new Map<string, Cluster>()
  for (const cluster of doc.clusters) firstWins(clusters, cluster.id, cluster)
  const dataCenters = new Map<string, DataCenter>()
  for (const dc of doc.dataCenters) firstWins(dataCenters, dc.id, dc)
  const defaults = doc.defaults?.proxyPreferences

  // Indexed once: a lab-wide plan asks for every machine of every device.
  const knownOff = new Map<string, string>()
  for (const record of options.knownPower ?? []) {
    const since = knownOffSince([record], record.hostId)
    if (since !== undefined) knownOff.set(record.hostId, since)
    else knownOff.delete(record.hostId)
  }
  const offSince = (machineId: string): string | undefined => knownOff.get(machineId)

  // `other-dc` of one data center is the same list for every host in it.
  const otherDc = new Map<string | undefined, readonly Machine[]>()
  const outside = (dataCenter: string | undefined): readonly Machine[] => {
    let list = otherDc.get(dataCenter)
    if (!list) {
      list = machines.placed.filter((m) => m.dataCenter !== dataCenter)
      otherDc.set(dataCenter, list)
    }
    return list
  }

  const reachability = indexReachability(options.reachability)
  const unavailable = options.unavailable?.size ? options.unavailable : undefined

  return {
    doc,
    options,
    machines,
    reachability,
    hostIndex: hostLookup(doc),
    offSince,
    preferencesOf(host, device) {
      const cluster = clusters.get(host.cluster)
      const dataCenter = cluster ? dataCenters.get(cluster.dataCenter) : undefined
      return resolvePreferences({
        device,
        host,
        ...(cluster ? { cluster } : {}),
        ...(dataCenter ? { dataCenter } : {}),
        ...(defaults ? { defaults } : {}),
      })
    },
    admittedBy(keyword, entry, target) {
      switch (keyword) {
        case 'engine':
          return [machines.engine]
        case 'cluster':
          return target.cluster === undefined
            ? NONE
            : (machines.byCluster.get(target.cluster) ?? NONE)
        case 'dc':
          return target.dataCenter === undefined
            ? NONE
            : (machines.byDataCenter.get(target.dataCenter) ?? NONE)
        case 'other-dc':
          return outside(target.dataCenter)
        default:
          return machines.byReference(entry)
      }
    },
    reasonFor(m, target, agent) {
      if (m === target) return 'target'
      if (m.disabled) return 'disabled'
      if (unavailable?.has(m.id)) return 'unavailable'
      if (!m.canProxy) return 'not-a-proxy'
      if (m.kind === 'host' && m.status !== 'up') return `status:${m.status ?? 'unknown'}`
      if (m.kind === 'host' && knownOff.has(m.id)) return 'powered-off'
      if (agent !== undefined && options.agentsOf) {
        const agents = options.agentsOf(m.id)
        if (agents && !agents.has(agent)) return 'agent-missing'
      }
      return undefined
    },
    candidate(host, device, m, via, untested) {
      const reach = untested ?? reachability.reachOf(host.id, device.id, m.id)
      const testedAt =
        reach === 'untested' ? undefined : reachability.latest(host.id, device.id, m.id)?.at
      return { proxy: m.name, proxyId: m.id, via, reach, ...(testedAt ? { testedAt } : {}) }
    },
  }
}
