/**
 * The planner (DESIGN.md §3): for each fence device of a host, which machines would run its agent,
 * in which order, through which preference entry — and why every other machine would not. A pure
 * function of the document, the last reachability results and the discovered agents.
 */
import type { Cluster, DataCenter, Device, Host, TopologyDocument } from '../document'
import type {
  Candidate,
  DevicePlan,
  HostPlan,
  ReachabilityResult,
  Rejection,
  RejectionReason,
} from '../plan'
import { knownOffSince } from '../knownPower'
import type { KnownPower } from '../knownPower'
import { preferenceKeyword } from '../preferences'
import type { Machine } from './machines'
import { indexMachines } from './machineIndex'
import type { MachineIndex } from './machineIndex'
import { resolvePreferences } from './preferenceSource'
import { indexReachability } from './reachability'
import type { Reach } from './reachability'

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
}

/** Options of {@link planHost}. */
export interface PlanOptions extends PlannerOptions {
  /** Plan this device only. */
  deviceId?: string
}

/** Why a plan could not be made: the host or the device does not exist. */
export class PlanError extends Error {
  override readonly name = 'PlanError'

  constructor(
    message: string,
    /** `unknown-host` or `unknown-device`. */
    readonly code: 'unknown-host' | 'unknown-device',
    /** The reference that matched nothing. */
    readonly reference: string,
  ) {
    super(message)
  }
}

/** Plans many hosts of one document, building its indexes once. */
export interface Planner {
  /**
   * The plan of a host, given by id or name.
   * @throws PlanError if the host, or the device when `deviceId` is given, does not exist.
   */
  planHost(hostRef: string, deviceId?: string): HostPlan
}

interface Indexes {
  machines: MachineIndex
  /** The index in `doc.hosts` of the host with this id, else with this name, as findHost does. */
  hostIndex(ref: string): number | undefined
  clusters: Map<string, Cluster>
  dataCenters: Map<string, DataCenter>
}

function firstWins<V>(map: Map<string, V>, key: string, value: V): void {
  if (!map.has(key)) map.set(key, value)
}

function buildIndexes(doc: TopologyDocument): Indexes {
  // The first lookup scans the hosts: planning one host (the CLI's case) then never pays for two
  // maps of every host. A second lookup means many hosts, so it builds the maps.
  let lookups = 0
  let byId: Map<string, number> | undefined
  let byName: Map<string, number> | undefined
  const hostIndex = (ref: string): number | undefined => {
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
  const clusters = new Map<string, Cluster>()
  for (const cluster of doc.clusters) firstWins(clusters, cluster.id, cluster)
  const dataCenters = new Map<string, DataCenter>()
  for (const dc of doc.dataCenters) firstWins(dataCenters, dc.id, dc)
  return { machines: indexMachines(doc), hostIndex, clusters, dataCenters }
}

const NONE: readonly Machine[] = []

/**
 * Creates a planner for one document; reuse it to plan many hosts. Its indexes are a snapshot:
 * after the document changes, create a new planner.
 */
export function createPlanner(doc: TopologyDocument, options: PlannerOptions = {}): Planner {
  const indexes = buildIndexes(doc)
  const reachability = indexReachability(options.reachability)
  const { machines } = indexes
  // Indexed once: a lab-wide plan asks for every machine of every device.
  const knownOff = new Map<string, string>()
  for (const record of options.knownPower ?? []) {
    const since = knownOffSince([record], record.hostId)
    if (since !== undefined) knownOff.set(record.hostId, since)
    else knownOff.delete(record.hostId)
  }
  const offSince = (machineId: string): string | undefined => knownOff.get(machineId)

  /** The machines one entry admits, in document order. */
  function admittedBy(
    keyword: string | undefined,
    entry: string,
    target: Machine,
  ): readonly Machine[] {
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
        return machines.placed.filter((m) => m.dataCenter !== target.dataCenter)
      default:
        return machines.byReference(entry)
    }
  }

  function planDevice(host: Host, target: Machine, device: Device): DevicePlan {
    const cluster = indexes.clusters.get(host.cluster)
    const dataCenter = cluster ? indexes.dataCenters.get(cluster.dataCenter) : undefined
    const preferences = resolvePreferences({
      device,
      host,
      ...(cluster ? { cluster } : {}),
      ...(dataCenter ? { dataCenter } : {}),
      ...(doc.defaults?.proxyPreferences ? { defaults: doc.defaults.proxyPreferences } : {}),
    })
    const agent = options.agentOfType?.(device.type)

    const reasonFor = (m: Machine): RejectionReason | undefined => {
      if (m === target) return 'target'
      if (m.disabled) return 'disabled'
      if (!m.canProxy) return 'not-a-proxy'
      if (m.kind === 'host' && m.status !== 'up') return `status:${m.status ?? 'unknown'}`
      if (m.kind === 'host' && offSince(m.id) !== undefined) return 'powered-off'
      if (agent !== undefined && options.agentsOf) {
        const agents = options.agentsOf(m.id)
        if (agents && !agents.has(agent)) return 'agent-missing'
      }
      return undefined
    }

    const seen = new Set<Machine>()
    const candidates: Candidate[] = []
    const rejected: Rejection[] = []
    const unknownReferences: string[] = []
    const unknownSeen = new Set<string>()

    for (const raw of preferences.list) {
      const keyword = preferenceKeyword(raw)
      const via = keyword ?? raw.trim()
      const admitted = admittedBy(keyword, via, target)
      if (keyword === undefined && admitted.length === 0) {
        const key = via.toLowerCase()
        if (!unknownSeen.has(key)) {
          unknownSeen.add(key)
          unknownReferences.push(via)
        }
      }
      // Within one entry: proven reachable first, then untested, then last failed; each bucket
      // keeps document order.
      const buckets: Record<Reach, Candidate[]> = { ok: [], untested: [], failed: [] }
      for (const m of admitted) {
        if (seen.has(m)) continue
        seen.add(m)
        const reason = reasonFor(m)
        if (reason !== undefined) {
          const since = reason === 'powered-off' ? offSince(m.id) : undefined
          rejected.push({ proxy: m.name, proxyId: m.id, reason, via, ...(since ? { since } : {}) })
          continue
        }
        const reach = reachability.reachOf(host.id, device.id, m.id)
        const testedAt = reachability.latest(host.id, device.id, m.id)?.at
        buckets[reach].push({
          proxy: m.name,
          proxyId: m.id,
          via,
          reach,
          ...(reach !== 'untested' && testedAt ? { testedAt } : {}),
        })
      }
      for (const bucket of [buckets.ok, buckets.untested, buckets.failed])
        for (const candidate of bucket) candidates.push(candidate)
    }

    for (const m of machines.machines) {
      if (seen.has(m)) continue
      // The target is named as such even when no entry admits it: that is the truer reason.
      rejected.push({
        proxy: m.name,
        proxyId: m.id,
        reason: m === target ? 'target' : 'not-listed',
      })
    }

    return {
      device: device.id,
      type: device.type,
      order: device.order,
      preferences,
      candidates,
      rejected,
      unknownReferences,
    }
  }

  return {
    planHost(hostRef, deviceId) {
      const index = indexes.hostIndex(hostRef)
      const host = index === undefined ? undefined : doc.hosts[index]
      const target = index === undefined ? undefined : machines.hostMachines[index]
      if (index === undefined || !host || !target)
        throw new PlanError(`no host with id or name "${hostRef}"`, 'unknown-host', hostRef)

      const all = host.powerManagement?.devices ?? []
      let devices: Device[]
      if (deviceId === undefined) {
        devices = all
          .map((device, position) => ({ device, position }))
          .sort((a, b) => a.device.order - b.device.order || a.position - b.position)
          .map(({ device }) => device)
      } else {
        const device = all.find((d) => d.id === deviceId)
        if (!device)
          throw new PlanError(
            `host "${host.name}" has no fence device "${deviceId}"`,
            'unknown-device',
            deviceId,
          )
        devices = [device]
      }

      return {
        host: host.name,
        hostId: host.id,
        enabled: host.powerManagement?.enabled ?? false,
        devices: devices.map((device) => planDevice(host, target, device)),
      }
    },
  }
}

/**
 * The plan of one host, by id or name (DESIGN.md §3, §7). To plan many hosts of the same
 * document, use {@link createPlanner}.
 * @throws PlanError if the host or `options.deviceId` does not exist.
 */
export function planHost(
  doc: TopologyDocument,
  hostRef: string,
  options: PlanOptions = {},
): HostPlan {
  const { deviceId, ...plannerOptions } = options
  return createPlanner(doc, plannerOptions).planHost(hostRef, deviceId)
}
