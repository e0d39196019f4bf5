import { readdirSync, readFileSync } from 'node:fs'

/**
 * The lowest persistence port: one JSON file. Implemented over `conf` for the CLI and browser mode
 * (`createConfBackend`) and over electron-store in Electron (`src-main/electron`); both write the
 * same `config.json` in the app's data folder.
 */
export interface RawFileBackend {
  /** Absolute path of the file. Backups and moved-aside files go next to it. */
  readonly path: string
  /**
   * The parsed JSON content, or `undefined` when the file does not exist. Throws
   * {@link UnreadableFileError} when it exists but cannot be read or is not JSON.
   */
  read(): unknown
  /** Replaces the whole file atomically: readers see the old or the new content, never a mix. */
  write(value: unknown): void
}

/** A store file that exists but cannot be read or parsed. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError'
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${reason}`, options)
  }
}

/** A file's text, or `undefined` when it does not exist; other errors are thrown. */
export function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined
    throw error
  }
}

/** The names in a folder, or none when the folder does not exist; other errors are thrown. */
export function listFolder(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return []
    throw error
  }
}

/**
 * Reads and parses a JSON file ourselves. conf and electron-store must not be the ones to read it:
 * their constructor throws a bare `SyntaxError` on a corrupt file (or, with `clearInvalidConfig`,
 * silently treats it as empty and overwrites it on the next write).
 */
export function readJsonFile(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined
    throw new UnreadableFileError(path, `cannot be read (${describeError(error)})`, {
      cause: error,
    })
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new UnreadableFileError(path, `is not valid JSON (${jsonSyntaxProblem(error)})`, {
      cause: error,
    })
  }
}

/** True for a Node system error with a `code`. */
export function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string'
}

/** The message of any thrown value. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** True for a plain JSON object (not an array, not null): the validator's own check. */
export { isRecord as isJsonObject } from '../validation/rawDocument'
import { jsonSyntaxProblem } from '../../common/jsonErrors'
