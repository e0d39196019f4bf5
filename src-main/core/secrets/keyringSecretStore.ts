/**
 * Secrets in the OS keyring (macOS Keychain, Windows Credential Manager, the Secret Service of
 * GNOME Keyring / KWallet on Linux) through `@napi-rs/keyring`, a maintained N-API binding that
 * loads in plain Node and in Electron alike — so the desktop app and the CLI read the same
 * entries. One entry per secret: service `fencepost:<data folder>`, account = the ref.
 */
import { createRequire } from 'node:module'
import { SECRET_REF_PATTERN } from './secretStore'
import type { SecretStore } from './secretStore'

/**
 * The keyring as the store uses it: the native binding in the app and the CLI, a stand-in in
 * tests. Every method rejects when the keyring cannot be reached.
 */
export interface Keyring {
  /** For messages: "Secret Service", "macOS Keychain", … */
  readonly name: string
  get(service: string, account: string): Promise<string | undefined>
  set(service: string, account: string, value: string): Promise<void>
  /** Resolves whether there was an entry. */
  delete(service: string, account: string): Promise<boolean>
  /** The accounts of every entry of `service`. */
  list(service: string): Promise<string[]>
}

/** The keyring service name of a data folder: separate labs (FENCEPOST_HOME) never mix. */
export function keyringService(dataDir: string): string {
  return `fencepost:${dataDir}`
}

/** Options of {@link createKeyringSecretStore}. */
export interface KeyringSecretStoreOptions {
  keyring: Keyring
  /** See {@link keyringService}. */
  service: string
  /** Makes a new ref (tests); default `s-` + 24 random hex digits. */
  newRef?: () => string
}

/** The {@link SecretStore} over a keyring. */
export function createKeyringSecretStore(options: KeyringSecretStoreOptions): SecretStore {
  const { keyring, service } = options
  const newRef =
    options.newRef ??
    (() =>
      `s-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`)
  return {
    location: `the OS keyring (${keyring.name}, service "${service}")`,
    get: async (ref) => (SECRET_REF_PATTERN.test(ref) ? keyring.get(service, ref) : undefined),
    async set(value) {
      for (;;) {
        const ref = newRef()
        if ((await keyring.get(service, ref)) !== undefined) continue
        await keyring.set(service, ref, value)
        return ref
      }
    },
    async put(ref, value) {
      if (!SECRET_REF_PATTERN.test(ref)) throw new Error(`"${ref}" is not a secret reference`)
      await keyring.set(service, ref, value)
    },
    async delete(ref) {
      if (SECRET_REF_PATTERN.test(ref)) await keyring.delete(service, ref)
    },
    list: async () => (await keyring.list(service)).filter((ref) => SECRET_REF_PATTERN.test(ref)),
  }
}

/** The subset of `@napi-rs/keyring` used here. */
interface NativeEntry {
  setPassword(password: string): Promise<void>
  getPassword(): Promise<string | null>
  deleteCredential(): Promise<boolean>
}
interface NativeBinding {
  AsyncEntry: new (
    service: string,
    account: string,
    options?: { linux?: { store?: 'secret-service' | 'keyutils' } },
  ) => NativeEntry
  findCredentialsAsync(service: string): Promise<{ account: string; password: string }[]>
}

function platformName(): string {
  if (process.platform === 'darwin') return 'macOS Keychain'
  if (process.platform === 'win32') return 'Windows Credential Manager'
  return 'Secret Service'
}

/**
 * The OS keyring through `@napi-rs/keyring`, or the reason it cannot be loaded. On Linux the
 * entries are pinned to the Secret Service: the binding's fallback, the kernel keyring, forgets
 * everything at logout or reboot, which would lose the passwords.
 */
export function loadNativeKeyring(): { keyring: Keyring } | { error: string } {
  let binding: NativeBinding
  try {
    // Loaded lazily and by require: a native module, absent where its prebuilt binary is not.
    binding = createRequire(import.meta.url)('@napi-rs/keyring') as NativeBinding
  } catch (error) {
    return { error: `the keyring binding @napi-rs/keyring cannot be loaded (${message(error)})` }
  }
  const entryOptions =
    process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined
  const entry = (service: string, account: string): NativeEntry =>
    new binding.AsyncEntry(service, account, entryOptions)
  return {
    keyring: {
      name: platformName(),
      get: async (service, account) => (await entry(service, account).getPassword()) ?? undefined,
      set: (service, account, value) => entry(service, account).setPassword(value),
      delete: (service, account) => entry(service, account).deleteCredential(),
      list: async (service) =>
        (await binding.findCredentialsAsync(service)).map((credential) => credential.account),
    },
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
