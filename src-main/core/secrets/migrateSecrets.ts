/**
 * Moving secrets from one store into another under the same refs, so the documents that point at
 * them keep working: the encrypted file into the OS keyring once one runs, and the desktop app's
 * old safeStorage file (`secrets-safe.json`) into the shared store.
 */
import type { SecretStore } from './secretStore'

/** Where secrets come from: any {@link SecretStore}, or {@link secretSourceOf} a plain map. */
export interface SecretSource {
  list(): Promise<string[]>
  get(ref: string): Promise<string | undefined>
  /** Called for each ref once it is safely in the target; omit to keep the source as it is. */
  delete?(ref: string): Promise<void>
}

/** What {@link migrateSecrets} did. */
export interface MigrationResult {
  /** Refs now in the target (copied, or already there with the same value). */
  moved: string[]
  /** Problems per ref; those secrets stay in the source. Never contains a value. */
  problems: string[]
}

/** A {@link SecretSource} over plain `ref → value` entries (e.g. decrypted safeStorage ones). */
export function secretSourceOf(entries: Readonly<Record<string, string>>): SecretSource {
  return {
    list: async () => Object.keys(entries),
    get: async (ref) => (Object.hasOwn(entries, ref) ? entries[ref] : undefined),
  }
}

/**
 * Copies every secret of `from` into `to` under the same ref, reads it back, and only then
 * deletes it from `from` (when `from` can delete). A ref `to` already holds with another value is
 * left alone in both and reported; a failure on one ref does not stop the others. Nothing is lost
 * when the target fails half-way: the source keeps what was not confirmed.
 */
export async function migrateSecrets(
  from: SecretSource,
  to: SecretStore,
): Promise<MigrationResult> {
  const result: MigrationResult = { moved: [], problems: [] }
  for (const ref of await from.list()) {
    try {
      const value = await from.get(ref)
      if (value === undefined) continue
      const existing = await to.get(ref)
      if (existing !== undefined && existing !== value) {
        result.problems.push(
          `secret "${ref}" exists in ${to.location ?? 'the target store'} with another value; ` +
            'both copies were kept',
        )
        continue
      }
      if (existing === undefined) {
        await to.put(ref, value)
        if ((await to.get(ref)) !== value) {
          result.problems.push(
            `secret "${ref}" did not read back from ${to.location ?? 'the target'}`,
          )
          continue
        }
      }
      result.moved.push(ref)
      await from.delete?.(ref)
    } catch (error) {
      result.problems.push(
        `secret "${ref}" could not be moved: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  return result
}
