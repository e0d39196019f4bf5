// Import, undo and backups through the core's API (DESIGN.md §5a): an import keeps the secrets the
// replaced lab refers to, so saving that lab again (an undo) works and its password still
// resolves; the backups are listed with what restoring would change, and restored as a new save.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../../src-main/common/document'
import { isApiError } from '../../../../src-main/common/errors'
import { MAX_TOPOLOGY_BYTES } from '../../../../src-main/common/importLimits'
import type { FencepostCore } from '../../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../../src-main/core/nodeCore'

const PASSWORD = 'Bmc-Undo-Secret-7'

function lab(hosts: string[], password?: string): TopologyDocument {
  return {
    version: 1,
    engine: { name: 'engine', address: 'localhost', canProxy: true, exec: 'local' },
    dataCenters: [{ id: 'dc1', name: 'Default' }],
    clusters: [{ id: 'c1', name: 'cluster-a', dataCenter: 'dc1' }],
    hosts: hosts.map((id) => ({
      id,
      name: `${id}-name`,
      address: `${id}.lab.example`,
      cluster: 'c1',
      status: 'up' as const,
      canProxy: true,
      powerManagement: {
        enabled: true,
        devices: [
          {
            id: 'psu1',
            type: 'ipmilan',
            order: 1,
            params: { ip: '10.1.0.11', username: 'admin', ...(password ? { password } : {}) },
          },
        ],
      },
    })),
    proxies: [],
  }
}

let dataDir: string
let core: FencepostCore

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fencepost-backups-'))
  core = await createNodeCore({ dataDir, keyring: null, env: {} })
})
afterAll(async () => {
  await core.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function storedPassword(): Promise<unknown> {
  const exported = await core.exportDocument(true)
  return exported.document?.hosts[0]?.powerManagement?.devices[0]?.params.password
}

describe('import, undo and backups', { timeout: 30_000 }, () => {
  it('keeps the replaced lab saveable after an import: its password still resolves', async () => {
    const first = await core.api.topology.save(lab(['a1'], PASSWORD), 0)
    if (!first.ok) throw new Error('not saved')
    const withRef = first.document
    const ref = withRef.hosts[0]!.powerManagement!.devices[0]!.params.password
    expect(ref).toEqual({ ref: expect.any(String) })

    const imported = await core.api.topology.importText(
      JSON.stringify(lab(['b1', 'b2'])),
      first.revision,
    )
    if (!imported.ok) throw new Error('not imported')
    // Ctrl+Z in the UI then Ctrl+S: the old document, refs and all, saved on the new revision.
    const undone = await core.api.topology.save(withRef, imported.revision)
    expect(undone.ok).toBe(true)
    expect(await storedPassword()).toBe(PASSWORD)
  })

  it('lists the backups newest first with size and change, never a secret', async () => {
    const backups = await core.api.topology.backups()
    expect(backups.length).toBeGreaterThanOrEqual(2)
    const [newest] = backups
    // The newest backup is the imported lab the undo replaced.
    expect(newest?.size).toBe('2 hosts, 2 devices')
    expect(newest?.restorable).toBe(true)
    expect(newest?.changes).toContain('2 hosts added: b1-name, b2-name')
    expect(newest?.changes).toContain('1 host removed: a1-name')
    expect(Date.parse(newest!.at)).toBeGreaterThan(Date.now() - 60_000)
    expect(JSON.stringify(backups)).not.toContain(PASSWORD)
    expect(backups.map((b) => b.at)).toEqual([...backups.map((b) => b.at)].sort().reverse())
  })

  it('restores a backup as a new revision, refused when stale or unknown', async () => {
    const { revision } = await core.api.topology.load()
    const [newest] = await core.api.topology.backups()
    await expect(core.api.topology.restoreBackup(newest!.id, revision - 1)).rejects.toSatisfy(
      (e) => isApiError(e) && e.code === 'changed-elsewhere',
    )
    for (const id of ['nope.json', '../config.json', `../backups/${newest!.id}`]) {
      await expect(core.api.topology.restoreBackup(id, revision)).rejects.toSatisfy(
        (e) => isApiError(e) && e.code === 'not-found',
      )
    }
    const restored = await core.api.topology.restoreBackup(newest!.id, revision)
    if (!restored.ok) throw new Error('not restored')
    expect(restored.revision).toBe(revision + 1)
    expect(restored.document.hosts.map((h) => h.id)).toEqual(['b1', 'b2'])
    // The lab it replaced is now the newest backup, so the restore is undoable in turn.
    const [again] = await core.api.topology.backups()
    expect(again?.changes).toContain('1 host added: a1-name')
    expect(await storedPassword()).toBeUndefined()
    // And the first lab (with its password) can still be restored.
    const back = await core.api.topology.restoreBackup(again!.id, restored.revision)
    expect(back.ok).toBe(true)
    expect(await storedPassword()).toBe(PASSWORD)
  })

  it('refuses a text over the size limit with the clear reason', async () => {
    const { revision } = await core.api.topology.load()
    const result = await core.api.topology.importText(' '.repeat(MAX_TOPOLOGY_BYTES + 1), revision)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues[0]?.message).toMatch(
      /^the file is too big to be a topology \(64 MB; at most 64 MB/,
    )
    expect((await core.api.topology.load()).revision).toBe(revision)
  })
})
