// The append-only history of power actions (DESIGN.md §4): one JSON line per action. Attempts carry
// only redacted stdin, so no secret reaches the file.
//
// Each line holds the host's id (`hostId`, stable) and its name at the time (`host`, what people
// read). A host is looked up by id or name, the way the CLI's HOST argument is: through the current
// document to its id, so entries written under an older name are still found. Lines written before
// `hostId` existed hold only the name; they are matched by the host's current name.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { HistoryEntry } from '../../common/api'
import type { TopologyDocument } from '../../common/document'
import { findHost } from '../../common/planner/machines'

/**
 * Which entries to read: a host as the user named it (id or name; a string matches an entry's
 * `hostId` or its `host`), or a host of the document, matched by id (and lines without an id by
 * its name).
 */
export type HistoryQuery = string | { id: string; name: string }

/** The history log of one data folder. */
export interface HistoryLog {
  append(entry: HistoryEntry): void
  /** Entries newest first: all, or those of one host ({@link historyQuery} makes the query). */
  read(host?: HistoryQuery): HistoryEntry[]
}

/**
 * The query for `ref` (a host's id or name, as the UI and the CLI pass it): the host `ref` names
 * in `doc` when there is one (by id first, as {@link findHost} does), else `ref` itself — a host
 * no longer in the document is still found by the id or name its entries hold.
 */
export function historyQuery(doc: TopologyDocument | undefined, ref: string): HistoryQuery {
  const host = doc ? findHost(doc, ref) : undefined
  return host ? { id: host.id, name: host.name } : ref
}

function matches(entry: HistoryEntry, query: HistoryQuery): boolean {
  if (typeof query === 'string') return entry.hostId === query || entry.host === query
  // An entry with an id belongs to that host whatever it was called; one without, by its name.
  return entry.hostId === undefined ? entry.host === query.name : entry.hostId === query.id
}

function isEntry(value: unknown): value is HistoryEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { host?: unknown }).host === 'string' &&
    Array.isArray((value as { attempts?: unknown }).attempts)
  )
}

/** The entries of `host` (all without one), newest first. */
function newestFirst(entries: readonly HistoryEntry[], host?: HistoryQuery): HistoryEntry[] {
  return entries.filter((entry) => host === undefined || matches(entry, host)).reverse()
}

/** A history log in a JSON-lines file. A damaged line is skipped, never fatal. */
export function createHistoryLog(file: string): HistoryLog {
  return {
    append(entry) {
      mkdirSync(dirname(file), { recursive: true })
      appendFileSync(file, JSON.stringify(entry) + '\n', { mode: 0o600 })
    },
    read(host) {
      if (!existsSync(file)) return []
      const entries: HistoryEntry[] = []
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue
        let entry: unknown
        try {
          entry = JSON.parse(line)
        } catch {
          // A line cut short by a crash: skip it, keep the rest.
          continue
        }
        if (isEntry(entry)) entries.push(entry)
      }
      return newestFirst(entries, host)
    },
  }
}

/** A history log held in memory only: the demo lab's, gone with the process or a reset. */
export function createMemoryHistoryLog(): HistoryLog & { clear(): void } {
  let entries: HistoryEntry[] = []
  return {
    append: (entry) => {
      entries.push(entry)
    },
    read: (host) => newestFirst(entries, host),
    clear: () => {
      entries = []
    },
  }
}
