import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFileSecretStore } from '../../../../src-main/core/secrets/fileSecretStore'
import {
  keyringService,
  loadNativeKeyring,
} from '../../../../src-main/core/secrets/keyringSecretStore'
import { migrateSecrets, secretSourceOf } from '../../../../src-main/core/secrets/migrateSecrets'
import { openSecretStore } from '../../../../src-main/core/secrets/openSecretStore'
import { resolveSecret } from '../../../../src-main/core/secrets/secretStore'
import { tempDir } from '../persistence/fixtures/tempDir'
import { MemoryKeyring } from './memoryKeyring'

const fileEnv = { FENCEPOST_SECRET_STORE: 'file' }

function fileCount(dir: string): number {
  const folder = join(dir, 'secrets')
  return existsSync(folder) ? readdirSync(folder).length : 0
}

describe('openSecretStore: one store per user and workstation', () => {
  it('uses a keyring that answers the probe, and leaves no probe entry behind', async () => {
    const dataDir = tempDir()
    const keyring = new MemoryKeyring()
    const opened = await openSecretStore({ dataDir, env: {}, keyring })
    expect(opened.backend).toBe('keyring')
    expect(opened.warning).toBeUndefined()
    const ref = await opened.store.set('in the keyring')
    const service = keyringService(dataDir)
    expect(keyring.entries.get(service)?.get(ref)).toBe('in the keyring')
    expect([...(keyring.entries.get(service)?.keys() ?? [])]).toEqual([ref])
    expect(fileCount(dataDir)).toBe(0)
    expect(await opened.store.list()).toEqual([ref])
    // The workstation now records where its secrets are.
    const record = JSON.parse(readFileSync(join(dataDir, 'secret-store.json'), 'utf8'))
    expect(record).toMatchObject({ backend: 'keyring', service })
  })

  it('keeps separate data folders (labs side by side) apart in one keyring', async () => {
    const keyring = new MemoryKeyring()
    const a = await openSecretStore({ dataDir: tempDir(), env: {}, keyring })
    const b = await openSecretStore({ dataDir: tempDir(), env: {}, keyring })
    const ref = await a.store.set('lab a')
    expect(await b.store.get(ref)).toBeUndefined()
    expect(await b.store.list()).toEqual([])
  })

  it('moves what the file holds into the keyring once one answers, under the same refs', async () => {
    const dataDir = tempDir()
    const before = await openSecretStore({ dataDir, env: {}, keyring: null })
    expect(before.backend).toBe('file')
    const refs = [await before.store.set('one'), await before.store.set('two')]
    expect(fileCount(dataDir)).toBe(2)

    const keyring = new MemoryKeyring()
    const after = await openSecretStore({ dataDir, env: {}, keyring })
    expect(after.backend).toBe('keyring')
    expect(after.migrated).toBe(2)
    expect(fileCount(dataDir)).toBe(0)
    const inKeyring = keyring.entries.get(keyringService(dataDir))!
    expect(inKeyring.get(refs[0]!)).toBe('one')
    expect(await after.store.get(refs[1]!)).toBe('two')
  })

  it('loses nothing when the keyring refuses some secrets: they stay in the file, still read', async () => {
    const dataDir = tempDir()
    const file = createFileSecretStore({ dir: dataDir })
    const kept = await file.set('refused by the keyring')
    const moved = await file.set('accepted')
    const keyring = new MemoryKeyring()
    keyring.refuse.add(kept)
    const opened = await openSecretStore({ dataDir, env: {}, keyring })
    expect(opened.backend).toBe('keyring')
    expect(opened.migrated).toBe(1)
    expect(opened.warning).toContain(kept)
    expect(opened.warning).not.toContain('refused by the keyring')
    expect(await opened.store.get(kept)).toBe('refused by the keyring')
    expect(await opened.store.get(moved)).toBe('accepted')
    expect(await createFileSecretStore({ dir: dataDir }).list()).toEqual([kept])
    expect((await opened.store.list()).sort()).toEqual([kept, moved].sort())
  })

  it('falls back to the encrypted file with a warning where no keyring answers', async () => {
    const dataDir = tempDir()
    const keyring = new MemoryKeyring()
    keyring.unreachable = 'no D-Bus session bus'
    const opened = await openSecretStore({ dataDir, env: {}, keyring })
    expect(opened.backend).toBe('file')
    expect(opened.reason).toBe('no D-Bus session bus')
    expect(opened.urgent).toBe(false)
    expect(opened.warning).toMatch(/no D-Bus session bus.*encrypted file store/)
    const ref = await opened.store.set('in the file')
    expect(fileCount(dataDir)).toBe(1)
    expect(await createFileSecretStore({ dir: dataDir }).get(ref)).toBe('in the file')
  })

  it('says urgently when the secrets are in a keyring this process cannot reach', async () => {
    const dataDir = tempDir()
    const keyring = new MemoryKeyring()
    const app = await openSecretStore({ dataDir, env: {}, keyring })
    const ref = await app.store.set('kept in the keyring')

    // The CLI over SSH: no session bus, the keyring is out of reach.
    keyring.unreachable = 'DBUS_SESSION_BUS_ADDRESS is not set'
    const cli = await openSecretStore({ dataDir, env: {}, keyring })
    expect(cli.backend).toBe('file')
    expect(cli.urgent).toBe(true)
    expect(cli.warning).toContain('test keyring')
    const failure = resolveSecret({ ref }, cli.store, {}, 'parameter password of device psu1')
    await expect(failure).rejects.toThrow(
      /parameter password of device psu1: .*"s-[0-9a-f]+".*keyring \(test keyring\).*DBUS_SESSION_BUS_ADDRESS/,
    )

    // Saved meanwhile into the file; moved to the keyring when it is back.
    const later = await cli.store.set('saved over ssh')
    keyring.unreachable = undefined
    const back = await openSecretStore({ dataDir, env: {}, keyring })
    expect(back.migrated).toBe(1)
    expect(await back.store.get(later)).toBe('saved over ssh')
    expect(await back.store.get(ref)).toBe('kept in the keyring')
  })

  it('follows FENCEPOST_SECRET_STORE and names it when it is wrong', async () => {
    const keyring = new MemoryKeyring()
    const forced = await openSecretStore({ dataDir: tempDir(), env: fileEnv, keyring })
    expect(forced.backend).toBe('file')
    expect(keyring.entries.size).toBe(0)

    keyring.unreachable = 'locked'
    await expect(
      openSecretStore({ dataDir: tempDir(), env: { FENCEPOST_SECRET_STORE: 'keyring' }, keyring }),
    ).rejects.toThrow(/FENCEPOST_SECRET_STORE=keyring.*locked/)
    await expect(
      openSecretStore({ dataDir: tempDir(), env: { FENCEPOST_SECRET_STORE: 'vault' }, keyring }),
    ).rejects.toThrow(/FENCEPOST_SECRET_STORE="vault"/)
  })

  it('gives up on a keyring that never answers the probe, within the time given', async () => {
    const keyring = new MemoryKeyring()
    keyring.set = () => new Promise<void>(() => {})
    const opened = await openSecretStore({
      dataDir: tempDir(),
      env: {},
      keyring,
      probeTimeoutMs: 50,
    })
    expect(opened.backend).toBe('file')
    expect(opened.reason).toMatch(/no answer/)
  })

  it('loads the @napi-rs/keyring binding, and chooses a working store with the real keyring', async () => {
    const native = loadNativeKeyring()
    expect('keyring' in native ? native.keyring.name : native.error).toMatch(
      /Secret Service|Keychain|Credential Manager/,
    )
    const dataDir = tempDir()
    const opened = await openSecretStore({ dataDir, env: {} })
    // Here no Secret Service runs: the file. On a desktop: the keyring. Either way it works.
    if (opened.backend === 'file') expect(opened.reason).toBeTruthy()
    const ref = await opened.store.set('real')
    expect(await opened.store.get(ref)).toBe('real')
    await opened.store.delete(ref)
    expect(await opened.store.get(ref)).toBeUndefined()
  })
})

describe('migrateSecrets (the desktop app moving its safeStorage secrets in)', () => {
  it('imports plain entries under their refs and reports a conflicting one without a value', async () => {
    const dataDir = tempDir()
    const target = (await openSecretStore({ dataDir, env: fileEnv })).store
    await target.put('s-clash', 'already here')
    const result = await migrateSecrets(
      secretSourceOf({ 's-one': 'first', 's-two': 'second', 's-clash': 'different' }),
      target,
    )
    expect(result.moved.sort()).toEqual(['s-one', 's-two'])
    expect(result.problems).toEqual([expect.stringContaining('"s-clash"')])
    expect(result.problems.join()).not.toMatch(/different|already here/)
    expect(await target.get('s-one')).toBe('first')
    expect(await target.get('s-clash')).toBe('already here')
  })

  it('deletes from a source that can delete only what the target confirmed', async () => {
    const from = new Map([
      ['s-a', 'a'],
      ['s-b', 'b'],
    ])
    const keyring = new MemoryKeyring()
    keyring.refuse.add('s-b')
    const to = (await openSecretStore({ dataDir: tempDir(), env: {}, keyring })).store
    const result = await migrateSecrets(
      {
        list: async () => [...from.keys()],
        get: async (ref) => from.get(ref),
        delete: async (ref) => void from.delete(ref),
      },
      to,
    )
    expect(result.moved).toEqual(['s-a'])
    expect([...from.keys()]).toEqual(['s-b'])
    expect(await to.get('s-a')).toBe('a')
  })
})
