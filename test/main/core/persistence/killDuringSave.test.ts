import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../../src-main/common/document'
import { createConfBackend } from '../../../../src-main/core/persistence/confBackend'
import { createDocumentStore } from '../../../../src-main/core/persistence/documentStore'
import { alternatingDocuments } from './fixtures/documents'
import { tempDir } from './fixtures/tempDir'
import { spawnWatched } from './fixtures/watchedChild'

const here = fileURLToPath(new URL('.', import.meta.url))
const projectRoot = resolve(here, '../../../..')
const saveLoop = join(here, 'fixtures', 'saveLoop.ts')

/** Children killed with SIGKILL. Each costs ~1 s of CPU to start (tsx + zod + conf). */
const KILLS = Number(process.env.FENCEPOST_KILL_ROUNDS ?? 20)
/**
 * Moments per child, before its kill, at which it is frozen (SIGSTOP) and the file checked. A
 * stopped process has left exactly what a SIGKILL at that moment would leave on disk (signals
 * land between system calls either way), so these are kills without the cost of a new process.
 */
const FREEZES = Number(process.env.FENCEPOST_KILL_FREEZES ?? 3)
const PARALLEL = availableParallelism() + 1
const MAX_DELAY_MS = 60

// Children still running if a round fails or times out; they ignore SIGTERM while saving.
const live = new Set<ChildProcess>()
afterAll(() => {
  for (const child of live) child.kill('SIGKILL')
})

const delay = (ms: number) => new Promise<void>((wait) => setTimeout(wait, ms))

/** Waits until the kernel reports the process stopped (Linux); elsewhere a short pause. */
async function stopped(pid: number): Promise<void> {
  const stat = `/proc/${pid}/stat`
  if (!existsSync(stat)) return delay(20)
  for (let i = 0; i < 200; i++) {
    // Field 3, after the parenthesised command name: T = stopped.
    if (/\) T /.test(readFileSync(stat, 'utf8'))) return
    await delay(1)
  }
  throw new Error(`process ${pid} did not stop`)
}

/** The file parses and is exactly one of the two documents, never a mix or a torn write. */
function checkFile(path: string, documents: TopologyDocument[]): string {
  const text = readFileSync(path, 'utf8')
  let file: Record<string, unknown>
  try {
    file = JSON.parse(text) as Record<string, unknown>
  } catch {
    throw new Error(`torn store file (${text.length} bytes): ${text.slice(0, 200)}…`)
  }
  expect(Object.keys(file)).toEqual(['version', 'revision', 'topology'])
  expect(file.version).toBe(1)
  expect(documents).toContainEqual(file.topology)
  return (file.topology as TopologyDocument).engine.name
}

interface Round {
  saves: number
  engines: string[]
}

/** Starts a saving child, freezes it a few times, SIGKILLs it, and checks the file each time. */
async function killRound(): Promise<Round> {
  const dir = tempDir('fencepost-kill-')
  const store = createDocumentStore({ backend: createConfBackend({ cwd: dir }) })
  const documents = alternatingDocuments()
  expect(store.save(documents[0]).ok).toBe(true)

  const { child, stdout, stderr, exited } = spawnWatched(
    ['--import', 'tsx', saveLoop, dir],
    projectRoot,
    live,
  )
  // Only once the loop runs (its first save is done): from then on the child is always somewhere
  // inside a save — validating, backing up, rotating, writing the temp file, renaming.
  await new Promise<void>((saving, fail) => {
    child.stdout!.on('data', () => {
      if (/ready\n\./.test(stdout())) saving()
    })
    void exited.then(() => fail(new Error(`child exited before saving: ${stderr()}`)))
  })

  const engines: string[] = []
  for (let i = 0; i < FREEZES; i++) {
    await delay(Math.random() * MAX_DELAY_MS)
    child.kill('SIGSTOP')
    await stopped(child.pid!)
    engines.push(checkFile(store.path, documents))
    child.kill('SIGCONT')
  }
  await delay(Math.random() * MAX_DELAY_MS)
  child.kill('SIGKILL')
  expect(await exited, stderr()).toBe('SIGKILL')

  engines.push(checkFile(store.path, documents))
  const loaded = store.load()
  expect(loaded.status).toBe('loaded')
  expect(documents).toContainEqual(loaded.document)
  return { saves: stdout().split('.').length - 1, engines }
}

describe('a save killed with SIGKILL', () => {
  it(`leaves the old or the new document, never a broken file (${KILLS} kills)`, async () => {
    const started = Date.now()
    const rounds: Round[] = []
    let next = 0
    const worker = async () => {
      while (next++ < KILLS) rounds.push(await killRound())
    }
    await Promise.all(Array.from({ length: PARALLEL }, worker))
    expect(rounds).toHaveLength(KILLS)
    for (const round of rounds) expect(round.saves).toBeGreaterThan(0)
    // Both outcomes occur: the moments land at different points of the alternation.
    const engines = new Set(rounds.flatMap((round) => round.engines))
    expect(engines).toEqual(new Set(['engine-a', 'engine-b']))
    const saves = rounds.reduce((sum, round) => sum + round.saves, 0)
    console.info(
      `${KILLS} kills + ${KILLS * FREEZES} freezes during ${saves} saves in ${Date.now() - started} ms`,
    )
  }, 180_000)
})
