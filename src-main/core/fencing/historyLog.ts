// The append-only history of power actions (DESIGN.md §4): one JSON line per action. Attempts carry
// only redacted stdin, so no secret reaches the file.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { HistoryEntry } from '../../common/api'

/** The history log of one data folder. */
export interface HistoryLog {
  append(entry: HistoryEntry): void
  /** Entries newest first, optionally of one host (by name). */
  read(host?: string): HistoryEntry[]
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
        try {
          const entry = JSON.parse(line) as HistoryEntry
          if (!host || entry.host === host) entries.push(entry)
        } catch {
          // A line cut short by a crash: skip it, keep the rest.
        }
      }
      return entries.reverse()
    },
  }
}
