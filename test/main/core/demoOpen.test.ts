// File › Open the demo lab: the demo is throw-away. Opening it never touches the store, its power
// actions run on the demo lab (the sim), and saving it over a stored lab needs the store's revision.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import { isApiError } from '../../../src-main/common/errors'
import type { FencepostCore } from '../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../src-main/core/nodeCore'

const emptyLab = (): TopologyDocument => ({
  version: 1,
  engine: { name: 'engine', address: 'localhost', canProxy: true, exec: 'local' },
  dataCenters: [],
  clusters: [],
  hosts: [],
  proxies: [],
})

let dataDir: string
let core: FencepostCore

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fencepost-demo-open-'))
  core = await createNodeCore({ dataDir })
})
afterAll(async () => {
  await core.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('demo.open', { timeout: 30_000 }, () => {
  it('returns the demo lab and leaves the stored lab byte-identical', async () => {
    const saved = await core.api.topology.save(emptyLab(), 0)
    expect(saved.ok).toBe(true)
    const before = readFileSync(core.storeFile)
    const { revision } = await core.api.topology.load()

    const opened = await core.api.demo.open()
    expect(opened.origin).toBe('demo')
    expect(opened.document.hosts.map((h) => h.id)).toContain('a1')
    expect(opened.revision).toBe(revision)

    expect(readFileSync(core.storeFile).equals(before)).toBe(true)
    const stored = await core.api.topology.load()
    expect(stored.origin).toBe('store')
    expect(stored.document.hosts).toEqual([])
    expect(stored.revision).toBe(revision)
  })

  it("runs the opened demo's power actions on the demo lab, never on the stored one", async () => {
    const before = readFileSync(core.storeFile)
    const onDemo = await core.api.fencing.run({
      host: 'a1',
      action: 'status',
      dryRun: false,
      lab: 'demo',
    })
    expect(onDemo.result).toBe('ok')
    expect(onDemo.attempts.length).toBeGreaterThan(0)
    // Without `lab` the stored lab is meant: it has no a1.
    await expect(
      core.api.fencing.run({ host: 'a1', action: 'status', dryRun: false }),
    ).rejects.toThrow(/a1/)
    const tested = await core.api.fencing.test('a1', 'demo')
    expect(tested.length).toBeGreaterThan(0)
    await expect(core.api.fencing.test('a1')).rejects.toThrow(/a1/)
    expect(readFileSync(core.storeFile).equals(before)).toBe(true)
  })

  it('refuses to save the demo over a stored lab that moved on since it was opened', async () => {
    const opened = await core.api.demo.open()
    const moved = await core.api.topology.save(emptyLab(), opened.revision)
    expect(moved.ok).toBe(true)
    const refusal = await core.api.topology.save(opened.document, opened.revision).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(isApiError(refusal) && refusal.code).toBe('changed-elsewhere')
    const now = await core.api.demo.open()
    const replaced = await core.api.topology.save(now.document, now.revision)
    expect(replaced.ok).toBe(true)
    expect((await core.api.topology.load()).document.hosts.map((h) => h.id)).toContain('a1')
  })
})
