/**
 * The app's own copy of the topology document: one JSON file (`config.json` in the data folder),
 * versioned, migrated on load, backed up on every save, never silently replaced.
 *
 * File layout (store version = {@link STORE_VERSION}):
 *
 * ```json
 * { "version": 1, "revision": 7, "topology": { "version": 1, "engine": { … }, … } }
 * ```
 *
 * `version` is the store schema version; `revision` counts the saves (DESIGN.md §5a: a save names
 * the revision it was based on and is refused when the store moved on; a file without one is
 * revision 0); `topology` is the document of DESIGN.md §2. Any other
 * top-level key (a future `settings`, `reachability`, …) belongs to another store: it is kept as
 * it is on every save. An empty object (`{}`, what conf/electron-store create) is an empty store.
 */
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { TopologyDocument } from '../../common/document'
import { ApiError } from '../../common/errors'
import { formatIssue, type ValidationIssue } from '../../common/validation'
import {
  DOCUMENT_PATH,
  validateDocument,
  type ValidateOptions,
  type ValidationResult,
} from '../validation/validateDocument'
import { withLock } from '../locks/fileLock'
import { fsyncDirectory } from './atomicWrite'
import { STORE_FILE_MODE } from './confBackend'
import { migrateStoreFile, NewerVersionError, STORE_VERSION, type JsonObject } from './migrations'
import { removeTempFiles } from './tempFiles'
import {
  describeError,
  isErrnoException,
  isJsonObject,
  listFolder,
  UnreadableFileError,
  type RawFileBackend,
} from './rawFileBackend'

/** What {@link DocumentStore.load} found. */
export interface LoadResult {
  /**
   * `loaded`: `document` is the stored document. `empty`: there is no document yet.
   * `recovered`: the file was broken; it was moved aside (`movedTo`), the store is now empty and
   * `problems` say why.
   */
  status: 'loaded' | 'empty' | 'recovered'
  document?: TopologyDocument
  /** Messages for people: what was wrong, where the broken file went, what was migrated. */
  problems: string[]
  /** The store version the file had when it was migrated on this load. */
  migratedFrom?: number
  /** Where a broken file was moved (`config.corrupt-<timestamp>.json`). */
  movedTo?: string
  /** The store's revision (0 for an empty store or a file from before revisions). */
  revision: number
}

/** Options of {@link DocumentStore.save}. */
export interface StoreSaveOptions {
  /**
   * The revision the document was based on: the save is refused with ApiError
   * `changed-elsewhere` when the store is at another one. Left out, the save overwrites.
   */
  baseRevision?: number
}

/** What {@link DocumentStore.save} did. */
export type SaveResult =
  | { ok: true; document: TopologyDocument; problems: string[]; revision: number }
  | { ok: false; issues: ValidationIssue[] }

/** The topology document's persistence. */
export interface DocumentStore {
  /** The store file. */
  readonly path: string
  /** The backups folder (`backups/` next to the file). */
  readonly backupDir: string
  /**
   * Reads the document. A broken file is moved aside and reported, an older one migrated in
   * memory (written back on the next save). Throws {@link NewerVersionError} for a file of a
   * newer build, leaving it untouched.
   */
  load(): LoadResult
  /**
   * Validates and writes the document. An invalid document is rejected whole with every issue and
   * nothing is written. Otherwise the previous file is copied to `backups/` (published whole;
   * the newest `keepBackups` are kept, and those younger than `keepBackupsForMs`) and the new one
   * written atomically. Throws
   * {@link NewerVersionError} rather than overwrite a newer build's file, and ApiError
   * `changed-elsewhere` when `baseRevision` is given and the store is at another revision. Saves
   * of several processes are serialized by a lock file beside the store.
   */
  save(document: unknown, options?: StoreSaveOptions): SaveResult
  /** The stored revision, read from the file now (0 when empty or unreadable). */
  revision(): number
  /** The backup files, oldest first. */
  listBackups(): string[]
  /**
   * One backup by its file name (as {@link listBackups} lists it), migrated like a load: when it
   * was made, its revision and its document (not validated). `undefined` for a name that is not
   * a backup of this store; throws when the file cannot be read or parsed.
   */
  readBackup(id: string): StoredBackup | undefined
}

/** A backup as {@link DocumentStore.readBackup} reads it. */
export interface StoredBackup {
  id: string
  /** When the save that replaced it ran (ISO time). */
  at: string
  revision: number
  /** The `topology` it holds; undefined for a backup of an empty store. */
  topology: unknown
}

/** Options of {@link createDocumentStore}. */
export interface DocumentStoreOptions {
  backend: RawFileBackend
  validateOptions?: ValidateOptions
  /**
   * The validator to use instead of `validateDocument` with `validateOptions` (the core passes its
   * memoized one, so a load and a validation of the same document cost one pass).
   */
  validate?: (input: unknown) => ValidationResult
  /** How many backups to keep (default 10). */
  keepBackups?: number
  /**
   * Also keep every backup younger than this (default 0: count only), up to `maxBackups`. Secrets
   * live as long as a backup refers to them, so this is how far back an open window can undo
   * across saves and still save.
   */
  keepBackupsForMs?: number
  /** The most backups kept whatever their age (default 200). */
  maxBackups?: number
  /** The clock used for backup and moved-aside file names. */
  now?: () => Date
}

const MAX_LISTED_ISSUES = 20
/** The backups folder is the user's alone: backups name machines, users and secret refs. */
export const BACKUP_DIR_MODE = 0o700

/** Builds the store over a raw file backend. */
export function createDocumentStore(options: DocumentStoreOptions): DocumentStore {
  const { backend } = options
  const keep = options.keepBackups ?? 10
  const now = options.now ?? (() => new Date())
  const dir = dirname(backend.path)
  const base = basename(backend.path).replace(/\.json$/, '')
  const backupDir = join(dir, 'backups')
  const lockPath = join(dir, `.${basename(backend.path)}.lock`)
  const backupPattern = new RegExp(
    `^${escapeRegExp(base)}-(\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z)(?:_(\\d+))?\\.json$`,
  )

  function validate(input: unknown): ValidationResult {
    return options.validate
      ? options.validate(input)
      : validateDocument(input, options.validateOptions)
  }

  /** Renames the broken store file to `<name>.corrupt-<timestamp>.json`, never overwriting. */
  function moveAsideFile(): string {
    const movedTo = uniquePath((n) => join(dir, `${base}.corrupt-${stamp(now())}${suffix(n)}.json`))
    renameSync(backend.path, movedTo)
    return movedTo
  }

  function moveAside(reason: string): LoadResult {
    const movedTo = moveAsideFile()
    return {
      status: 'recovered',
      problems: [
        `${backend.path} ${reason}`,
        `The file was moved to ${movedTo} and the store starts empty; earlier versions are in ` +
          `${backupDir}.`,
      ],
      movedTo,
      revision: 0,
    }
  }

  function load(): LoadResult {
    // A temp file of a writer killed mid-write (another process may be writing: old ones only).
    removeTempFiles([dir], true, now().getTime())
    let raw: unknown
    try {
      raw = backend.read()
    } catch (error) {
      if (error instanceof UnreadableFileError) return moveAside(error.reason)
      throw error
    }
    if (raw === undefined) return { status: 'empty', problems: [], revision: 0 }
    if (!isJsonObject(raw)) return moveAside('is not a JSON object')
    if (Object.keys(raw).length === 0) return { status: 'empty', problems: [], revision: 0 }

    let file: JsonObject
    let migration: { from: number; applied: string[] }
    try {
      const outcome = migrateStoreFile(raw, backend.path)
      file = outcome.file
      migration = outcome
    } catch (error) {
      if (error instanceof NewerVersionError) throw error
      return moveAside(`cannot be migrated: ${describeError(error)}`)
    }
    const migrated = migration.applied.length > 0
    const notes = migration.applied.map(
      (step) => `Migrated ${backend.path} from store version ${step}.`,
    )
    const extra = {
      ...(migrated ? { migratedFrom: migration.from } : {}),
      revision: revisionOf(file),
    }

    if (file.topology === undefined) return { status: 'empty', problems: notes, ...extra }
    const result = validate(file.topology)
    if (!result.ok) {
      const listed = result.issues
        .slice(0, MAX_LISTED_ISSUES)
        .map((issue) =>
          issue.path === DOCUMENT_PATH
            ? `  topology: ${issue.message}`
            : `  topology.${formatIssue(issue)}`,
        )
      const more = result.issues.length - listed.length
      const reason = [
        `does not hold a valid document (${result.issues.length} issue(s)):`,
        ...listed,
        ...(more > 0 ? [`  … and ${more} more`] : []),
      ].join('\n')
      const moved = moveAside(reason)
      return { ...moved, problems: [...notes, ...moved.problems], ...extra, revision: 0 }
    }
    return { status: 'loaded', document: result.document, problems: notes, ...extra }
  }

  function save(input: unknown, saveOptions: StoreSaveOptions = {}): SaveResult {
    const result = validate(input)
    if (!result.ok) return { ok: false, issues: result.issues }
    // Read, compare and write as one step across processes (the app, browser mode, the CLI).
    return withLock(lockPath, { action: 'save' }, () => saveValid(result.document, saveOptions), {
      busy: (holder) =>
        new ApiError('busy', `the store is being saved by another process (pid ${holder.pid})`, {
          holder,
        }),
    })
  }

  function saveValid(document: TopologyDocument, saveOptions: StoreSaveOptions): SaveResult {
    const problems: string[] = []
    let others: JsonObject = {}
    const previous = readBytes(backend.path)
    const state = previous === undefined ? undefined : inspectPrevious(previous)
    const current = state?.kind === 'store' ? revisionOf(state.file) : 0
    const base = saveOptions.baseRevision
    if (base !== undefined && base !== current) {
      throw new ApiError(
        'changed-elsewhere',
        `the topology was changed elsewhere (revision ${current}, you edited ${base})`,
        { revision: current },
      )
    }
    if (previous !== undefined && state !== undefined) {
      if (state.kind === 'newer') throw new NewerVersionError(backend.path, state.version)
      if (state.kind === 'foreign') {
        // Not a store file we understand: keep it beside the store, where backup rotation will
        // never delete it, as load() would have.
        const movedTo = moveAsideFile()
        problems.push(`${backend.path} ${state.reason}; it was moved to ${movedTo} before saving.`)
      } else {
        others = keptKeys(state.file, backend.path)
        writeBackup(previous)
      }
    }

    const revision = current + 1
    backend.write({ ...others, version: STORE_VERSION, revision, topology: document })
    rotateBackups()
    return { ok: true, document, problems, revision }
  }

  function revision(): number {
    try {
      const raw = backend.read()
      return isJsonObject(raw) ? revisionOf(raw) : 0
    } catch {
      return 0
    }
  }

  /** The backups folder, private to the user (older builds made it 0755). */
  function ensureBackupDir(): void {
    mkdirSync(backupDir, { recursive: true, mode: BACKUP_DIR_MODE })
    if (process.platform !== 'win32' && (statSync(backupDir).mode & 0o777) !== BACKUP_DIR_MODE) {
      chmodSync(backupDir, BACKUP_DIR_MODE)
    }
  }

  function writeBackup(bytes: Buffer): void {
    ensureBackupDir()
    // Written whole to a temp file, then published with link() (fails if the name is taken): a
    // process killed half-way leaves a temp file, never a torn backup whose refs could not be read.
    const temp = join(backupDir, `.${base}.${randomBytes(6).toString('hex')}.tmp`)
    writeFileSync(temp, bytes, { flag: 'wx', mode: STORE_FILE_MODE, flush: true })
    try {
      publishBackup(temp)
    } finally {
      rmSync(temp, { force: true })
    }
    fsyncDirectory(backupDir)
  }

  function publishBackup(temp: string): void {
    const at = stamp(now())
    // Within one timestamp, numbering goes on from the highest existing suffix: a slot freed by
    // rotation must not be reused, or the newest backup would sort as the oldest.
    let n = 0
    for (const path of listBackups()) {
      const match = backupPattern.exec(basename(path))
      if (match?.[1] === at) n = Math.max(n, Number(match[2] ?? 0) + 1)
    }
    for (; ; n++) {
      try {
        linkSync(temp, join(backupDir, `${base}-${at}${suffix(n)}.json`))
        return
      } catch (error) {
        if (!(isErrnoException(error) && error.code === 'EEXIST')) throw error
      }
    }
  }

  function listBackups(): string[] {
    return listFolder(backupDir)
      .map((name) => ({ name, match: backupPattern.exec(name) }))
      .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
      .sort((a, b) => {
        const byStamp = (a.match[1] ?? '').localeCompare(b.match[1] ?? '')
        return byStamp !== 0 ? byStamp : Number(a.match[2] ?? 0) - Number(b.match[2] ?? 0)
      })
      .map((entry) => join(backupDir, entry.name))
  }

  function rotateBackups(): void {
    const backups = listBackups()
    const keepFor = options.keepBackupsForMs ?? 0
    const max = Math.max(keep, options.maxBackups ?? 200)
    const cutoff = now().getTime() - keepFor
    const young = (path: string): boolean => {
      const at = backupPattern.exec(basename(path))?.[1]
      return at !== undefined && Date.parse(unstamp(at)) >= cutoff
    }
    backups.forEach((old, index) => {
      const fromNewest = backups.length - index
      if (fromNewest <= keep || (fromNewest <= max && keepFor > 0 && young(old))) return
      rmSync(old, { force: true })
    })
  }

  function readBackup(id: string): StoredBackup | undefined {
    // Only names the folder lists: an id is never a path.
    const path = listBackups().find((file) => basename(file) === id)
    const at = backupPattern.exec(id)?.[1]
    if (!path || !at) return undefined
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (!isJsonObject(parsed)) throw new Error(`${id} is not a JSON object`)
    const file = Object.keys(parsed).length === 0 ? parsed : migrateStoreFile(parsed, path).file
    return {
      id,
      at: new Date(unstamp(at)).toISOString(),
      revision: revisionOf(file),
      topology: file.topology,
    }
  }

  return { path: backend.path, backupDir, load, save, revision, listBackups, readBackup }
}

type PreviousFile =
  | { kind: 'store'; file: JsonObject }
  | { kind: 'newer'; version: number }
  | { kind: 'foreign'; reason: string }

/** What the file about to be replaced is. */
function inspectPrevious(bytes: Buffer): PreviousFile {
  let parsed: unknown
  try {
    parsed = JSON.parse(bytes.toString('utf8'))
  } catch {
    return { kind: 'foreign', reason: 'was not valid JSON' }
  }
  if (!isJsonObject(parsed)) return { kind: 'foreign', reason: 'was not a JSON object' }
  if (Object.keys(parsed).length === 0) return { kind: 'store', file: parsed }
  const version = parsed.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return { kind: 'foreign', reason: 'had no valid store "version"' }
  }
  if (version > STORE_VERSION) return { kind: 'newer', version }
  return { kind: 'store', file: parsed }
}

/** Top-level keys that other stores own, from the current file (migrated if it is older). */
function keptKeys(file: JsonObject, path: string): JsonObject {
  let current = file
  try {
    current = migrateStoreFile(file, path).file
  } catch {
    // A file we cannot migrate was backed up whole; its extra keys are not carried over.
    return {}
  }
  const others: JsonObject = {}
  for (const [key, value] of Object.entries(current)) {
    if (key !== 'version' && key !== 'topology' && key !== 'revision') others[key] = value
  }
  return others
}

/** The `revision` of a store file; 0 for a file from before revisions. */
function revisionOf(file: JsonObject): number {
  const revision = file.revision
  return typeof revision === 'number' && Number.isSafeInteger(revision) && revision >= 0
    ? revision
    : 0
}

function readBytes(path: string): Buffer | undefined {
  try {
    return readFileSync(path)
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined
    throw error
  }
}

/** A file-name-safe, sortable timestamp: `2025-01-31T12-00-00.123Z`. */
function stamp(date: Date): string {
  return date.toISOString().replace(/:/g, '-')
}

/** The time of a {@link stamp}. */
function unstamp(text: string): string {
  return text.replace(/T(\d\d)-(\d\d)-(\d\d)/, 'T$1:$2:$3')
}

function suffix(n: number): string {
  return n === 0 ? '' : `_${n}`
}

function uniquePath(candidate: (n: number) => string): string {
  for (let n = 0; ; n++) {
    const path = candidate(n)
    if (!existsSync(path)) return path
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
