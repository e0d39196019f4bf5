/**
 * Moving a document into and out of the app's store (DESIGN.md §2): on import, plain secrets go
 * to the secret store and the document keeps `{ ref }`s; exports leave secrets out unless asked.
 */
import type { ParamValue, TopologyDocument } from '../../common/document'
import { isApiError } from '../../common/errors'
import { formatPath, type ValidationIssue } from '../../common/validation'
import {
  DOCUMENT_PATH,
  validateDocument,
  type ValidateOptions,
} from '../validation/validateDocument'
import type { OrphanCollector } from '../secrets/orphanSecrets'
import { isEnvSecret, isSecretRef, type SecretStore } from '../secrets/secretStore'
import type { DocumentStore } from './documentStore'
import { migrateDocument } from './migrations'
import { describeError } from './rawFileBackend'

// The rule lives in common so change summaries in the renderer use the same one.
import { type IsSecretParam, defaultIsSecretParam } from '../../common/secretParams'
export { defaultIsSecretParam, type IsSecretParam } from '../../common/secretParams'

/** Options of {@link importDocument}. */
export interface ImportOptions {
  store: DocumentStore
  secrets: SecretStore
  validateOptions?: ValidateOptions
  isSecretParam?: IsSecretParam
  /**
   * Collects the secrets nothing refers to after a successful save, and keeps collection (in any
   * process) away while this import creates secrets. Without it no secret is ever deleted.
   */
  collector?: OrphanCollector
  /**
   * The store revision the document was based on (DESIGN.md §5a): refused with ApiError
   * `changed-elsewhere` when the store moved on. Left out, the import overwrites.
   */
  baseRevision?: number
}

/** What {@link importDocument} did. */
export type ImportResult =
  | {
      ok: true
      /** The document as stored, with `{ ref }`s in place of plain secrets. */
      document: TopologyDocument
      /** How many plain secrets went into the secret store. */
      movedSecrets: number
      /**
       * How many unused secrets were deleted after the save: those neither the store nor any
       * backup refers to (secrets of the previous document stay while a backup holds it).
       */
      removedSecrets: number
      /** Things worth telling (a broken store file moved aside, a secret that could not go). */
      problems: string[]
      /** The store's revision after the save. */
      revision: number
      /** What validation warned about (the document is valid and was saved). */
      warnings: ValidationIssue[]
    }
  | { ok: false; issues: ValidationIssue[] }

/** Options of {@link exportDocument}. */
export interface ExportOptions {
  store: DocumentStore
  secrets: SecretStore
  /** Write secrets as plain strings. Otherwise they are left out (the key removed). */
  includeSecrets?: boolean
  isSecretParam?: IsSecretParam
}

/** What {@link exportDocument} produced. */
export interface ExportResult {
  /** `undefined` when the store holds no document. */
  document: TopologyDocument | undefined
  problems: string[]
}

/** A place in a document where a secret may sit. */
interface SecretSlot {
  path: string
  value: unknown
  /** A secret by position (`ssh.password`, a secret parameter), not just by holding a `{ ref }`. */
  secret: boolean
  /** Replaces the value; `undefined` removes the key. */
  set(value: ParamValue | undefined): void
}

function sshSlot(
  owner: { ssh?: { password?: unknown } } | undefined,
  path: (string | number)[],
  slots: SecretSlot[],
): void {
  const ssh = owner?.ssh
  if (!ssh || ssh.password === undefined) return
  slots.push({
    path: formatPath([...path, 'ssh', 'password']),
    value: ssh.password,
    secret: true,
    set(value) {
      if (value === undefined) delete ssh.password
      else ssh.password = value
    },
  })
}

/** Every secret position of a document, and every parameter that holds a `{ ref }`. */
function secretSlots(document: TopologyDocument, isSecretParam: IsSecretParam): SecretSlot[] {
  const slots: SecretSlot[] = []
  if (typeof document.engine.exec === 'object') {
    sshSlot(document.engine.exec, ['engine', 'exec'], slots)
  }
  document.hosts.forEach((host, h) => {
    sshSlot(host, ['hosts', h], slots)
    host.powerManagement?.devices.forEach((device, d) => {
      for (const [name, value] of Object.entries(device.params)) {
        const secret = isSecretParam(device.type, name)
        if (!secret && !isSecretRef(value)) continue
        slots.push({
          path: formatPath(['hosts', h, 'powerManagement', 'devices', d, 'params', name]),
          value,
          secret,
          set(next) {
            if (next === undefined) delete device.params[name]
            else device.params[name] = next
          },
        })
      }
    })
  })
  document.proxies.forEach((proxy, p) => sshSlot(proxy, ['proxies', p], slots))
  return slots
}

/**
 * Validates a document and makes it the store's document. Every issue is returned and nothing is
 * written when it is invalid (older document versions are migrated first). Plain secrets are moved
 * to the secret store and replaced by `{ ref }`; `{ env }` values stay; a `{ ref }` must name a
 * secret this store has. Nothing is deleted here that the store, a backup or an undo step (a
 * loaded or saved document, so a backup) may still need: after a successful save the collector
 * deletes only secrets nothing refers to. Failures come back as issues; it throws only the ApiErrors
 * `changed-elsewhere` (see `baseRevision`) and `busy` (another process kept the store locked).
 */
export async function importDocument(
  input: unknown,
  options: ImportOptions,
): Promise<ImportResult> {
  const { store, secrets } = options
  const isSecretParam = options.isSecretParam ?? defaultIsSecretParam
  const created: string[] = []
  const rollback = async () => {
    for (const ref of created) await secrets.delete(ref).catch(() => undefined)
  }
  let importing: { release(): void } | undefined
  try {
    let candidate = input
    try {
      candidate = migrateDocument(input)
    } catch {
      // Not migratable: validation says what is wrong with it as it is.
    }
    const checked = validateDocument(candidate, options.validateOptions)
    if (!checked.ok) return { ok: false, issues: checked.issues }
    const document = structuredClone(checked.document)
    const slots = secretSlots(document, isSecretParam)
    // From the first secret looked up or created until the store refers to them, no collection.
    importing = options.collector?.beginImport()

    const issues: ValidationIssue[] = []
    for (const slot of slots) {
      if (!isSecretRef(slot.value)) continue
      const found = await secrets.get(slot.value.ref).catch((error: unknown) => {
        issues.push({ path: slot.path, message: describeError(error) })
        return null
      })
      if (found === undefined) {
        issues.push({
          path: slot.path,
          message:
            `secret reference "${slot.value.ref}" is not in the secret store on this ` +
            'workstation: enter the password again',
        })
      }
    }
    if (issues.length > 0) {
      importing?.release()
      return { ok: false, issues }
    }

    const previous = store.load()
    const problems = [...previous.problems]

    for (const slot of slots) {
      if (!slot.secret || isEnvSecret(slot.value) || isSecretRef(slot.value)) continue
      if (typeof slot.value !== 'string' && typeof slot.value !== 'number') continue
      const ref = await secrets.set(String(slot.value))
      created.push(ref)
      slot.set({ ref })
    }

    const saved = store.save(document, { baseRevision: options.baseRevision })
    if (!saved.ok) {
      await rollback()
      importing?.release()
      return { ok: false, issues: saved.issues }
    }
    problems.push(...saved.problems)
    importing?.release()

    // Now that the store (and the backup of the previous document) are written: what nothing
    // refers to any more — neither the store nor a backup — goes.
    let removedSecrets = 0
    if (options.collector) {
      const collected = await options.collector.collect()
      removedSecrets = collected.removed.length
      if (!collected.skipped) problems.push(...collected.problems)
    }
    return {
      ok: true,
      document: saved.document,
      movedSecrets: created.length,
      removedSecrets,
      problems,
      revision: saved.revision,
      warnings: checked.warnings,
    }
  } catch (error) {
    await rollback()
    importing?.release()
    // A refusal the hosts map (changed elsewhere, store busy) stays one.
    if (isApiError(error)) throw error
    return { ok: false, issues: [{ path: DOCUMENT_PATH, message: describeError(error) }] }
  }
}

/**
 * The store's document for export. Secrets (by position, or any `{ ref }`) are left out — the key
 * removed — unless `includeSecrets`, in which case `{ ref }`s become the plain values. `{ env }`
 * values are kept as they are either way: they name a variable, not a secret.
 */
export async function exportDocument(options: ExportOptions): Promise<ExportResult> {
  const isSecretParam = options.isSecretParam ?? defaultIsSecretParam
  const loaded = options.store.load()
  const problems = [...loaded.problems]
  if (!loaded.document) return { document: undefined, problems }
  const document = structuredClone(loaded.document)
  for (const slot of secretSlots(document, isSecretParam)) {
    if (isEnvSecret(slot.value)) continue
    if (!options.includeSecrets) {
      slot.set(undefined)
      continue
    }
    if (!isSecretRef(slot.value)) continue
    const value = await options.secrets.get(slot.value.ref).catch((error: unknown) => {
      problems.push(`${slot.path}: ${describeError(error)}`)
      return null
    })
    if (typeof value === 'string') {
      slot.set(value)
    } else {
      if (value === undefined) {
        problems.push(`${slot.path}: secret "${slot.value.ref}" is missing from the secret store`)
      }
      slot.set(undefined)
    }
  }
  return { document, problems }
}
