// The hosts' known power (DESIGN.md §4): what an action or a status last confirmed per host. The
// planner rejects a host known off as a proxy. Like the reachability results, the file may be
// written by another process (a CLI `off`, the app) at any time: it is read again whenever its
// stat changed. The demo lab keeps its own, in memory, never mixed with the real lab's file.
import type { KnownPower } from '../../common/knownPower'
import { withKnownPower } from '../../common/knownPower'
import { createMemoryList, createSharedJsonList } from '../persistence/sharedJsonList'
import type { SharedList } from '../persistence/sharedJsonList'

/** Stored known power, one record per host. */
export interface KnownPowerStore {
  /** The records as they stand now. */
  all(): KnownPower[]
  /** Replaces the host's record and saves. */
  record(entry: KnownPower): void
  /** Forgets every record (the demo lab's reset). */
  clear(): void
}

function isRecord(value: unknown): value is KnownPower {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.hostId === 'string' &&
    (v.power === 'on' || v.power === 'off') &&
    typeof v.at === 'string'
  )
}

function storeOf(list: SharedList<KnownPower>): KnownPowerStore {
  return {
    all: () => list.all(),
    // Merged into what the file holds now, not into what this process read last.
    record: (entry) => list.update((known) => withKnownPower(known, entry)),
    clear: () => list.update(() => []),
  }
}

/** Known power in a JSON file (`power.json`); an unreadable file counts as nothing known. */
export function createKnownPowerStore(file: string): KnownPowerStore {
  return storeOf(createSharedJsonList(file, isRecord))
}

/** Known power held in memory only: the demo lab's, gone with the process or a reset. */
export function createMemoryKnownPowerStore(): KnownPowerStore {
  return storeOf(createMemoryList<KnownPower>())
}
