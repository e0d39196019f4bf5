// 100 SIGKILLs of a real process importing documents with plain passwords, at random moments.
// After each kill a fresh start (what every process does when it opens the data folder) must
// find: no corrupt store or backup, no secret missing that the store or a backup refers to, no
// temp file left, and no orphan secret left.
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConfBackend } from '../../../../src-main/core/persistence/confBackend'
import { createDocumentStore } from '../../../../src-main/core/persistence/documentStore'
import { startHousekeeping } from '../../../../src-main/core/persistence/housekeeping'
import { importDocument } from '../../../../src-main/core/persistence/importExport'
import { isTempFileName } from '../../../../src-main/core/persistence/tempFiles'
import { openSecretStore } from '../../../../src-main/core/secrets/openSecretStore'
import { refsIn } from '../../../../src-main/core/secrets/orphanSecrets'
import { sampleDocument } from './fixtures/documents'
import { tempDir } from './fixtures/tempDir'
import { spawnWatched } from './fixtures/watchedChild'

const here = fileURLToPath(new URL('.', import.meta.url))
const projectRoot = resolve(here, '../../../..')
const KILLS = Number(process.env.FENCEPOST_IMPORT_KILLS ?? 100)
const LANES = 2
const MAX_DELAY_MS = 400
const fileEnv = { FENCEPOST_SECRET_STORE: 'file' }

let bundleDir: string
let child: string
const live = new Set<ChildProcess>()

beforeAll(async () => {
  // One bundle, started with plain node: a tsx start would cost ~1 s of CPU per kill.
  bundleDir = mkdtempSync(join(tmpdir(), 'fencepost-import-loop-'))
  child = join(bundleDir, 'importLoop.mjs')
  await build({
    entryPoints: [join(here, 'fixtures', 'importLoop.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // Bundled CommonJS dependencies require Node's built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);",
    },
  })
}, 60_000)

afterAll(() => {
  for (const process of live) process.kill('SIGKILL')
  rmSync(bundleDir, { recursive: true, force: true })
})

const delay = (ms: number) => new Promise<void>((wait) => setTimeout(wait, ms))

interface Findings {
  corrupt: string[]
  missing: string[]
  temps: string[]
  orphans: string[]
  /** Evidence that kills landed inside imports: what the starts cleaned up. */
  cleaned: number
  imports: number
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path, out)
    else out.push(path)
  }
  return out
}

/** A fresh start on `dir` (as any process of the app does), then everything checked. */
async function freshStart(dir: string, findings: Findings): Promise<void> {
  const { store: secrets } = await openSecretStore({ dataDir: dir, env: fileEnv })
  const store = createDocumentStore({ backend: createConfBackend({ cwd: dir }) })
  const started = await startHousekeeping({ dataDir: dir, store, secrets })
  started.close()
  findings.cleaned += started.removedTempFiles.length + started.collected.removed.length
  expect(started.collected.skipped, started.collected.problems.join()).toBe(false)

  const loaded = store.load()
  if (loaded.status !== 'loaded') findings.corrupt.push(`${store.path}: ${loaded.status}`)
  const referenced = new Set<string>()
  for (const file of [store.path, ...store.listBackups()]) {
    try {
      refsIn(JSON.parse(readFileSync(file, 'utf8')), referenced)
    } catch (error) {
      findings.corrupt.push(`${file}: ${String(error)}`)
    }
  }
  for (const ref of referenced) {
    if ((await secrets.get(ref)) === undefined) findings.missing.push(ref)
  }
  for (const ref of await secrets.list()) if (!referenced.has(ref)) findings.orphans.push(ref)
  findings.temps.push(...walk(dir).filter((path) => isTempFileName(path.split('/').pop()!)))
}

/** Starts an importing child, lets it import, SIGKILLs it at a random moment. */
async function killRound(dir: string, first: number, lane: { importMs?: number }): Promise<number> {
  const {
    child: process_,
    stdout,
    stderr,
    exited,
  } = spawnWatched([child, dir, String(first)], projectRoot, live)
  // The loop starts importing right after "ready". The first round of a lane waits for one import
  // to learn how long one takes; later rounds kill within about two imports' time after "ready",
  // so the moment lands anywhere in one (secrets created, backup written, store written, collect).
  const importMs = await new Promise<number>((ready, fail) => {
    let at = 0
    process_.stdout!.on('data', () => {
      if (!at && stdout().includes('ready\n')) {
        at = Date.now()
        if (lane.importMs !== undefined) ready(lane.importMs)
      }
      if (at && stdout().includes('.')) ready(Date.now() - at)
    })
    void exited.then(() => fail(new Error(`child exited before importing: ${stderr()}`)))
  })
  lane.importMs ??= importMs
  await delay(Math.random() * Math.min(2 * importMs, MAX_DELAY_MS))
  process_.kill('SIGKILL')
  expect(await exited, stderr()).toBe('SIGKILL')
  return stdout().split('.').length - 1
}

describe('imports killed with SIGKILL', () => {
  // Tens of seconds on an idle 2-core machine; a machine busy with other work takes longer.
  it(`lose no secret, corrupt nothing, and leave nothing behind (${KILLS} kills)`, async () => {
    const started = Date.now()
    const findings: Findings = {
      corrupt: [],
      missing: [],
      temps: [],
      orphans: [],
      cleaned: 0,
      imports: 0,
    }
    let kills = 0
    const timing = { child: 0, start: 0 }
    const lane = async (): Promise<void> => {
      const dir = tempDir('fencepost-kill-import-')
      const { store: secrets } = await openSecretStore({ dataDir: dir, env: fileEnv })
      const store = createDocumentStore({ backend: createConfBackend({ cwd: dir }) })
      expect((await importDocument(sampleDocument(), { store, secrets })).ok).toBe(true)
      const timingOfLane: { importMs?: number } = {}
      while (kills < KILLS) {
        kills++
        const t0 = Date.now()
        const imports = await killRound(dir, kills * 1000, timingOfLane)
        findings.imports += imports
        const t1 = Date.now()
        await freshStart(dir, findings)
        timing.child += t1 - t0
        timing.start += Date.now() - t1
      }
    }
    await Promise.all(Array.from({ length: LANES }, lane))

    expect(findings.corrupt).toEqual([])
    expect(findings.missing).toEqual([])
    expect(findings.temps).toEqual([])
    expect(findings.orphans).toEqual([])
    // The kills did land inside imports: starts found temp files or orphans to clean up.
    expect(findings.cleaned).toBeGreaterThan(0)
    expect(findings.imports).toBeGreaterThan(0)
    console.info(
      `${kills} kills during ${findings.imports} imports; starts cleaned ${findings.cleaned} ` +
        `leftovers; ${Date.now() - started} ms (children ${timing.child} ms, fresh starts ` +
        `${timing.start} ms)`,
    )
  }, 400_000)
})
