/**
 * The one secret store of a user and workstation, chosen the same way by the desktop app, browser
 * mode and the CLI: the OS keyring when it answers a probe, the encrypted file otherwise. What the
 * file holds moves into the keyring as soon as one answers; nothing leaves the file before the
 * keyring has it.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomicSync } from '../persistence/atomicWrite'
import { isJsonObject } from '../persistence/rawFileBackend'
import { createFileSecretStore } from './fileSecretStore'
import { createKeyringSecretStore, keyringService, loadNativeKeyring } from './keyringSecretStore'
import type { Keyring } from './keyringSecretStore'
import { migrateSecrets } from './migrateSecrets'
import type { SecretStore } from './secretStore'

/** The environment variable that forces a backend: `file`, `keyring` or `auto` (the default). */
export const SECRET_STORE_ENV = 'FENCEPOST_SECRET_STORE'

/** Options of {@link openSecretStore}. */
export interface OpenSecretStoreOptions {
  /** The app's data folder. */
  dataDir: string
  env?: NodeJS.ProcessEnv
  /**
   * The keyring to use: omitted = the OS keyring through `@napi-rs/keyring`; `null` = none (as
   * if no keyring service ran); a stand-in in tests.
   */
  keyring?: Keyring | null
  /** How long the probe may take before the keyring counts as unreachable (default 20 s). */
  probeTimeoutMs?: number
}

/** What {@link openSecretStore} chose. */
export interface OpenedSecretStore {
  store: SecretStore
  backend: 'keyring' | 'file'
  /** Why the keyring is not used (the file backend was chosen automatically). */
  reason?: string
  /**
   * For people, whenever the file was chosen automatically (where the passwords are and how well
   * they are protected) or something went wrong. Show it; the CLI prints it only when `urgent`.
   */
  warning?: string
  /** Secrets of this workstation are in a keyring this process cannot reach now. */
  urgent: boolean
  /** How many secrets moved from the file into the keyring on this open. */
  migrated: number
}

interface Marker {
  backend: 'keyring'
  keyring: string
  service: string
}

/**
 * Opens the secret store of `dataDir`. The keyring is probed with a write, read and delete of a
 * probe entry; when it answers, it is the store (secrets still in the file are moved into it, and
 * read from the file until they are), and `secret-store.json` records that this workstation keeps
 * its secrets there. Otherwise the encrypted file is the store, with a warning — an urgent one
 * when the record says the secrets are in the keyring. Throws for a bad `FENCEPOST_SECRET_STORE`,
 * or when it says `keyring` and no keyring answers.
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<OpenedSecretStore> {
  const env = options.env ?? process.env
  const choice = env[SECRET_STORE_ENV] ?? 'auto'
  if (!['auto', 'file', 'keyring'].includes(choice)) {
    throw new Error(`${SECRET_STORE_ENV}="${choice}": use file, keyring or auto`)
  }
  const file = createFileSecretStore({ dir: options.dataDir })
  if (choice === 'file') return { store: file, backend: 'file', urgent: false, migrated: 0 }

  const service = keyringService(options.dataDir)
  const markerPath = join(options.dataDir, 'secret-store.json')
  let keyring: Keyring | undefined
  let reason: string | undefined
  if (options.keyring === null) {
    reason = 'no OS keyring is configured for this process'
  } else if (options.keyring) {
    keyring = options.keyring
  } else {
    const loaded = loadNativeKeyring()
    if ('keyring' in loaded) keyring = loaded.keyring
    else reason = loaded.error
  }
  if (keyring) reason = await probe(keyring, service, options.probeTimeoutMs ?? 20_000)

  if (keyring && reason === undefined) {
    const inKeyring = createKeyringSecretStore({ keyring, service })
    // Into the keyring itself: through the fallback, every ref would seem to be there already.
    const moved = await migrateSecrets(file, inKeyring)
    const store = withFallback(inKeyring, file)
    const marker: Marker = { backend: 'keyring', keyring: keyring.name, service }
    if (readMarker(markerPath)?.service !== service) {
      writeFileAtomicSync(markerPath, `${JSON.stringify(marker, null, 2)}\n`, 0o600)
    }
    const warning =
      moved.problems.length > 0
        ? `Some secrets stay in ${file.location} (they are still used from there): ` +
          moved.problems.join('; ')
        : undefined
    return {
      store: warning ? { ...store, warning } : store,
      backend: 'keyring',
      ...(warning ? { warning } : {}),
      urgent: false,
      migrated: moved.moved.length,
    }
  }

  if (choice === 'keyring') {
    throw new Error(`${SECRET_STORE_ENV}=keyring, but the OS keyring cannot be used: ${reason}`)
  }
  const marker = readMarker(markerPath)
  if (marker) {
    const unreachable =
      `this workstation keeps its secrets in the OS keyring (${marker.keyring}), which this ` +
      `process cannot reach: ${reason}`
    const warning =
      `The OS keyring (${marker.keyring}) cannot be reached (${reason}). Actions that need a ` +
      'password stored there end with "secret-missing"; passwords saved now go to the encrypted ' +
      `file store ${file.path} and move to the keyring once it answers again.`
    return {
      store: { ...file, unreachable, warning },
      backend: 'file',
      reason: reason ?? 'unknown',
      warning,
      urgent: true,
      migrated: 0,
    }
  }
  const warning =
    `No OS keyring answers (${reason}): passwords are kept in the encrypted file store ` +
    `${file.path}. It keeps them out of the document, exports and backups, but anyone who can ` +
    'read your data folder can decrypt them (the key is there too).'
  return {
    store: { ...file, warning },
    backend: 'file',
    reason: reason ?? 'unknown',
    warning,
    urgent: false,
    migrated: 0,
  }
}

/** Undefined when the keyring stored, returned and deleted a probe entry; else why not. */
async function probe(
  keyring: Keyring,
  service: string,
  timeoutMs: number,
): Promise<string | undefined> {
  // Not a valid ref (leading dot): never listed as a secret, even if its delete fails.
  const account = `.probe-${process.pid}-${randomBytes(6).toString('hex')}`
  const value = randomBytes(12).toString('hex')
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer in ${Math.round(timeoutMs / 1000)} s`), timeoutMs)
  })
  const attempt = (async (): Promise<string | undefined> => {
    try {
      await keyring.set(service, account, value)
      const read = await keyring.get(service, account)
      await keyring.delete(service, account)
      return read === value ? undefined : 'the keyring did not return what was stored in it'
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
  })()
  try {
    return await Promise.race([attempt, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The keyring first; the file for what has not moved yet (or was saved where no keyring ran). */
function withFallback(primary: SecretStore, fallback: SecretStore): SecretStore {
  return {
    ...(primary.location ? { location: primary.location } : {}),
    get: async (ref) => (await primary.get(ref)) ?? (await fallback.get(ref)),
    set: (value) => primary.set(value),
    put: (ref, value) => primary.put(ref, value),
    async delete(ref) {
      await primary.delete(ref)
      await fallback.delete(ref)
    },
    list: async () => [...new Set([...(await primary.list()), ...(await fallback.list())])],
  }
}

function readMarker(path: string): Marker | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (
      isJsonObject(parsed) &&
      parsed.backend === 'keyring' &&
      typeof parsed.keyring === 'string' &&
      typeof parsed.service === 'string'
    ) {
      return { backend: 'keyring', keyring: parsed.keyring, service: parsed.service }
    }
  } catch {
    // No record (or an unreadable one): no keyring was used here.
  }
  return undefined
}
