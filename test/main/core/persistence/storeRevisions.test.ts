// Store revisions (DESIGN.md §5a): every save has a revision, a save names the one it was based on
// and is refused when the store moved on — also between processes — and open windows learn of
// saves made elsewhere through `topology.onChanged`.
import type { ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { TopologyChanged } from '../../../../src-main/common/api'
import { ApiError } from '../../../../src-main/common/errors'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import { createConfBackend } from '../../../../src-main/core/persistence/confBackend'
import { createDocumentStore } from '../../../../src-main/core/persistence/documentStore'
import { importDocument } from '../../../../src-main/core/persistence/importExport'
import { createFileSecretStore } from '../../../../src-main/core/secrets/fileSecretStore'
import { sampleDocument } from './fixtures/documents'
import { tempDir } from './fixtures/tempDir'
import { spawnWatched } from './fixtures/watchedChild'

const projectRoot = join(__dirname, '../../../..')
const live = new Set<ChildProcess>()
afterEach(() => {
  for (const child of live) child.kill('SIGKILL')
  live.clear()
})

const storeIn = (dir: string) => createDocumentStore({ backend: createConfBackend({ cwd: dir }) })
const fileOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>

function refusal(run: () => unknown): ApiError {
  try {
    run()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('store revisions', () => {
  it('reads a file from before revisions as revision 0 and counts every save from there', () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ version: 1, topology: sampleDocument('old'), window: { x: 1 } }),
    )
    const store = storeIn(dir)
    expect(store.load()).toMatchObject({ status: 'loaded', revision: 0 })
    expect(store.revision()).toBe(0)
    const saved = store.save(sampleDocument('new'), { baseRevision: 0 })
    expect(saved).toMatchObject({ ok: true, revision: 1 })
    expect(fileOf(dir)).toMatchObject({ version: 1, revision: 1, window: { x: 1 } })
    expect(store.save(sampleDocument('newer'), { baseRevision: 1 })).toMatchObject({ revision: 2 })
    expect(store.load()).toMatchObject({ status: 'loaded', revision: 2 })
    // Without a base the save is an explicit overwrite.
    expect(store.save(sampleDocument('forced'))).toMatchObject({ ok: true, revision: 3 })
  })

  it('refuses a save based on an older revision and changes nothing', () => {
    const dir = tempDir()
    const store = storeIn(dir)
    store.save(sampleDocument('a'))
    store.save(sampleDocument('b'))
    const before = readFileSync(join(dir, 'config.json'))
    const backups = store.listBackups()
    const error = refusal(() => store.save(sampleDocument('c'), { baseRevision: 1 }))
    expect(error.code).toBe('changed-elsewhere')
    expect(error.message).toBe('the topology was changed elsewhere (revision 2, you edited 1)')
    expect(error.details).toEqual({ revision: 2 })
    expect(readFileSync(join(dir, 'config.json'))).toEqual(before)
    expect(store.listBackups()).toEqual(backups)
    // An empty store is revision 0: a window that opened the demo lab may save on it.
    expect(storeIn(tempDir()).save(sampleDocument(), { baseRevision: 0 })).toMatchObject({
      revision: 1,
    })
  })

  it('passes the refusal through an import, which then changes no file', async () => {
    const dir = tempDir()
    const store = storeIn(dir)
    const secrets = createFileSecretStore({ dir })
    const first = await importDocument(sampleDocument('a'), { store, secrets })
    expect(first).toMatchObject({ ok: true, revision: 1 })
    const before = readFileSync(join(dir, 'config.json'))
    const files = readdirSync(dir).sort()
    await expect(
      importDocument(sampleDocument('b', 'other-pw'), { store, secrets, baseRevision: 0 }),
    ).rejects.toMatchObject({ code: 'changed-elsewhere', details: { revision: 1 } })
    expect(readFileSync(join(dir, 'config.json'))).toEqual(before)
    expect(readdirSync(dir).sort()).toEqual(files)
  })

  it('lets exactly one of several processes saving on the same revision win', async () => {
    const dir = tempDir()
    storeIn(dir).save(sampleDocument('base'))
    const go = join(dir, 'go')
    const script = join(__dirname, 'fixtures', 'saveWithBase.ts')
    const outputs = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const { child, stdout, stderr } = spawnWatched(
          ['--import', 'tsx', script, dir, '1', go, `p${i}`],
          projectRoot,
          live,
        )
        await until(() => stdout().includes('ready\n') || child.exitCode !== null, 30_000)
        return { child, out: stdout, err: stderr }
      }),
    )
    writeFileSync(go, '')
    await Promise.all(
      outputs.map(
        ({ child }) =>
          new Promise<void>((resolve) =>
            child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
          ),
      ),
    )
    const answers = outputs.map(({ out, err }) => out().replace('ready\n', '').trim() || err())
    expect(answers.filter((a) => a === 'ok 2')).toHaveLength(1)
    expect(answers.filter((a) => a === 'changed-elsewhere')).toHaveLength(3)
    const winner = answers.indexOf('ok 2')
    expect(fileOf(dir)).toMatchObject({ revision: 2, topology: { engine: { name: `p${winner}` } } })
  }, 90_000)
})

describe('the core API with revisions', () => {
  it('loads, saves and imports with a base revision; a stale one is refused', async () => {
    const dir = tempDir('fencepost-core-rev-')
    const core = await createNodeCore({ dataDir: dir })
    try {
      const loaded = await core.api.topology.load()
      expect(loaded).toMatchObject({ origin: 'demo', revision: 0 })
      const saved = await core.api.topology.save(loaded.document, 0)
      expect(saved).toMatchObject({ ok: true, revision: 1 })
      // Another process saves meanwhile.
      storeIn(dir).save(sampleDocument('elsewhere'))
      await expect(core.api.topology.save(loaded.document, 1)).rejects.toMatchObject({
        code: 'changed-elsewhere',
        message: 'the topology was changed elsewhere (revision 2, you edited 1)',
      })
      await expect(
        core.api.topology.importText(JSON.stringify(sampleDocument('x')), 1),
      ).rejects.toMatchObject({ code: 'changed-elsewhere' })
      expect((await core.api.topology.load()).revision).toBe(2)
      expect(fileOf(dir)).toMatchObject({ topology: { engine: { name: 'elsewhere' } } })
      const imported = await core.api.topology.importText(JSON.stringify(sampleDocument('y')), 2)
      expect(imported).toMatchObject({ ok: true, revision: 3 })
      // The demo reset overwrites whatever is stored, and says at which revision.
      expect(await core.api.demo.reset()).toMatchObject({ origin: 'store', revision: 4 })
    } finally {
      await core.close()
    }
  })

  it('tells listeners of saves by other processes, once per save', async () => {
    const dir = tempDir('fencepost-core-watch-')
    const core = await createNodeCore({ dataDir: dir })
    const events: TopologyChanged[] = []
    const stop = core.api.topology.onChanged((event) => events.push(event))
    try {
      const other = storeIn(dir)
      other.save(sampleDocument('one'))
      await until(() => events.length > 0)
      await new Promise((r) => setTimeout(r, 400))
      expect(events).toEqual([{ revision: 1 }])

      other.save(sampleDocument('two'))
      await until(() => events.length > 1)
      expect(events[1]).toEqual({ revision: 2 })

      // A writer that renames its temp file over the store (what conf and electron-store do).
      const file = fileOf(dir)
      writeFileSync(join(dir, 'elsewhere.tmp'), JSON.stringify({ ...file, revision: 9 }))
      renameSync(join(dir, 'elsewhere.tmp'), join(dir, 'config.json'))
      await until(() => events.length > 2)
      expect(events[2]).toEqual({ revision: 9 })

      // Writes to other files of the data folder are not saves.
      writeFileSync(join(dir, 'history.jsonl'), '{}\n')
      await new Promise((r) => setTimeout(r, 400))
      expect(events).toHaveLength(3)

      stop()
      other.save(sampleDocument('three'))
      await new Promise((r) => setTimeout(r, 400))
      expect(events).toHaveLength(3)
    } finally {
      stop()
      await core.close()
    }
  })
})
