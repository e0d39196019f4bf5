// The last `test` results per (host, device, proxy), which the planner uses to order candidates.
// Another process (a CLI `test`, the app) may write the file at any time: it is read again
// whenever it changed (persistence/sharedJsonList.ts).
import type { ReachabilityResult } from '../../common/plan'
import { createMemoryList, createSharedJsonList } from '../persistence/sharedJsonList'
import type { SharedList } from '../persistence/sharedJsonList'

/** Stored reachability results. */
export interface ReachabilityStore {
  /** The results as the file holds them now. */
  all(): ReachabilityResult[]
  /** Replaces the results of the same (host, device, proxy) and saves. */
  record(results: readonly ReachabilityResult[]): void
}

const keyOf = (r: ReachabilityResult): string => `${r.hostId}\u0000${r.deviceId}\u0000${r.proxyId}`

/** `known` with each of `results` replacing the one of the same (host, device, proxy). */
function merged(
  known: readonly ReachabilityResult[],
  results: readonly ReachabilityResult[],
): ReachabilityResult[] {
  const byKey = new Map(known.map((r) => [keyOf(r), r]))
  for (const result of results) byKey.set(keyOf(result), result)
  return [...byKey.values()]
}

function storeOf(list: SharedList<ReachabilityResult>): ReachabilityStore & { clear(): void } {
  return {
    all: () => list.all(),
    record: (results) => list.update((known) => merged(known, results)),
    clear: () => list.update(() => []),
  }
}

/** Reachability results in a JSON file; an unreadable file counts as no results. */
export function createReachabilityStore(file: string): ReachabilityStore {
  const { all, record } = storeOf(createSharedJsonList<ReachabilityResult>(file))
  return { all, record }
}

/** Reachability results held in memory only: the demo lab's, gone with the process or a reset. */
export function createMemoryReachabilityStore(): ReachabilityStore & { clear(): void } {
  return storeOf(createMemoryList<ReachabilityResult>())
}
