/**
 * The planner (DESIGN.md §3): for each fence device of a host, which machines would run its agent,
 * in which order, through which preference entry — and why every other machine would not. A pure
 * function of the document, the last reachability results and the discovered agents.
 */
import type { Device, Host, TopologyDocument } from '../document'
import type { Candidate, DevicePlan, HostPlan, Rejection } from '../plan'
import { preferenceKeyword } from '../preferences'
import { passLab } from './labPass'
import type { LabPass, LabPassOptions } from './labPass'
import { inOrder } from '../deviceGroups'
import { referenceKey } from './entryMatching'
import type { Machine } from './machines'
import { createPlannerContext } from './plannerContext'
import type { PlannerContext, PlannerOptions } from './plannerContext'
import type { Reach } from './reachability'

export type { PlannerOptions } from './plannerContext'

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

/** Options of {@link Planner.planHost}. */
export interface PlanHostOptions {
  /**
   * List the machines no entry admits (`not-listed`, and the target when no entry admits it)
   * among the rejections (default true). Left out, a plan costs what its lists admit, not a pass
   * over every machine of the lab: what coverage's reasons need for thousands of hosts.
   */
  notListed?: boolean
}

/** Plans many hosts of one document, building its indexes once. */
export interface Planner {
  /**
   * The plan of a host, given by id or name.
   * @throws PlanError if the host, or the device when `deviceId` is given, does not exist.
   */
  planHost(hostRef: string, deviceId?: string, options?: PlanHostOptions): HostPlan
  /**
   * Every host with devices at once: per device whether it is fenceable, its first candidates
   * and how many there are — what the tree's warnings and coverage need, without planning every
   * machine of every host (labPass.ts).
   */
  labPass(options?: LabPassOptions): LabPass
}

function planDevice(
  ctx: PlannerContext,
  host: Host,
  target: Machine,
  device: Device,
  notListed = true,
): DevicePlan {
  const preferences = ctx.preferencesOf(host, device)
  const agent = ctx.options.agentOfType?.(device.type)

  const seen = new Set<Machine>()
  const candidates: Candidate[] = []
  const rejected: Rejection[] = []
  const unknownReferences: string[] = []
  const unknownSeen = new Set<string>()

  for (const raw of preferences.list) {
    const keyword = preferenceKeyword(raw)
    const via = keyword ?? raw.trim()
    const admitted = ctx.admittedBy(keyword, via, target)
    if (keyword === undefined && admitted.length === 0) {
      const key = referenceKey(via)
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
      const reason = ctx.reasonFor(m, target, agent)
      if (reason !== undefined) {
        const since = reason === 'powered-off' ? ctx.offSince(m.id) : undefined
        rejected.push({ proxy: m.name, proxyId: m.id, reason, via, ...(since ? { since } : {}) })
        continue
      }
      const candidate = ctx.candidate(host, device, m, via)
      buckets[candidate.reach].push(candidate)
    }
    for (const bucket of [buckets.ok, buckets.untested, buckets.failed])
      for (const candidate of bucket) candidates.push(candidate)
  }

  for (const m of notListed ? ctx.machines.machines : []) {
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

/**
 * Creates a planner for one document; reuse it to plan many hosts. Its indexes are a snapshot:
 * after the document changes, create a new planner.
 */
export function createPlanner(doc: TopologyDocument, options: PlannerOptions = {}): Planner {
  const ctx = createPlannerContext(doc, options)
  return {
    planHost(hostRef, deviceId, planOptions) {
      const index = ctx.hostIndex(hostRef)
      const host = index === undefined ? undefined : doc.hosts[index]
      const target = index === undefined ? undefined : ctx.machines.hostMachines[index]
      if (index === undefined || !host || !target)
        throw new PlanError(`no host with id or name "${hostRef}"`, 'unknown-host', hostRef)

      let devices: readonly Device[]
      if (deviceId === undefined) {
        devices = inOrder(host.powerManagement?.devices ?? [])
      } else {
        const device = host.powerManagement?.devices.find((d) => d.id === deviceId)
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
        devices: devices.map((device) =>
          planDevice(ctx, host, target, device, planOptions?.notListed ?? true),
        ),
      }
    },
    labPass: (passOptions) => passLab(ctx, passOptions),
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
