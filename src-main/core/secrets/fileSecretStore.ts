/**
 * Secrets where no OS keyring runs: AES-256-GCM with a 32-byte key in `secret.key` (mode 0600)
 * and one file per secret in `secrets/` (`<ref>.json`, mode 0600, folder 0700), each with its own
 * random IV and auth tag, the reference bound in as additional data so files cannot be swapped.
 *
 * One file per secret, because several processes (the app, browser mode, CLI commands) write the
 * same store: creating, replacing and deleting a file are each atomic, so no writer can lose
 * another's secret, and a writer killed half-way leaves at most a temp file — where a single
 * `secrets.json` rewritten by each of them loses updates. An older `secrets.json` is split into
 * the folder on first use.
 *
 * It keeps secrets out of `config.json`, exports and backups; it does not protect them from
 * someone who can read the user's data folder (the key is there too).
 */
import { jsonSyntaxProblem } from '../../common/jsonErrors'
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import {
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { fsyncDirectory, writeFileAtomicSync } from '../persistence/atomicWrite'
import {
  describeError,
  isErrnoException,
  isJsonObject,
  listFolder,
  readTextIfExists,
} from '../persistence/rawFileBackend'
import { SECRET_REF_PATTERN } from './secretStore'
import type { SecretStore } from './secretStore'

/** Options of {@link createFileSecretStore}. */
export interface FileSecretStoreOptions {
  /** The app's data folder. */
  dir: string
  keyFileName?: string
  /** The folder of secret files, inside `dir` (default `secrets`). */
  folderName?: string
  /** The single file of older builds, split into the folder on first use. */
  legacyFileName?: string
}

/** The key file cannot be used (too open, wrong size, unreadable). Nothing was changed. */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError'
}

interface Entry {
  iv: string
  tag: string
  data: string
}

interface SecretFile extends Entry {
  version: 1
  algorithm: 'aes-256-gcm'
}

/** The folder of secret files in the data folder. */
export const SECRETS_FOLDER = 'secrets'

const KEY_BYTES = 32
const IV_BYTES = 12

/** The file {@link SecretStore}. Files are created on first use. */
export type FileSecretStore = SecretStore & {
  /** The key file. */
  readonly keyPath: string
  /** The folder of secret files. */
  readonly path: string
}

/** The Node {@link SecretStore} over files. */
export function createFileSecretStore(options: FileSecretStoreOptions): FileSecretStore {
  const keyPath = join(options.dir, options.keyFileName ?? 'secret.key')
  const folder = join(options.dir, options.folderName ?? SECRETS_FOLDER)
  const legacyPath = join(options.dir, options.legacyFileName ?? 'secrets.json')
  let key: Buffer | undefined
  let queue: Promise<unknown> = Promise.resolve()

  // Serialises this instance's operations (the key is created once, the legacy file split once).
  function exclusive<T>(task: () => T): Promise<T> {
    const run = queue.then(() => {
      splitLegacyFile()
      return task()
    })
    queue = run.catch(() => undefined)
    return run
  }

  const fileOf = (ref: string): string => join(folder, `${ref}.json`)

  function ensureFolder(): void {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 })
    mkdirSync(folder, { recursive: true, mode: 0o700 })
  }

  function readEntry(ref: string): Entry | undefined {
    if (!SECRET_REF_PATTERN.test(ref)) return undefined
    const text = readTextIfExists(fileOf(ref))
    if (text === undefined) return undefined
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      throw new Error(
        `${fileOf(ref)} is not valid JSON (${jsonSyntaxProblem(error)}); left as it is`,
      )
    }
    if (!isEntry(parsed)) {
      throw new Error(`${fileOf(ref)} is not a Fencepost secret file; it was left as it is`)
    }
    return parsed
  }

  function fileText(entry: Entry): string {
    const file: SecretFile = { version: 1, algorithm: 'aes-256-gcm', ...pick(entry) }
    return `${JSON.stringify(file)}\n`
  }

  function listRefs(): string[] {
    return listFolder(folder)
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter((ref) => SECRET_REF_PATTERN.test(ref))
  }

  /** Older builds kept every secret in one file: move each entry to its own file, then drop it. */
  function splitLegacyFile(): void {
    const text = readTextIfExists(legacyPath)
    if (text === undefined) return
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      throw new Error(
        `${legacyPath} is not valid JSON (${jsonSyntaxProblem(error)}); it was left as it is`,
      )
    }
    if (!isJsonObject(parsed) || parsed.version !== 1 || !isJsonObject(parsed.secrets)) {
      throw new Error(
        `${legacyPath} is not a Fencepost secrets file (version 1); it was left as it is`,
      )
    }
    ensureFolder()
    for (const [ref, entry] of Object.entries(parsed.secrets)) {
      // Same key, same ref as additional data: the entry moves as it is, no re-encryption.
      if (!SECRET_REF_PATTERN.test(ref) || !isEntry(entry) || readEntry(ref)) continue
      writeFileAtomicSync(fileOf(ref), fileText(entry), 0o600)
    }
    rmSync(legacyPath, { force: true })
    fsyncDirectory(options.dir)
  }

  function getKey(): Buffer {
    key ??= readKey() ?? createKey()
    return key
  }

  function readKey(): Buffer | undefined {
    let fd: number
    try {
      fd = openSync(keyPath, 'r')
    } catch (error) {
      if (isErrnoException(error) && error.code === 'ENOENT') return undefined
      throw new SecretKeyError(`cannot open ${keyPath}: ${describeError(error)}`)
    }
    try {
      const stat = fstatSync(fd)
      if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
        const mode = (stat.mode & 0o777).toString(8).padStart(4, '0')
        throw new SecretKeyError(
          `${keyPath} is readable or writable by other users (mode ${mode}); refusing to use it. ` +
            `If nobody else could have read it, run: chmod 600 '${keyPath}'. Otherwise treat the ` +
            `stored passwords as disclosed and change them.`,
        )
      }
      if (!stat.isFile() || stat.size !== KEY_BYTES) {
        throw new SecretKeyError(
          `${keyPath} is not a ${KEY_BYTES}-byte key (size ${stat.size}); the secrets in ` +
            `${folder} cannot be decrypted without the original key file.`,
        )
      }
      const buffer = Buffer.alloc(KEY_BYTES)
      let offset = 0
      while (offset < KEY_BYTES) {
        const read = readSync(fd, buffer, offset, KEY_BYTES - offset, null)
        if (read === 0) break
        offset += read
      }
      return buffer
    } finally {
      closeSync(fd)
    }
  }

  function createKey(): Buffer {
    const count = listRefs().length
    if (count > 0) {
      throw new SecretKeyError(
        `${keyPath} is missing, so the ${count} secret(s) in ${folder} cannot be decrypted. ` +
          `Restore the key file, or move ${folder} away and enter the passwords again.`,
      )
    }
    mkdirSync(options.dir, { recursive: true, mode: 0o700 })
    // Written whole to a private temp file, then published with link(): link fails if another
    // process created the key first, and nobody ever sees a half-written key.
    const temp = `${keyPath}.${randomBytes(6).toString('hex')}.tmp`
    const fresh = randomBytes(KEY_BYTES)
    writeNewFile(temp, fresh)
    try {
      linkSync(temp, keyPath)
    } catch (error) {
      if (!(isErrnoException(error) && error.code === 'EEXIST')) throw error
      const theirs = readKey()
      if (!theirs) throw new SecretKeyError(`${keyPath} vanished while it was being created`)
      return theirs
    } finally {
      rmSync(temp, { force: true })
    }
    fsyncDirectory(options.dir)
    return fresh
  }

  function encrypt(ref: string, value: string): Entry {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', getKey(), iv)
    cipher.setAAD(Buffer.from(ref, 'utf8'))
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
    return {
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    }
  }

  function decrypt(ref: string, entry: Entry): string {
    try {
      const decipher = createDecipheriv('aes-256-gcm', getKey(), Buffer.from(entry.iv, 'base64'))
      decipher.setAAD(Buffer.from(ref, 'utf8'))
      decipher.setAuthTag(Buffer.from(entry.tag, 'base64'))
      return Buffer.concat([
        decipher.update(Buffer.from(entry.data, 'base64')),
        decipher.final(),
      ]).toString('utf8')
    } catch (error) {
      if (error instanceof SecretKeyError) throw error
      throw new Error(
        `secret "${ref}" cannot be decrypted: ${keyPath} is not the key it was stored with, or ` +
          `${fileOf(ref)} was altered`,
      )
    }
  }

  /** Publishes a new secret file; false when the ref is taken (by this or another process). */
  function createEntry(ref: string, value: string): boolean {
    ensureFolder()
    const temp = join(folder, `.${ref}.json.${randomBytes(6).toString('hex')}.tmp`)
    writeNewFile(temp, Buffer.from(fileText(encrypt(ref, value)), 'utf8'))
    try {
      linkSync(temp, fileOf(ref))
    } catch (error) {
      if (isErrnoException(error) && error.code === 'EEXIST') return false
      throw error
    } finally {
      rmSync(temp, { force: true })
    }
    fsyncDirectory(folder)
    return true
  }

  return {
    keyPath,
    path: folder,
    location: `the encrypted file store ${folder}`,
    get: (ref) =>
      exclusive(() => {
        const entry = readEntry(ref)
        return entry ? decrypt(ref, entry) : undefined
      }),
    set: (value) =>
      exclusive(() => {
        getKey()
        for (;;) {
          const ref = `s-${randomBytes(12).toString('hex')}`
          if (createEntry(ref, value)) return ref
        }
      }),
    put: (ref, value) =>
      exclusive(() => {
        if (!SECRET_REF_PATTERN.test(ref)) throw new Error(`"${ref}" is not a secret reference`)
        ensureFolder()
        writeFileAtomicSync(fileOf(ref), fileText(encrypt(ref, value)), 0o600)
      }),
    delete: (ref) =>
      exclusive(() => {
        if (!SECRET_REF_PATTERN.test(ref)) return
        try {
          rmSync(fileOf(ref))
        } catch (error) {
          if (isErrnoException(error) && error.code === 'ENOENT') return
          throw error
        }
        fsyncDirectory(folder)
      }),
    list: () => exclusive(() => listRefs()),
  }
}

function writeNewFile(path: string, bytes: Buffer): void {
  const fd = openSync(path, 'wx', 0o600)
  try {
    let offset = 0
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function isEntry(value: unknown): value is Entry {
  return (
    isJsonObject(value) &&
    typeof value.iv === 'string' &&
    typeof value.tag === 'string' &&
    typeof value.data === 'string'
  )
}

function pick(entry: Entry): Entry {
  return { iv: entry.iv, tag: entry.tag, data: entry.data }
}
