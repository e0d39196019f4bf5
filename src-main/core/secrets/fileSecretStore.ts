/**
 * Secrets for the CLI and browser mode: AES-256-GCM with a 32-byte key in `secret.key` (mode
 * 0600) and the values in `secrets.json`, each with its own random IV and auth tag, the reference
 * bound in as additional data so entries cannot be swapped.
 *
 * It keeps secrets out of `config.json`, exports and backups; it does not protect them from
 * someone who can read the user's data folder (the key is there too). Electron uses safeStorage.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import {
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { fsyncDirectory, writeFileAtomicSync } from '../persistence/atomicWrite'
import { describeError, isErrnoException, isJsonObject } from '../persistence/rawFileBackend'
import type { SecretStore } from './secretStore'

/** Options of {@link createFileSecretStore}. */
export interface FileSecretStoreOptions {
  /** The app's data folder. */
  dir: string
  keyFileName?: string
  fileName?: string
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

interface SecretsFile {
  version: 1
  algorithm: 'aes-256-gcm'
  secrets: Record<string, Entry>
}

const KEY_BYTES = 32
const IV_BYTES = 12

/** The Node {@link SecretStore}. Files are created on first use. */
export function createFileSecretStore(options: FileSecretStoreOptions): SecretStore & {
  readonly keyPath: string
  readonly path: string
} {
  const keyPath = join(options.dir, options.keyFileName ?? 'secret.key')
  const path = join(options.dir, options.fileName ?? 'secrets.json')
  let key: Buffer | undefined
  let queue: Promise<unknown> = Promise.resolve()

  // Serialises read-modify-write of secrets.json within this process.
  function exclusive<T>(task: () => T): Promise<T> {
    const run = queue.then(task)
    queue = run.catch(() => undefined)
    return run
  }

  function readSecrets(): SecretsFile {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      if (isErrnoException(error) && error.code === 'ENOENT') {
        return { version: 1, algorithm: 'aes-256-gcm', secrets: {} }
      }
      throw error
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      throw new Error(`${path} is not valid JSON (${describeError(error)}); it was left as it is`)
    }
    if (!isJsonObject(parsed) || parsed.version !== 1 || !isJsonObject(parsed.secrets)) {
      throw new Error(`${path} is not a Fencepost secrets file (version 1); it was left as it is`)
    }
    return parsed as unknown as SecretsFile
  }

  function writeSecrets(file: SecretsFile): void {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 })
    writeFileAtomicSync(path, `${JSON.stringify(file, null, 2)}\n`, 0o600)
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
          `${keyPath} is not a ${KEY_BYTES}-byte key (size ${stat.size}); the secrets in ${path} ` +
            `cannot be decrypted without the original key file.`,
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
    const existing = readSecrets()
    const count = Object.keys(existing.secrets).length
    if (count > 0) {
      throw new SecretKeyError(
        `${keyPath} is missing, so the ${count} secret(s) in ${path} cannot be decrypted. Restore ` +
          `the key file, or move ${path} away and enter the passwords again.`,
      )
    }
    mkdirSync(options.dir, { recursive: true, mode: 0o700 })
    // Written whole to a private temp file, then published with link(): link fails if another
    // process created the key first, and nobody ever sees a half-written key.
    const temp = `${keyPath}.${randomBytes(6).toString('hex')}.tmp`
    const fresh = randomBytes(KEY_BYTES)
    const fd = openSync(temp, 'wx', 0o600)
    try {
      writeSync(fd, fresh)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
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
          `${path} was altered`,
      )
    }
  }

  return {
    keyPath,
    path,
    get: (ref) =>
      exclusive(() => {
        const entry = readSecrets().secrets[ref]
        return entry ? decrypt(ref, entry) : undefined
      }),
    set: (value) =>
      exclusive(() => {
        const file = readSecrets()
        getKey()
        let ref: string
        do ref = `s-${randomBytes(12).toString('hex')}`
        while (Object.hasOwn(file.secrets, ref))
        file.secrets[ref] = encrypt(ref, value)
        writeSecrets(file)
        return ref
      }),
    delete: (ref) =>
      exclusive(() => {
        const file = readSecrets()
        if (!Object.hasOwn(file.secrets, ref)) return
        delete file.secrets[ref]
        writeSecrets(file)
      }),
  }
}
