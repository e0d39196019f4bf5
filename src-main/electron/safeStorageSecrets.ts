/**
 * Secrets in the desktop app: Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet)
 * encrypts each value; the encrypted bytes are kept in `secrets-safe.json` in the data folder.
 * Call after the app's `ready` event.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { safeStorage } from 'electron'
import { writeFileAtomicSync } from '../core/persistence/atomicWrite'
import { isErrnoException, isJsonObject } from '../core/persistence/rawFileBackend'
import type { SecretStore } from '../core/secrets/secretStore'

interface SafeSecretsFile {
  version: 1
  /** ref → base64 of safeStorage's encrypted bytes. */
  secrets: Record<string, string>
}

/** Shown when safeStorage only obfuscates (Linux with no keyring). */
export const BASIC_TEXT_WARNING =
  'No system keyring was found (safeStorage backend "basic_text"): stored passwords are only ' +
  'obfuscated with a fixed key, not protected. Install and unlock a keyring (GNOME Keyring, ' +
  'KWallet), or use { "env": "VAR" } secrets instead.'

/**
 * Builds the safeStorage {@link SecretStore} over `dir`, the app's data folder. Rejects when encryption is not available at all
 * (the app then falls back to, or offers, the file store).
 */
export async function createSafeStorageSecrets(
  dir: string,
  fileName = 'secrets-safe.json',
): Promise<SecretStore> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new Error('safeStorage encryption is not available on this system')
  }
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined
  const warning = backend === 'basic_text' ? BASIC_TEXT_WARNING : undefined
  const path = join(dir, fileName)
  let queue: Promise<unknown> = Promise.resolve()

  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task)
    queue = run.catch(() => undefined)
    return run
  }

  function read(): SafeSecretsFile {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      if (isErrnoException(error) && error.code === 'ENOENT') return { version: 1, secrets: {} }
      throw error
    }
    const parsed: unknown = JSON.parse(text)
    if (!isJsonObject(parsed) || parsed.version !== 1 || !isJsonObject(parsed.secrets)) {
      throw new Error(`${path} is not a Fencepost secrets file (version 1); it was left as it is`)
    }
    return parsed as unknown as SafeSecretsFile
  }

  function write(file: SafeSecretsFile): void {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    writeFileAtomicSync(path, `${JSON.stringify(file, null, 2)}\n`, 0o600)
  }

  return {
    warning,
    get: (ref) =>
      exclusive(async () => {
        const encrypted = read().secrets[ref]
        if (encrypted === undefined) return undefined
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
          Buffer.from(encrypted, 'base64'),
        )
        if (shouldReEncrypt) {
          // The OS key was rotated or upgraded: store the value under the current key.
          const file = read()
          file.secrets[ref] = (await safeStorage.encryptStringAsync(result)).toString('base64')
          write(file)
        }
        return result
      }),
    set: (value) =>
      exclusive(async () => {
        const encrypted = (await safeStorage.encryptStringAsync(value)).toString('base64')
        const file = read()
        let ref: string
        do ref = `s-${randomBytes(12).toString('hex')}`
        while (Object.hasOwn(file.secrets, ref))
        file.secrets[ref] = encrypted
        write(file)
        return ref
      }),
    delete: (ref) =>
      exclusive(async () => {
        const file = read()
        if (!Object.hasOwn(file.secrets, ref)) return
        delete file.secrets[ref]
        write(file)
      }),
  }
}
