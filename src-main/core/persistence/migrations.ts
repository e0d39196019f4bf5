/**
 * Store file migrations: one pure function per step, version N → N+1. Each takes the whole store
 * file as parsed JSON (older files are not trusted to have any shape) and returns a new object;
 * the input is never modified.
 *
 * Our own step runner rather than conf's `migrations` option: conf keys migrations on the app's
 * semver, keeps its state in `__internal__` inside the file, and its readme warns of known bugs.
 */
import { DOCUMENT_VERSION } from '../../common/document'
import { preferenceKeyword } from '../../common/preferences'
import { isJsonObject } from './rawFileBackend'

/** The store file version this build reads and writes; it follows the document version. */
export const STORE_VERSION = DOCUMENT_VERSION

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>

/** One step from `from` to `from + 1`. */
export interface Migration {
  from: number
  description: string
  migrate(file: JsonObject): JsonObject
}

/** A store file written by a newer build: never migrated, never overwritten. */
export class NewerVersionError extends Error {
  override readonly name = 'NewerVersionError'
  constructor(
    readonly path: string,
    readonly version: number,
  ) {
    super(
      `${path} was written by a newer Fencepost (store version ${version}; this build reads up to ` +
        `${STORE_VERSION}). The file was left untouched: update Fencepost to open it.`,
    )
  }
}

/**
 * Splits a seed-notation preference list (`Cluster, DC`, `fqdn1,192.0.2.7`) into canonical entries:
 * comma-separated, trimmed, empty entries dropped, keywords read as `common/preferences.ts` reads
 * them; anything else kept as written (never dropped: validation reports it after migration).
 */
export function splitSeedPreferences(seed: string): string[] {
  return seed
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => preferenceKeyword(entry) ?? entry)
}

function migratePreferences(owner: unknown): void {
  if (isJsonObject(owner) && typeof owner.proxyPreferences === 'string') {
    owner.proxyPreferences = splitSeedPreferences(owner.proxyPreferences)
  }
}

function eachObject(list: unknown, visit: (item: JsonObject) => void): void {
  if (Array.isArray(list)) for (const item of list) if (isJsonObject(item)) visit(item)
}

/** 0 → 1: preference lists were stored as the seed string; they become canonical arrays. */
function migrate0to1(input: JsonObject): JsonObject {
  const file = structuredClone(input)
  const topology = file.topology
  if (isJsonObject(topology)) {
    if (topology.version === 0 || topology.version === undefined) topology.version = 1
    migratePreferences(topology.defaults)
    eachObject(topology.dataCenters, migratePreferences)
    eachObject(topology.clusters, migratePreferences)
    eachObject(topology.hosts, (host) => {
      const pm = host.powerManagement
      if (!isJsonObject(pm)) return
      migratePreferences(pm)
      eachObject(pm.devices, migratePreferences)
    })
  }
  file.version = 1
  return file
}

/** Every step, in order: `MIGRATIONS[i].from === i`. */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    description: 'preference lists stored as seed strings become arrays of canonical entries',
    migrate: migrate0to1,
  },
]

/** The result of {@link migrateStoreFile}. */
export interface MigrationOutcome {
  file: JsonObject
  /** The version the file had; equal to {@link STORE_VERSION} when nothing was done. */
  from: number
  /** Descriptions of the steps applied. */
  applied: string[]
}

/**
 * Brings a store file up to {@link STORE_VERSION}. Throws {@link NewerVersionError} for a newer
 * file, and a plain `Error` for a version that is not a whole number ≥ 0.
 */
export function migrateStoreFile(
  input: JsonObject,
  path = 'the store file',
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationOutcome {
  const version = input.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new Error(`"version" must be a whole number ≥ 0, found ${JSON.stringify(version)}`)
  }
  if (version > STORE_VERSION) throw new NewerVersionError(path, version)
  let file = input
  const applied: string[] = []
  for (let v = version; v < STORE_VERSION; v++) {
    const step = migrations[v]
    if (!step || step.from !== v) throw new Error(`no migration from store version ${v}`)
    file = step.migrate(file)
    applied.push(`${v} → ${v + 1}: ${step.description}`)
  }
  return { file, from: version, applied }
}

/**
 * Migrates a bare topology document (an import or `--topology` file) of an older version through
 * the same steps; anything else — not an object, no or a bad version — is returned unchanged for
 * validation to report.
 */
export function migrateDocument(input: unknown): unknown {
  if (!isJsonObject(input)) return input
  const version = input.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return input
  if (version >= STORE_VERSION) return input
  return migrateStoreFile({ version, topology: input }).file.topology
}
