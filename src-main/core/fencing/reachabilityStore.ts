// The last `test` results per (host, device, proxy), which the planner uses to order candidates.
// Another process (a CLI `test`, the app) may write the file at any time: it is read again
// whenever it changed, judged by a stat (inode, size, mtime) that costs one system call.
import { readFileSync, statSync } from 'node:fs'
import type { Stats } from 'node:fs'
import type { ReachabilityResult } from '../../common/plan'
import { writeFileAtomicSync } from '../persistence/atomicWrite'

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

/** What identifies one version of the file; `absent` when there is none. */
export function versionOf(file: string): string {
  let stats: Stats
  try {
    stats = statSync(file)
  } catch {
    return 'absent'
  }
  // Atomic writes replace the inode, so even a rewrite within the mtime's granularity is seen.
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`
}

function readResults(file: string): ReachabilityResult[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown
    return Array.isArray(parsed) ? (parsed as ReachabilityResult[]) : []
  } catch {
    return []
  }
}

/** Reachability results in a JSON file; an unreadable file counts as no results. */
export function createReachabilityStore(file: string): ReachabilityStore {
  let cache: ReachabilityResult[] = []
  let cachedVersion: string | undefined
  const load = (): ReachabilityResult[] => {
    const version = versionOf(file)
    if (version !== cachedVersion) {
      cache = version === 'absent' ? [] : readResults(file)
      cachedVersion = version
    }
    return cache
  }
  return {
    all: () => [...load()],
    record(results) {
      // Merged into what the file holds now, not into what this process read last.
      const next = merged(load(), results)
      writeFileAtomicSync(file, JSON.stringify(next, null, 2) + '\n')
      cache = next
      cachedVersion = versionOf(file)
    },
  }
}

/** Reachability results held in memory only: the demo lab's, gone with the process or a reset. */
export function createMemoryReachabilityStore(): ReachabilityStore & { clear(): void } {
  let results: ReachabilityResult[] = []
  return {
    all: () => [...results],
    record: (more) => {
      results = merged(results, more)
    },
    clear: () => {
      results = []
    },
  }
}
