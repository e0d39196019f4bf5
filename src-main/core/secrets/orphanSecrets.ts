/**
 * Collecting secrets nothing refers to any more. A secret stays as long as the store file, any
 * file in `backups/` or a moved-aside `config.corrupt-*.json` refers to it: an undo step of an
 * open window only holds documents that were loaded or saved, and each of those is kept in
 * `backups/` (see the document store's rotation), so a window can undo as far as the backups go
 * and save again. Collection runs at start and after a save, never between a backup and the store
 * write, and never while another import (any process) is creating secrets.
 */
import { basename, dirname, join } from 'node:path'
import { createRunMarker, liveMarkers } from '../persistence/runMarkers'
import type { RunMarker } from '../persistence/runMarkers'
import { listFolder, readTextIfExists } from '../persistence/rawFileBackend'
import { isSecretRef } from './secretStore'
import type { SecretStore } from './secretStore'

/** What one collection did. */
export interface CollectResult {
  /** Refs deleted from the secret store. */
  removed: string[]
  /** Why nothing (or not everything) was collected; never a secret value. */
  problems: string[]
  /** True when collection was skipped (an import is running, a file could not be read). */
  skipped: boolean
}

/** Options of {@link createOrphanCollector}. */
export interface OrphanCollectorOptions {
  /** The data folder (its `run/` holds the import markers). */
  dataDir: string
  secrets: SecretStore
  /** The store file (`config.json`). */
  storePath: string
  /** The backups folder. */
  backupDir: string
}

/** Collects orphan secrets; imports mark themselves so collection never races them. */
export interface OrphanCollector {
  /** Marks an import that creates secrets (in this process and on disk) until released. */
  beginImport(): RunMarker
  /** Deletes every secret nothing refers to; skipped while an import runs anywhere. */
  collect(): Promise<CollectResult>
}

/** Every `{ ref }` anywhere in a parsed JSON value. */
export function refsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, into)
  } else if (typeof value === 'object' && value !== null) {
    if (isSecretRef(value)) into.add(value.ref)
    else for (const item of Object.values(value)) refsIn(item, into)
  }
  return into
}

/** Refs in a file; a file that is not JSON (moved aside as corrupt) is searched as text. */
function refsInFile(path: string, into: Set<string>): void {
  const text = readTextIfExists(path)
  if (text === undefined) return
  try {
    refsIn(JSON.parse(text), into)
  } catch {
    for (const match of text.matchAll(/"ref"\s*:\s*"([^"\\]+)"/g)) into.add(match[1]!)
  }
}

function filesIn(dir: string, keep: (name: string) => boolean): string[] {
  return listFolder(dir)
    .filter(keep)
    .map((name) => join(dir, name))
}

/** Builds the collector of a data folder. */
export function createOrphanCollector(options: OrphanCollectorOptions): OrphanCollector {
  let importsHere = 0
  const storeBase = basename(options.storePath).replace(/\.json$/, '')

  function referenced(): Set<string> {
    const refs = new Set<string>()
    // The store first, then the backups: a save writes its backup before the store, so a store
    // read before a concurrent save is still found among the backups read after it.
    refsInFile(options.storePath, refs)
    for (const path of filesIn(options.backupDir, (name) => name.endsWith('.json'))) {
      refsInFile(path, refs)
    }
    const corrupt = (name: string) => name.startsWith(`${storeBase}.corrupt-`)
    for (const path of filesIn(dirname(options.storePath), corrupt)) refsInFile(path, refs)
    return refs
  }

  return {
    beginImport() {
      importsHere++
      let marker: RunMarker | undefined
      try {
        marker = createRunMarker(options.dataDir, 'import')
      } catch (error) {
        importsHere--
        throw error
      }
      let held = true
      return {
        release() {
          if (!held) return
          held = false
          importsHere--
          marker.release()
        },
      }
    },

    async collect() {
      const skip = (why: string): CollectResult => ({
        removed: [],
        problems: [why],
        skipped: true,
      })
      let held: string[]
      try {
        held = await options.secrets.list()
      } catch (error) {
        return skip(`the secret store cannot be listed: ${message(error)}`)
      }
      // After the list: an import marks itself before it creates a secret, so a secret in the
      // list is either covered by a live marker seen now, or already in the store or a backup.
      if (importsHere > 0 || liveMarkers(options.dataDir, 'import').length > 0) {
        return skip('an import is running; unused secrets are collected after it')
      }
      let refs: Set<string>
      try {
        refs = referenced()
      } catch (error) {
        return skip(`cannot read what refers to secrets: ${message(error)}`)
      }
      const result: CollectResult = { removed: [], problems: [], skipped: false }
      for (const ref of held) {
        if (refs.has(ref)) continue
        try {
          await options.secrets.delete(ref)
          result.removed.push(ref)
        } catch (error) {
          result.problems.push(`unused secret "${ref}" could not be deleted: ${message(error)}`)
        }
      }
      return result
    },
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
