// The last `test` results per (host, device, proxy), which the planner uses to order candidates.
import { existsSync, readFileSync } from 'node:fs'
import type { ReachabilityResult } from '../../common/plan'
import { writeFileAtomicSync } from '../persistence/atomicWrite'

/** Stored reachability results. */
export interface ReachabilityStore {
  all(): ReachabilityResult[]
  /** Replaces the results of the same (host, device, proxy) and saves. */
  record(results: readonly ReachabilityResult[]): void
}

const keyOf = (r: ReachabilityResult): string => `${r.hostId}\u0000${r.deviceId}\u0000${r.proxyId}`

/** Reachability results in a JSON file; an unreadable file counts as no results. */
export function createReachabilityStore(file: string): ReachabilityStore {
  let cache: ReachabilityResult[] | undefined
  const load = (): ReachabilityResult[] => {
    if (cache) return cache
    try {
      cache = existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as ReachabilityResult[])
        : []
      if (!Array.isArray(cache)) cache = []
    } catch {
      cache = []
    }
    return cache
  }
  return {
    all: () => [...load()],
    record(results) {
      const merged = new Map(load().map((r) => [keyOf(r), r]))
      for (const result of results) merged.set(keyOf(result), result)
      cache = [...merged.values()]
      writeFileAtomicSync(file, JSON.stringify(cache, null, 2) + '\n')
    },
  }
}
