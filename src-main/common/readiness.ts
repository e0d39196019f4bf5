/**
 * Readiness (DESIGN.md §8, `test`): how each device and host stands after the last tests — status
 * of every device through every candidate proxy. One judgement for the readiness matrix of a
 * host, the lab-wide readiness list and anything else that sums test results up.
 */
import type { PowerState } from './fencing'
import type { ReachabilityResult } from './plan'
import { groupByOrder } from './deviceGroups'
import { judgeGroup } from './powerJudgement'

/**
 * How one device stands: `no-proxy` no machine can run its agent; `failing` tested, and no
 * proxy reached it; `degraded` reached, but some proxy failed; `untested` never tested; `ok`
 * every proxy tested reached it.
 */
export type DeviceReadinessState = 'no-proxy' | 'failing' | 'degraded' | 'untested' | 'ok'

/**
 * How a host stands: its worst device, and `mixed` (between failing and degraded) when the
 * devices of one group last answered different power — the host may be half-powered.
 */
export type ReadinessState = DeviceReadinessState | 'mixed'

/** Every readiness state, worst first. */
export const READINESS_STATES = [
  'no-proxy',
  'failing',
  'mixed',
  'degraded',
  'untested',
  'ok',
] as const satisfies readonly ReadinessState[]

/** A short label and a sentence for each state, as every view shows them. */
export const READINESS_WORDS: Record<ReadinessState, { label: string; means: string }> = {
  'no-proxy': { label: 'no proxy', means: 'a device no machine can fence' },
  failing: { label: 'failing', means: 'a device no proxy reached in the last test' },
  mixed: { label: 'mixed power', means: 'devices of one group answered different power' },
  degraded: { label: 'some proxies failed', means: 'every device reached, but not by every proxy' },
  untested: { label: 'untested', means: 'a device not tested yet' },
  ok: { label: 'ready', means: 'every device reached through every proxy tested' },
}

/** The latest result of each proxy for one device, and what they add up to. */
export interface DeviceReadiness {
  device: string
  order: number
  state: DeviceReadinessState
  /** Proxies whose latest test reached the device / failed. */
  reached: number
  failed: number
  /** The power the device last reported through any proxy (the latest answer), and when. */
  power: PowerState
  powerAt?: string
  /** The latest test of the device through any proxy (ISO time). */
  testedAt?: string
}

/** A host's devices judged, its state, and the orders of its mixed groups. */
export interface HostReadiness {
  state: ReadinessState
  devices: DeviceReadiness[]
  /** Orders of the groups whose devices answered different power. */
  mixedOrders: number[]
  /** The latest test of any of its devices (ISO time). */
  testedAt?: string
}

/** Latest result per host → device → proxy. */
export type LatestResults = Map<string, Map<string, Map<string, ReachabilityResult>>>

/**
 * The latest result of every (host, device, proxy), in one pass. With `machines`, results through
 * a machine no longer in the document are left out.
 */
export function latestResults(
  results: readonly ReachabilityResult[],
  machines?: ReadonlySet<string>,
): LatestResults {
  const byHost: LatestResults = new Map()
  for (const r of results) {
    if (machines && !machines.has(r.proxyId)) continue
    let byDevice = byHost.get(r.hostId)
    if (!byDevice) byHost.set(r.hostId, (byDevice = new Map()))
    let byProxy = byDevice.get(r.deviceId)
    if (!byProxy) byDevice.set(r.deviceId, (byProxy = new Map()))
    const known = byProxy.get(r.proxyId)
    if (!known || r.at > known.at) byProxy.set(r.proxyId, r)
  }
  return byHost
}

/** How one device stands, from the latest result of each proxy (`byProxy`). */
export function judgeDevice(
  device: { id: string; order: number },
  byProxy: ReadonlyMap<string, ReachabilityResult> | undefined,
  hasCandidate: boolean,
): DeviceReadiness {
  let reached = 0
  let failed = 0
  let testedAt: string | undefined
  let answer: ReachabilityResult | undefined
  for (const r of byProxy?.values() ?? []) {
    if (r.ok) reached++
    else failed++
    if (!testedAt || r.at > testedAt) testedAt = r.at
    if (r.ok && r.power && (!answer || r.at > answer.at)) answer = r
  }
  const state: DeviceReadinessState = !hasCandidate
    ? 'no-proxy'
    : reached + failed === 0
      ? 'untested'
      : reached === 0
        ? 'failing'
        : failed > 0
          ? 'degraded'
          : 'ok'
  return {
    device: device.id,
    order: device.order,
    state,
    reached,
    failed,
    power: answer?.power ?? 'unknown',
    ...(answer ? { powerAt: answer.at } : {}),
    ...(testedAt ? { testedAt } : {}),
  }
}

const RANK = new Map<ReadinessState, number>(READINESS_STATES.map((s, i) => [s, i]))

/**
 * How a host stands: its devices judged (`withoutCandidate`: the ids of its devices no machine
 * can fence), its worst state, its mixed groups.
 */
export function judgeHost(
  devices: readonly { id: string; order: number }[],
  byDevice: ReadonlyMap<string, ReadonlyMap<string, ReachabilityResult>> | undefined,
  withoutCandidate: ReadonlySet<string> | readonly string[] = [],
): HostReadiness {
  const lacking = new Set(withoutCandidate)
  const judged = devices.map((d) => judgeDevice(d, byDevice?.get(d.id), !lacking.has(d.id)))
  const mixedOrders = groupByOrder(judged)
    .filter((g) => judgeGroup(g.members.map((d) => d.power)) === 'mixed')
    .map((g) => g.order)
  let state: ReadinessState = 'ok'
  const worse = (s: ReadinessState) => {
    if (RANK.get(s)! < RANK.get(state)!) state = s
  }
  for (const d of judged) worse(d.state)
  if (mixedOrders.length) worse('mixed')
  let testedAt: string | undefined
  for (const d of judged)
    if (d.testedAt && (!testedAt || d.testedAt > testedAt)) testedAt = d.testedAt
  return { state, devices: judged, mixedOrders, ...(testedAt ? { testedAt } : {}) }
}
