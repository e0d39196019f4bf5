import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createFileSecretStore,
  SecretKeyError,
} from '../../../../src-main/core/secrets/fileSecretStore'
import { tempDir as makeTempDir } from '../persistence/fixtures/tempDir'

function tempDir(): string {
  return makeTempDir('fencepost-secrets-')
}

const posix = process.platform !== 'win32'

describe('file secret store (AES-256-GCM)', () => {
  it('creates a private 32-byte key and round-trips a secret without storing it in clear', async () => {
    const dir = tempDir()
    const secrets = createFileSecretStore({ dir })
    const plain = 'correct horse battery staple'
    const ref = await secrets.set(plain)
    expect(ref).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)

    const key = statSync(join(dir, 'secret.key'))
    if (posix) expect(key.mode & 0o777).toBe(0o600)
    expect(key.size).toBe(32)
    if (posix) expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600)

    expect(await secrets.get(ref)).toBe(plain)
    // A second instance (another process, a restart) reads it with the same key.
    expect(await createFileSecretStore({ dir }).get(ref)).toBe(plain)

    const file = readFileSync(join(dir, 'secrets.json'), 'utf8')
    expect(file).not.toContain(plain)
    expect(file).not.toContain(Buffer.from(plain).toString('base64'))
    expect(file).toContain(ref)
    expect(secrets.warning).toBeUndefined()
  })

  it('gives each value its own IV, forgets deleted ones and ignores unknown refs', async () => {
    const secrets = createFileSecretStore({ dir: tempDir() })
    const a = await secrets.set('same')
    const b = await secrets.set('same')
    expect(a).not.toBe(b)
    const file = JSON.parse(readFileSync(secrets.path, 'utf8')) as {
      secrets: Record<string, { iv: string; data: string }>
    }
    expect(file.secrets[a]?.iv).not.toBe(file.secrets[b]?.iv)
    expect(file.secrets[a]?.data).not.toBe(file.secrets[b]?.data)
    await secrets.delete(a)
    expect(await secrets.get(a)).toBeUndefined()
    expect(await secrets.get(b)).toBe('same')
    await secrets.delete('s-never-existed')
    expect(await secrets.get('s-never-existed')).toBeUndefined()
  })

  it('survives parallel writers in one process and concurrent key creation', async () => {
    const dir = tempDir()
    const one = createFileSecretStore({ dir })
    const two = createFileSecretStore({ dir })
    const refs = await Promise.all(Array.from({ length: 20 }, (_, i) => one.set(`value-${i}`)))
    await expect(two.get(refs[7]!)).resolves.toBe('value-7')
    for (const [i, ref] of refs.entries()) expect(await one.get(ref)).toBe(`value-${i}`)
  })

  it.runIf(posix)('refuses a key file other users can read, and explains', async () => {
    const dir = tempDir()
    const secrets = createFileSecretStore({ dir })
    const ref = await secrets.set('x')
    const keyPath = join(dir, 'secret.key')
    const key = readFileSync(keyPath)
    chmodSync(keyPath, 0o644)
    const fresh = createFileSecretStore({ dir })
    await expect(fresh.get(ref)).rejects.toThrow(SecretKeyError)
    await expect(fresh.get(ref)).rejects.toThrow(/mode 0644.*chmod 600/)
    expect(readFileSync(keyPath)).toEqual(key)
    expect(statSync(keyPath).mode & 0o777).toBe(0o644)
  })

  it('refuses to make a new key when secrets encrypted with a lost one exist', async () => {
    const dir = tempDir()
    await createFileSecretStore({ dir }).set('x')
    rmSync(join(dir, 'secret.key'))
    const fresh = createFileSecretStore({ dir })
    await expect(fresh.set('y')).rejects.toThrow(/secret\.key is missing/)
    expect(existsSync(join(dir, 'secret.key'))).toBe(false)
  })

  it('detects a tampered or swapped value', async () => {
    const secrets = createFileSecretStore({ dir: tempDir() })
    const a = await secrets.set('alpha')
    const b = await secrets.set('bravo')
    const file = JSON.parse(readFileSync(secrets.path, 'utf8')) as {
      secrets: Record<string, unknown>
    }
    // Swapping two entries must not decrypt: the ref is authenticated with the value.
    ;[file.secrets[a], file.secrets[b]] = [file.secrets[b], file.secrets[a]]
    writeFileSync(secrets.path, JSON.stringify(file))
    await expect(secrets.get(a)).rejects.toThrow(/cannot be decrypted/)
  })

  it('does not overwrite a secrets file it cannot read', async () => {
    const dir = tempDir()
    const secrets = createFileSecretStore({ dir })
    await secrets.set('x')
    writeFileSync(secrets.path, 'not json')
    await expect(secrets.set('y')).rejects.toThrow(/not valid JSON/)
    expect(readFileSync(secrets.path, 'utf8')).toBe('not json')
  })
})
