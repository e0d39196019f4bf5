/** The latest reachability result per (host, device, proxy), for ordering candidates. */
import type { Candidate, ReachabilityResult } from '../plan'

/** What the planner knows of one proxy's reach to one device. */
export type Reach = Candidate['reach']

/** Latest results, looked up in constant time. */
export interface ReachabilityIndex {
  /** The latest result (by `at`) for this host's device through this proxy, if any. */
  latest(hostId: string, deviceId: string, proxyId: string): ReachabilityResult | undefined
  /** `ok` or `failed` from the latest result, `untested` without one. */
  reachOf(hostId: string, deviceId: string, proxyId: string): Reach
}

// Ids cannot contain NUL (see idSchema), so it separates the parts of a key safely.
const keyOf = (hostId: string, deviceId: string, proxyId: string): string =>
  `${hostId}\u0000${deviceId}\u0000${proxyId}`

function timeOf(result: ReachabilityResult): number {
  const time = Date.parse(result.at)
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time
}

/**
 * Indexes results by (host, device, proxy), keeping the latest by `at`. On equal times the one
 * that comes later in the input wins, since results are appended as they happen.
 */
export function indexReachability(results: readonly ReachabilityResult[] = []): ReachabilityIndex {
  const latest = new Map<string, { result: ReachabilityResult; time: number }>()
  for (const result of results) {
    const key = keyOf(result.hostId, result.deviceId, result.proxyId)
    const time = timeOf(result)
    const known = latest.get(key)
    if (!known || time >= known.time) latest.set(key, { result, time })
  }
  return {
    latest: (hostId, deviceId, proxyId) => latest.get(keyOf(hostId, deviceId, proxyId))?.result,
    reachOf(hostId, deviceId, proxyId) {
      if (latest.size === 0) return 'untested'
      const result = latest.get(keyOf(hostId, deviceId, proxyId))?.result
      if (!result) return 'untested'
      return result.ok ? 'ok' : 'failed'
    },
  }
}
