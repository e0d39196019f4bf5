/**
 * What a process does with the data folder when it starts using it: mark itself as a user of the
 * folder, remove the temp files writers killed half-way left behind (all of them when no other
 * process uses the folder, old ones otherwise), make the backups folder private, and collect the
 * secrets nothing refers to any more.
 */
import { chmodSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { SECRETS_FOLDER } from '../secrets/fileSecretStore'
import { createOrphanCollector } from '../secrets/orphanSecrets'
import type { CollectResult, OrphanCollector } from '../secrets/orphanSecrets'
import type { SecretStore } from '../secrets/secretStore'
import { BACKUP_DIR_MODE } from './documentStore'
import type { DocumentStore } from './documentStore'
import { createRunMarker, liveMarkers, runDir } from './runMarkers'
import { removeTempFiles } from './tempFiles'

/** Options of {@link startHousekeeping}. */
export interface HousekeepingOptions {
  dataDir: string
  store: Pick<DocumentStore, 'path' | 'backupDir'>
  secrets: SecretStore
}

/** The data folder in use by this process. */
export interface Housekeeping {
  /** Collects orphan secrets after saves; imports mark themselves with it. */
  collector: OrphanCollector
  /** Temp files removed at start. */
  removedTempFiles: string[]
  /** The collection at start. */
  collected: CollectResult
  /** This process stops using the folder (idempotent). */
  close(): void
}

/** Starts using `dataDir`: see the module comment. */
export async function startHousekeeping(options: HousekeepingOptions): Promise<Housekeeping> {
  const { dataDir, store } = options
  const marker = createRunMarker(dataDir, 'process')
  try {
    const others = liveMarkers(dataDir, 'process').some((pid) => pid !== process.pid)
    const removedTempFiles = removeTempFiles(
      [dataDir, store.backupDir, join(dataDir, SECRETS_FOLDER), runDir(dataDir)],
      others,
    )
    makePrivate(store.backupDir)
    const collector = createOrphanCollector({
      dataDir,
      secrets: options.secrets,
      storePath: store.path,
      backupDir: store.backupDir,
    })
    const collected = await collector.collect()
    return { collector, removedTempFiles, collected, close: () => marker.release() }
  } catch (error) {
    marker.release()
    throw error
  }
}

function makePrivate(dir: string): void {
  if (process.platform === 'win32') return
  try {
    if ((statSync(dir).mode & 0o777) !== BACKUP_DIR_MODE) chmodSync(dir, BACKUP_DIR_MODE)
  } catch {
    // No backups yet: the first save creates the folder private.
  }
}
