// The app's secret store: the shared store the core chooses, the old safeStorage secrets moved
// into it once under the same references, and the warnings the user must see.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { createFileSecretStore } from '../../../src-main/core/secrets/fileSecretStore'
import type { Keyring } from '../../../src-main/core/secrets/keyringSecretStore'
import { openSecretStore } from '../../../src-main/core/secrets/openSecretStore'
import { openAppSecrets } from '../../../src-main/electron/appSecrets'
import {
  LEGACY_SECRETS_FILE,
  readLegacySecrets,
  removeLegacySecrets,
} from '../../../src-main/electron/legacySecrets'
import * as fake from './fakeElectron'

/** A stand-in OS keyring: a map per service, and a hook to make a write fail. */
function mapKeyring(failWrite: (account: string) => boolean = () => false): Keyring & {
  entries: Map<string, string>
} {
  const entries = new Map<string, string>()
  const key = (service: string, account: string): string => `${service}\n${account}`
  return {
    name: 'test keyring',
    entries,
    get: async (service, account) => entries.get(key(service, account)),
    set: async (service, account, value) => {
      if (failWrite(account)) throw new Error('keyring locked')
      entries.set(key(service, account), value)
    },
    delete: async (service, account) => entries.delete(key(service, account)),
    list: async (service) =>
      [...entries.keys()].filter((k) => k.startsWith(`${service}\n`)).map((k) => k.split('\n')[1]!),
  }
}

// The test's own "encryption" for the stand-in safeStorage: base64 of a reversed string.
const seal = (value: string): string =>
  Buffer.from([...value].reverse().join('')).toString('base64')
const unseal = async (encrypted: Buffer) => ({
  result: [...encrypted.toString('utf8')].reverse().join(''),
  shouldReEncrypt: false,
})

function legacyDir(secrets: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fencepost-legacy-'))
  writeFileSync(join(dir, LEGACY_SECRETS_FILE), JSON.stringify({ version: 1, secrets }))
  return dir
}

beforeEach(() => fake.resetFakeElectron())

describe('old safeStorage secrets', () => {
  it('no file: nothing to migrate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fencepost-legacy-'))
    expect(await readLegacySecrets(dir, fake.safeStorage as never)).toBeUndefined()
  })

  it('decrypts every entry with safeStorage', async () => {
    fake.safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(true)
    fake.safeStorage.decryptStringAsync.mockImplementation(unseal)
    const dir = legacyDir({ 's-aa': seal('bmc-pass'), 's-bb': seal('ssh-pass') })
    const legacy = await readLegacySecrets(dir, fake.safeStorage as never)
    expect(legacy?.values).toEqual(
      new Map([
        ['s-aa', 'bmc-pass'],
        ['s-bb', 'ssh-pass'],
      ]),
    )
    expect(legacy?.unreadable).toEqual([])
  })

  it('without safeStorage every entry is unreadable, and the file stays', async () => {
    fake.safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(false)
    const dir = legacyDir({ 's-aa': seal('bmc-pass') })
    const legacy = await readLegacySecrets(dir, fake.safeStorage as never)
    expect(legacy?.values.size).toBe(0)
    expect(legacy?.unreadable.map((u) => u.ref)).toEqual(['s-aa'])
    expect(fake.safeStorage.decryptStringAsync).not.toHaveBeenCalled()
  })

  it('a file that is not a secrets file is refused, not emptied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fencepost-legacy-'))
    writeFileSync(join(dir, LEGACY_SECRETS_FILE), '{"version":3}')
    await expect(readLegacySecrets(dir, fake.safeStorage as never)).rejects.toThrow(
      /not a Fencepost secrets file/,
    )
    expect(existsSync(join(dir, LEGACY_SECRETS_FILE))).toBe(true)
  })
})

describe('openAppSecrets', () => {
  function appSecrets(dir: string, keyring: Keyring | null, env: NodeJS.ProcessEnv = {}) {
    return openAppSecrets({
      open: () => openSecretStore({ dataDir: dir, env, keyring }),
      readLegacy: () => readLegacySecrets(dir, fake.safeStorage as never),
      removeLegacy: removeLegacySecrets,
    })
  }

  function decrypting(): void {
    fake.safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(true)
    fake.safeStorage.decryptStringAsync.mockImplementation(unseal)
  }

  it('a keyring answers: no warning, and the old secrets move into it under their refs', async () => {
    decrypting()
    const dir = legacyDir({ 's-aa': seal('bmc-pass'), 's-bb': seal('ssh-pass') })
    const keyring = mapKeyring()
    const secrets = await appSecrets(dir, keyring)
    expect(secrets.warnings).toEqual([])
    expect(secrets.migrated).toBe(2)
    expect([...keyring.entries.values()].sort()).toEqual(['bmc-pass', 'ssh-pass'])
    expect(await secrets.store.get('s-aa')).toBe('bmc-pass')
    expect(existsSync(join(dir, LEGACY_SECRETS_FILE))).toBe(false)
  })

  it('no keyring: the app starts on the encrypted file, says so, and the CLI sees the secrets', async () => {
    decrypting()
    const dir = legacyDir({ 's-aa': seal('bmc-pass') })
    const secrets = await appSecrets(dir, null)
    expect(secrets.warnings).toHaveLength(1)
    expect(secrets.warnings[0]).toMatch(/encrypted file store/)
    expect(secrets.migrated).toBe(1)
    // The store the CLI opens on the same data folder.
    expect(await createFileSecretStore({ dir }).get('s-aa')).toBe('bmc-pass')
    expect(existsSync(join(dir, LEGACY_SECRETS_FILE))).toBe(false)
  })

  it('a deliberate file store (FENCEPOST_SECRET_STORE=file) needs no warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fencepost-legacy-'))
    const secrets = await appSecrets(dir, null, { FENCEPOST_SECRET_STORE: 'file' })
    expect(secrets).toMatchObject({ warnings: [], migrated: 0 })
  })

  it('what cannot be decrypted stays in the old file, named in a warning without its value', async () => {
    fake.safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(true)
    fake.safeStorage.decryptStringAsync.mockImplementation(async (encrypted: Buffer) => {
      if (encrypted.toString('base64') === seal('broken-pass')) throw new Error('bad MAC')
      return unseal(encrypted)
    })
    const dir = legacyDir({ 's-ok': seal('good-pass'), 's-bad': seal('broken-pass') })
    const secrets = await appSecrets(dir, mapKeyring())
    expect(await secrets.store.get('s-ok')).toBe('good-pass')
    expect(existsSync(join(dir, LEGACY_SECRETS_FILE))).toBe(true)
    expect(secrets.warnings).toHaveLength(1)
    expect(secrets.warnings[0]).toMatch(/1 password\(s\).*"s-bad" cannot be decrypted \(bad MAC\)/)
    expect(secrets.warnings.join()).not.toMatch(/good-pass|broken-pass/)
  })

  it('a store that refuses a value keeps the old file too', async () => {
    decrypting()
    const dir = legacyDir({ 's-aa': seal('bmc-pass') })
    const secrets = await appSecrets(
      dir,
      mapKeyring((account) => account === 's-aa'),
    )
    expect(secrets.migrated).toBe(0)
    expect(existsSync(join(dir, LEGACY_SECRETS_FILE))).toBe(true)
    expect(secrets.warnings[0]).toMatch(/"s-aa" could not be moved: keyring locked/)
    expect(secrets.warnings.join()).not.toMatch(/bmc-pass/)
  })

  it('without safeStorage the app still starts; the old secrets wait for the next start', async () => {
    fake.safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(false)
    const dir = legacyDir({ 's-aa': seal('bmc-pass') })
    const secrets = await appSecrets(dir, mapKeyring())
    expect(await secrets.store.get('s-aa')).toBeUndefined()
    expect(existsSync(join(dir, LEGACY_SECRETS_FILE))).toBe(true)
    expect(secrets.warnings[0]).toMatch(/"s-aa" cannot be decrypted \(safeStorage is not available/)
  })

  it('an unreadable old file is a warning, not a failed start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fencepost-legacy-'))
    writeFileSync(join(dir, LEGACY_SECRETS_FILE), '{"version":3}')
    const secrets = await appSecrets(dir, mapKeyring())
    expect(secrets.warnings[0]).toMatch(/could not be read: .*not a Fencepost secrets file/)
    expect(existsSync(join(dir, LEGACY_SECRETS_FILE))).toBe(true)
  })
})
