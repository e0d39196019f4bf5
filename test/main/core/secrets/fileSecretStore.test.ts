import { createCipheriv, randomBytes } from 'node:crypto'
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
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

function fileOf(dir: string, ref: string): string {
  return join(dir, 'secrets', `${ref}.json`)
}

describe('file secret store (AES-256-GCM, one file per secret)', () => {
  it('creates a private 32-byte key and round-trips a secret without storing it in clear', async () => {
    const dir = tempDir()
    const secrets = createFileSecretStore({ dir })
    const plain = 'correct horse battery staple'
    const ref = await secrets.set(plain)
    expect(ref).toMatch(/^s-[0-9a-f]{24}$/)

    const key = statSync(join(dir, 'secret.key'))
    if (posix) expect(key.mode & 0o777).toBe(0o600)
    expect(key.size).toBe(32)
    if (posix) expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700)
    if (posix) expect(statSync(fileOf(dir, ref)).mode & 0o777).toBe(0o600)

    expect(await secrets.get(ref)).toBe(plain)
    // A second instance (another process, a restart) reads it with the same key.
    expect(await createFileSecretStore({ dir }).get(ref)).toBe(plain)

    const file = readFileSync(fileOf(dir, ref), 'utf8')
    expect(file).not.toContain(plain)
    expect(file).not.toContain(Buffer.from(plain).toString('base64'))
    expect(await secrets.list()).toEqual([ref])
    expect(readdirSync(join(dir, 'secrets'))).toEqual([`${ref}.json`])
  })

  it('gives each value its own IV, forgets deleted ones and ignores unknown refs', async () => {
    const dir = tempDir()
    const secrets = createFileSecretStore({ dir })
    const a = await secrets.set('same')
    const b = await secrets.set('same')
    expect(a).not.toBe(b)
    const fa = JSON.parse(readFileSync(fileOf(dir, a), 'utf8')) as { iv: string; data: string }
    const fb = JSON.parse(readFileSync(fileOf(dir, b), 'utf8')) as { iv: string; data: string }
    expect(fa.iv).not.toBe(fb.iv)
    expect(fa.data).not.toBe(fb.data)
    await secrets.delete(a)
    expect(await secrets.get(a)).toBeUndefined()
    expect(await secrets.get(b)).toBe('same')
    expect(await secrets.list()).toEqual([b])
    await secrets.delete('s-never-existed')
    expect(await secrets.get('s-never-existed')).toBeUndefined()
  })

  it('never reads or writes outside its folder, whatever a document names as a ref', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'outside.json'), '{"iv":"","tag":"","data":""}')
    const secrets = createFileSecretStore({ dir })
    await secrets.set('x')
    for (const ref of ['../outside', '../../etc/passwd', '', '.hidden', 'a/b']) {
      expect(await secrets.get(ref)).toBeUndefined()
      await secrets.delete(ref)
      await expect(secrets.put(ref, 'v')).rejects.toThrow(/not a secret reference/)
    }
    expect(existsSync(join(dir, 'outside.json'))).toBe(true)
  })

  it('keeps a given ref with put (migration between stores)', async () => {
    const dir = tempDir()
    const secrets = createFileSecretStore({ dir })
    await secrets.put('s-0123456789abcdef01234567', 'moved')
    expect(await createFileSecretStore({ dir }).get('s-0123456789abcdef01234567')).toBe('moved')
  })

  it('loses nothing when two stores on one folder (two processes) write at once', async () => {
    const dir = tempDir()
    const one = createFileSecretStore({ dir })
    const two = createFileSecretStore({ dir })
    const refs = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).set(`value-${i}`)),
    )
    expect(new Set(refs).size).toBe(40)
    const fresh = createFileSecretStore({ dir })
    expect((await fresh.list()).sort()).toEqual([...refs].sort())
    for (const [i, ref] of refs.entries()) expect(await fresh.get(ref)).toBe(`value-${i}`)
  })

  it('splits the single secrets.json of older builds into the folder, losing nothing', async () => {
    const dir = tempDir()
    // What an older build wrote: the same key and encryption, all entries in one file.
    const key = randomBytes(32)
    writeFileSync(join(dir, 'secret.key'), key, { mode: 0o600 })
    const entry = (ref: string, value: string) => {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(ref, 'utf8'))
      const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
      return {
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      }
    }
    const legacy = {
      version: 1,
      algorithm: 'aes-256-gcm',
      secrets: { 's-aaa': entry('s-aaa', 'first'), 's-bbb': entry('s-bbb', 'second') },
    }
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(legacy), { mode: 0o600 })
    const secrets = createFileSecretStore({ dir })
    expect(await secrets.get('s-aaa')).toBe('first')
    expect(await secrets.get('s-bbb')).toBe('second')
    expect((await secrets.list()).sort()).toEqual(['s-aaa', 's-bbb'])
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false)
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
    const dir = tempDir()
    const secrets = createFileSecretStore({ dir })
    const a = await secrets.set('alpha')
    const b = await secrets.set('bravo')
    // Swapping two files must not decrypt: the ref is authenticated with the value.
    const textA = readFileSync(fileOf(dir, a))
    writeFileSync(fileOf(dir, a), readFileSync(fileOf(dir, b)))
    writeFileSync(fileOf(dir, b), textA)
    await expect(secrets.get(a)).rejects.toThrow(/cannot be decrypted/)
  })

  it('does not overwrite or delete a secret file it cannot read', async () => {
    const dir = tempDir()
    const secrets = createFileSecretStore({ dir })
    const ref = await secrets.set('x')
    writeFileSync(fileOf(dir, ref), 'not json')
    await expect(secrets.get(ref)).rejects.toThrow(/not valid JSON/)
    expect(readFileSync(fileOf(dir, ref), 'utf8')).toBe('not json')
    // Other secrets stay usable.
    const other = await secrets.set('y')
    expect(await secrets.get(other)).toBe('y')
  })
})
