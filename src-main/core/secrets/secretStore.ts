/**
 * The secrets port. Documents in the app's store hold `{ ref }` keys; the values live here —
 * AES-256-GCM files for the CLI and browser mode (`createFileSecretStore`), Electron's safeStorage
 * in the desktop app (`src-main/electron/safeStorageSecrets.ts`).
 */
import type { SecretValue } from '../../common/document'

/** Where secret values are kept. */
export interface SecretStore {
  /** The value of `ref`, or `undefined` if the store has no such secret. */
  get(ref: string): Promise<string | undefined>
  /** Stores a value under a new reference and returns it. */
  set(value: string): Promise<string>
  /** Forgets a secret; unknown references are ignored. */
  delete(ref: string): Promise<void>
  /** Set when the store protects less than it should (e.g. Linux without a keyring). */
  readonly warning?: string
}

/** A secret that cannot be turned into its value at run time. */
export class SecretResolutionError extends Error {
  override readonly name = 'SecretResolutionError'
}

/** True for a `{ ref }` value. */
export function isSecretRef(value: unknown): value is { ref: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { ref?: unknown }).ref === 'string' &&
    Object.keys(value).length === 1
  )
}

/** True for an `{ env }` value. */
export function isEnvSecret(value: unknown): value is { env: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { env?: unknown }).env === 'string' &&
    Object.keys(value).length === 1
  )
}

/**
 * The plain value of a secret: a string as it is, `{ env }` read from the environment now,
 * `{ ref }` from the secret store. Throws {@link SecretResolutionError} naming the variable or the
 * reference when there is no value.
 */
export async function resolveSecret(
  value: SecretValue,
  secrets: SecretStore,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (typeof value === 'string') return value
  if ('env' in value) {
    const found = env[value.env]
    if (found === undefined) {
      throw new SecretResolutionError(`environment variable ${value.env} is not set`)
    }
    return found
  }
  const found = await secrets.get(value.ref)
  if (found === undefined) {
    throw new SecretResolutionError(
      `secret "${value.ref}" is not in this app's secret store (imported from another machine?)`,
    )
  }
  return found
}
