import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createFileKnownHosts,
  fingerprintOfPublicKeyLine,
  hostPortKey,
  sameFingerprint,
  sshFingerprint,
} from '../../../../src-main/core/runners/knownHosts'

const dirs: string[] = []
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fencepost-knownhosts-'))
  dirs.push(dir)
  return join(dir, 'config', 'known-hosts.json')
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('fingerprints', () => {
  // `ssh-keygen -lf` on this key printed SHA256:3LLxxiV1te1fhS2ujel0OHepPHncvybkd7yU5LOYv04.
  const line =
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGuh6IdyOl6wMsq1+h3kHlKJQ5RUK7dtFnbE9FuRzTJt test'
  it('matches ssh-keygen -lf', () => {
    expect(fingerprintOfPublicKeyLine(line)).toBe(
      'SHA256:3LLxxiV1te1fhS2ujel0OHepPHncvybkd7yU5LOYv04',
    )
    expect(sshFingerprint(Buffer.from(line.split(' ')[1]!, 'base64'))).toBe(
      fingerprintOfPublicKeyLine(line),
    )
  })
  it('compares with or without base64 padding', () => {
    const fp = fingerprintOfPublicKeyLine(line)
    expect(sameFingerprint(fp, `${fp}=`)).toBe(true)
    expect(sameFingerprint(fp, fp.replace(/.$/, 'A'))).toBe(fp.endsWith('A'))
  })
  it('keys endpoints like OpenSSH', () => {
    expect(hostPortKey('10.0.0.5', 22)).toBe('10.0.0.5:22')
    expect(hostPortKey('fe80::1', 2222)).toBe('[fe80::1]:2222')
    expect(hostPortKey('[fe80::1]', 2222)).toBe('[fe80::1]:2222')
  })
})

describe('file-backed known hosts', () => {
  it('persists trust across instances in a private file', async () => {
    const file = tempFile()
    const a = createFileKnownHosts(file)
    expect(await a.get('h:22')).toBeUndefined()
    await a.trust('h:22', 'SHA256:abc')
    const b = createFileKnownHosts(file)
    expect(await b.get('h:22')).toBe('SHA256:abc')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      version: 1,
      hosts: { 'h:22': 'SHA256:abc' },
    })
    await b.forget('h:22')
    expect(await a.list()).toEqual({})
  })

  it('loses no entry when many are trusted at once', async () => {
    const store = createFileKnownHosts(tempFile())
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.trust(`h${i}:22`, `SHA256:${i}`)))
    expect(Object.keys(await store.list())).toHaveLength(20)
  })

  it('fails loudly on a corrupt file instead of treating every host as unknown', async () => {
    const file = tempFile()
    const store = createFileKnownHosts(file)
    await store.trust('h:22', 'SHA256:abc')
    writeFileSync(file, '{ not json')
    await expect(store.get('h:22')).rejects.toThrow()
  })
})
