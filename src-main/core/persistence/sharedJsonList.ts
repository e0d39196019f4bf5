// A JSON array in one file of the data folder that another process (a CLI run, the app) may write
// at any time: it is read again whenever it changed, judged by a stat (inode, size, mtime) that
// costs one system call, and every change is merged into what the file holds now, then written
// atomically. The memory twin keeps the same list in this process only (the demo lab's).
import { readFileSync, statSync } from 'node:fs'
import type { Stats } from 'node:fs'
import { writeFileAtomicSync } from './atomicWrite'

/** A list of records kept in a file (or in memory), changed as a whole. */
export interface SharedList<T> {
  /** A copy of the records as they stand now. */
  all(): T[]
  /** Replaces the records by `change` of the ones standing now, and saves. */
  update(change: (current: readonly T[]) => T[]): void
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

function readList<T>(file: string, keep?: (value: unknown) => value is T): T[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown
    if (!Array.isArray(parsed)) return []
    return keep ? parsed.filter(keep) : (parsed as T[])
  } catch {
    return []
  }
}

/**
 * The list in the JSON file `file`; an absent or unreadable file counts as an empty list, and only
 * the entries `keep` accepts are read (default: all of them).
 */
export function createSharedJsonList<T>(
  file: string,
  keep?: (value: unknown) => value is T,
): SharedList<T> {
  let cache: T[] = []
  let cachedVersion: string | undefined
  const load = (): T[] => {
    const version = versionOf(file)
    if (version !== cachedVersion) {
      cache = version === 'absent' ? [] : readList(file, keep)
      cachedVersion = version
    }
    return cache
  }
  return {
    all: () => [...load()],
    update(change) {
      // Merged into what the file holds now, not into what this process read last.
      const next = change(load())
      writeFileAtomicSync(file, JSON.stringify(next, null, 2) + '\n')
      cache = next
      cachedVersion = versionOf(file)
    },
  }
}

/** The same list held in memory only: gone with the process. */
export function createMemoryList<T>(): SharedList<T> {
  let records: T[] = []
  return {
    all: () => [...records],
    update(change) {
      records = change(records)
    },
  }
}
