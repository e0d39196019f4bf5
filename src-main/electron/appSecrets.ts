// The desktop app's secret store: the one the CLI uses too, chosen by the core's openSecretStore
// (OS keyring where a keyring service answers, the encrypted file otherwise). At startup the values
// the app kept in its old safeStorage file are moved into it with the core's migrateSecrets, under
// the same references, and the file goes once nothing is left behind. safeStorage is needed only
// to read that old file: without a keyring the app still starts.
import { migrateSecrets, secretSourceOf } from '../core/secrets/migrateSecrets'
import type { OpenedSecretStore } from '../core/secrets/openSecretStore'
import type { SecretStore } from '../core/secrets/secretStore'
import type { LegacySecrets } from './legacySecrets'

/** What {@link openAppSecrets} needs. */
export interface AppSecretsOptions {
  /** The shared store, as the core chooses it for this user and workstation. */
  open(): Promise<OpenedSecretStore>
  /** The old safeStorage secrets, or undefined when there are none. */
  readLegacy(): Promise<LegacySecrets | undefined>
  removeLegacy(legacy: LegacySecrets): void
}

/** The store, and what the user must be told about it. */
export interface AppSecrets {
  store: SecretStore
  /** Shown once to the user: the file fallback, secrets that could not be moved. */
  warnings: string[]
  /** How many old secrets are now in the shared store. */
  migrated: number
}

/** Opens the shared store and migrates the old safeStorage secrets into it. */
export async function openAppSecrets(options: AppSecretsOptions): Promise<AppSecrets> {
  const opened = await options.open()
  const warnings = opened.warning ? [opened.warning] : []
  let legacy: LegacySecrets | undefined
  try {
    legacy = await options.readLegacy()
  } catch (error) {
    warnings.push(`The passwords of an earlier version could not be read: ${errorText(error)}`)
  }
  if (!legacy) return { store: opened.store, warnings, migrated: 0 }
  const moved = await migrateSecrets(
    secretSourceOf(Object.fromEntries(legacy.values)),
    opened.store,
  )
  const left = [
    ...legacy.unreadable.map((u) => `secret "${u.ref}" cannot be decrypted (${u.reason})`),
    ...moved.problems,
  ]
  if (left.length === 0) options.removeLegacy(legacy)
  else {
    warnings.push(
      `${left.length} password(s) of an earlier version stay in ${legacy.path} and are tried ` +
        `again at the next start: ${left.join('; ')}`,
    )
  }
  return { store: opened.store, warnings, migrated: moved.moved.length }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
