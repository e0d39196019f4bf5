// The secrets the desktop app kept before there was one store for the app and the CLI: values
// encrypted with Electron's safeStorage in `secrets-safe.json`. They are read once, at startup, to
// be moved into the shared store (secretMigration.ts); nothing writes this file any more.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { SafeStorage } from 'electron'
import { fsyncDirectory } from '../core/persistence/atomicWrite'
import { isErrnoException, isJsonObject } from '../core/persistence/rawFileBackend'

/** The old file's name in the data folder. */
export const LEGACY_SECRETS_FILE = 'secrets-safe.json'

/** What the old file held. */
export interface LegacySecrets {
  path: string
  /** ref → plain value, for every entry that could be decrypted. */
  values: Map<string, string>
  /** References whose value could not be decrypted, with the reason. */
  unreadable: { ref: string; reason: string }[]
}

/** The safeStorage calls the reader uses. */
export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'decryptStringAsync'>

/**
 * Reads and decrypts `secrets-safe.json` in `dataDir`; undefined when there is no such file. A file
 * that is not a secrets file throws (it is left as it is). Call after the app's `ready` event.
 */
export async function readLegacySecrets(
  dataDir: string,
  safeStorage: SafeStorageLike,
): Promise<LegacySecrets | undefined> {
  const path = join(dataDir, LEGACY_SECRETS_FILE)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined
    throw error
  }
  const parsed: unknown = JSON.parse(text)
  if (!isJsonObject(parsed) || parsed.version !== 1 || !isJsonObject(parsed.secrets)) {
    throw new Error(`${path} is not a Fencepost secrets file (version 1); it was left as it is`)
  }
  const entries = Object.entries(parsed.secrets)
  const values = new Map<string, string>()
  const unreadable: LegacySecrets['unreadable'] = []
  const available = entries.length > 0 && (await safeStorage.isAsyncEncryptionAvailable())
  for (const [ref, encrypted] of entries) {
    if (!available) {
      unreadable.push({ ref, reason: 'safeStorage is not available on this system' })
      continue
    }
    try {
      if (typeof encrypted !== 'string') throw new Error('not a base64 string')
      const { result } = await safeStorage.decryptStringAsync(Buffer.from(encrypted, 'base64'))
      values.set(ref, result)
    } catch (error) {
      unreadable.push({ ref, reason: error instanceof Error ? error.message : String(error) })
    }
  }
  return { path, values, unreadable }
}

/** Deletes the old file once everything in it lives in the shared store. */
export function removeLegacySecrets(legacy: Pick<LegacySecrets, 'path'>): void {
  rmSync(legacy.path, { force: true })
  fsyncDirectory(join(legacy.path, '..'))
}
