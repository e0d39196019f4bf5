import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../../src-main/common/document'
import { createConfBackend } from '../../../../src-main/core/persistence/confBackend'
import { createDocumentStore } from '../../../../src-main/core/persistence/documentStore'
import { exportDocument, importDocument } from '../../../../src-main/core/persistence/importExport'
import { createFileSecretStore } from '../../../../src-main/core/secrets/fileSecretStore'
import { createOrphanCollector } from '../../../../src-main/core/secrets/orphanSecrets'
import { sampleDocument } from './fixtures/documents'
import { tempDir } from './fixtures/tempDir'

function setup() {
  const dir = tempDir()
  const store = createDocumentStore({ backend: createConfBackend({ cwd: dir }) })
  const secrets = createFileSecretStore({ dir })
  const collector = createOrphanCollector({
    dataDir: dir,
    secrets,
    storePath: store.path,
    backupDir: store.backupDir,
  })
  return { dir, store, secrets, collector }
}

function psu(doc: TopologyDocument) {
  return doc.hosts[0]!.powerManagement!.devices[0]!
}

describe('importDocument', () => {
  it('moves plain secrets into the secret store; the store file never holds them', async () => {
    const { store, secrets } = setup()
    const result = await importDocument(sampleDocument(), { store, secrets })
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.movedSecrets).toBe(2)

    const onDisk = readFileSync(store.path, 'utf8')
    expect(onDisk).not.toContain('S3cr3t-ipmi-pw')
    expect(onDisk).not.toContain('S3cr3t-ssh-pw')
    for (const backup of store.listBackups()) {
      expect(readFileSync(backup, 'utf8')).not.toContain('S3cr3t')
    }

    const loaded = store.load().document!
    const password = psu(loaded).params.password
    expect(password).toEqual({ ref: expect.stringMatching(/^s-/) })
    expect(await secrets.get((password as { ref: string }).ref)).toBe('S3cr3t-ipmi-pw')
    const ssh = loaded.hosts[0]!.ssh!.password as { ref: string }
    expect(await secrets.get(ssh.ref)).toBe('S3cr3t-ssh-pw')
    // { env } stays as it is; non-secret params are untouched.
    expect(loaded.hosts[0]!.powerManagement!.devices[1]!.params.password).toEqual({
      env: 'FP_APC_PW',
    })
    expect(psu(loaded).params.username).toBe('admin')
  })

  it('rejects an invalid document with every issue and writes nothing at all', async () => {
    const { dir, store, secrets } = setup()
    const doc = sampleDocument() as unknown as Record<string, unknown>
    ;(doc.hosts as { cluster: string }[])[0]!.cluster = 'missing'
    ;(doc.proxies as { address: string }[])[0]!.address = '!!'
    const result = await importDocument(doc, { store, secrets })
    if (result.ok) throw new Error('expected a rejection')
    const paths = result.issues.map((issue) => issue.path)
    expect(paths).toContain('hosts[0].cluster')
    expect(paths).toContain('proxies[0].address')
    expect(readdirSync(dir)).toEqual([])
  })

  it('rejects what is not a document at all without throwing', async () => {
    const { dir, store, secrets } = setup()
    const cyclic = sampleDocument() as unknown as Record<string, unknown>
    cyclic.self = cyclic
    for (const input of [undefined, null, 42, 'text', [], {}, cyclic]) {
      const result = await importDocument(input, { store, secrets })
      expect(result.ok).toBe(false)
      if (!result.ok) for (const issue of result.issues) expect(issue.path).not.toBe('')
    }
    expect(readdirSync(dir)).toEqual([])
  })

  it("keeps the previous document's secrets: its backup still refers to them", async () => {
    const { store, secrets, collector } = setup()
    const first = await importDocument(sampleDocument(), { store, secrets, collector })
    if (!first.ok) throw new Error(JSON.stringify(first.issues))
    const oldRef = (psu(first.document).params.password as { ref: string }).ref
    const second = await importDocument(sampleDocument('engine', 'new-pw'), {
      store,
      secrets,
      collector,
    })
    if (!second.ok) throw new Error(JSON.stringify(second.issues))
    expect(second.removedSecrets).toBe(0)
    expect(await secrets.list()).toHaveLength(4)
    expect(await secrets.get(oldRef)).toBe('S3cr3t-ipmi-pw')

    // Undo in a window: it holds the first document as loaded (refs only) and saves it again.
    const undone = await importDocument(first.document, { store, secrets, collector })
    if (!undone.ok) throw new Error(JSON.stringify(undone.issues))
    expect(undone.movedSecrets).toBe(0)
    expect(psu(undone.document).params.password).toEqual({ ref: oldRef })

    // Re-importing the stored document (refs only) keeps its secrets.
    const third = await importDocument(store.load().document, { store, secrets, collector })
    if (!third.ok) throw new Error(JSON.stringify(third.issues))
    expect(third.movedSecrets).toBe(0)
    expect(await secrets.get(oldRef)).toBe('S3cr3t-ipmi-pw')
  })

  it('collects a secret once neither the store nor any backup refers to it', async () => {
    const { dir, store, secrets, collector } = setup()
    const first = await importDocument(sampleDocument(), { store, secrets, collector })
    if (!first.ok) throw new Error('import failed')
    const oldRefs = await secrets.list()
    const stray = await secrets.set('referenced by nothing')
    const second = await importDocument(sampleDocument('engine', 'new-pw'), {
      store,
      secrets,
      collector,
    })
    if (!second.ok) throw new Error('import failed')
    // The stray one goes; the first document's stay (its backup refers to them).
    expect(second.removedSecrets).toBe(1)
    expect(await secrets.get(stray)).toBeUndefined()
    for (const ref of oldRefs) expect(await secrets.get(ref)).toBeDefined()

    // Backups rotated away: the first document's secrets are orphans now.
    rmSync(join(dir, 'backups'), { recursive: true })
    const collected = await collector.collect()
    expect(collected.removed.sort()).toEqual([...oldRefs].sort())
    const kept = await secrets.list()
    expect(kept).toHaveLength(2)
    const stored = store.load().document!
    expect(kept).toContain((psu(stored).params.password as { ref: string }).ref)
  })

  it('never deletes a secret without a collector', async () => {
    const { store, secrets } = setup()
    expect((await importDocument(sampleDocument(), { store, secrets })).ok).toBe(true)
    await secrets.set('stray')
    const second = await importDocument(sampleDocument('e', 'other'), { store, secrets })
    if (!second.ok) throw new Error('import failed')
    expect(second.removedSecrets).toBe(0)
    expect(await secrets.list()).toHaveLength(5)
  })

  it('refuses a { ref } the secret store does not have, by path', async () => {
    const { dir, store, secrets } = setup()
    const doc = sampleDocument()
    psu(doc).params.password = { ref: 's-from-another-machine' }
    const result = await importDocument(doc, { store, secrets })
    if (result.ok) throw new Error('expected a rejection')
    expect(result.issues).toEqual([
      {
        path: 'hosts[0].powerManagement.devices[0].params.password',
        message: expect.stringContaining('s-from-another-machine'),
      },
    ])
    expect(existsSync(join(dir, 'config.json'))).toBe(false)
    expect(await secrets.list()).toEqual([])
  })

  it('asks isSecretParam which device parameters are secret', async () => {
    const { store, secrets } = setup()
    const result = await importDocument(sampleDocument(), {
      store,
      secrets,
      isSecretParam: (type, name) => type === 'apc' && name === 'plug',
    })
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    const devices = result.document.hosts[0]!.powerManagement!.devices
    expect(devices[1]!.params.plug).toEqual({ ref: expect.any(String) })
    expect(devices[0]!.params.password).toBe('S3cr3t-ipmi-pw')
    // ssh.password is a secret everywhere, whatever the callback says.
    expect(result.document.hosts[0]!.ssh!.password).toEqual({ ref: expect.any(String) })
  })

  it('migrates an old (version 0) document before validating it', async () => {
    const { store, secrets } = setup()
    const doc = sampleDocument() as unknown as Record<string, unknown>
    doc.version = 0
    doc.defaults = { proxyPreferences: 'Cluster, DC, Engine' }
    const result = await importDocument(doc, { store, secrets })
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.document.defaults?.proxyPreferences).toEqual(['cluster', 'dc', 'engine'])
    expect(result.document.version).toBe(1)
  })
})

describe('exportDocument', () => {
  it('is empty for an empty store', async () => {
    const { store, secrets } = setup()
    expect(await exportDocument({ store, secrets, includeSecrets: true })).toEqual({
      document: undefined,
      problems: [],
    })
  })

  it('leaves secrets out unless asked, then writes them in plain text', async () => {
    const { store, secrets } = setup()
    expect((await importDocument(sampleDocument(), { store, secrets })).ok).toBe(true)

    const without = (await exportDocument({ store, secrets, includeSecrets: false })).document!
    expect('password' in psu(without).params).toBe(false)
    expect('password' in without.hosts[0]!.ssh!).toBe(false)
    expect(without.hosts[0]!.powerManagement!.devices[1]!.params.password).toEqual({
      env: 'FP_APC_PW',
    })
    expect(JSON.stringify(without)).not.toMatch(/S3cr3t|"ref"/)

    const withSecrets = (await exportDocument({ store, secrets, includeSecrets: true })).document!
    expect(withSecrets).toEqual(sampleDocument())
  })

  it('reports a secret that has gone missing from the secret store', async () => {
    const { store, secrets } = setup()
    const imported = await importDocument(sampleDocument(), { store, secrets })
    if (!imported.ok) throw new Error('import failed')
    await secrets.delete((psu(imported.document).params.password as { ref: string }).ref)
    const result = await exportDocument({ store, secrets, includeSecrets: true })
    expect(result.problems).toEqual([
      expect.stringContaining('hosts[0].powerManagement.devices[0].params.password'),
    ])
    expect('password' in psu(result.document!).params).toBe(false)
  })
})
