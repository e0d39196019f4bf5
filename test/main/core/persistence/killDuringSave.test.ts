import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createConfBackend } from '../../../../src-main/core/persistence/confBackend'
import { createDocumentStore } from '../../../../src-main/core/persistence/documentStore'
import { alternatingDocuments, tempDir } from './fixtures/documents'

const here = fileURLToPath(new URL('.', import.meta.url))
const projectRoot = resolve(here, '../../../..')
const saveLoop = join(here, 'fixtures', 'saveLoop.ts')

const ROUNDS = 40
const PARALLEL = 4
const MAX_DELAY_MS = 60

interface Round {
  saves: number
  engine: string
}

/** Starts a saving child, SIGKILLs it at a random moment, and checks what is left on disk. */
async function killRound(): Promise<Round> {
  const dir = tempDir('fencepost-kill-')
  const store = createDocumentStore({ backend: createConfBackend({ cwd: dir }) })
  const [small, large] = alternatingDocuments()
  expect(store.save(small).ok).toBe(true)

  const child = spawn(process.execPath, ['--import', 'tsx', saveLoop, dir], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.on('exit', (_code, signal) => done(signal)),
  )
  await new Promise<void>((ready, fail) => {
    const check = () => {
      if (stdout.includes('ready\n')) ready()
    }
    child.stdout.on('data', check)
    child.on('exit', () => fail(new Error(`child exited before it was ready: ${stderr}`)))
  })
  await new Promise((wait) => setTimeout(wait, Math.random() * MAX_DELAY_MS))
  child.kill('SIGKILL')
  expect(await exited, stderr).toBe('SIGKILL')

  // The file parses and is exactly one of the two documents, never a mix or a torn write.
  const file = JSON.parse(readFileSync(store.path, 'utf8')) as Record<string, unknown>
  expect(Object.keys(file)).toEqual(['version', 'topology'])
  expect(file.version).toBe(1)
  expect([small, large]).toContainEqual(file.topology)
  const loaded = store.load()
  expect(loaded.status).toBe('loaded')
  expect([small, large]).toContainEqual(loaded.document)
  return { saves: stdout.split('.').length - 1, engine: loaded.document!.engine.name }
}

describe('a save killed with SIGKILL', () => {
  it(`leaves the old or the new document, never a broken file (${ROUNDS} rounds)`, async () => {
    const started = Date.now()
    const rounds: Round[] = []
    for (let i = 0; i < ROUNDS; i += PARALLEL) {
      rounds.push(...(await Promise.all(Array.from({ length: PARALLEL }, () => killRound()))))
    }
    // The kills must have landed while the child was saving, not before it began.
    const busy = rounds.filter((round) => round.saves > 0)
    expect(busy.length).toBeGreaterThan(ROUNDS / 2)
    expect(new Set(rounds.map((round) => round.engine))).toEqual(new Set(['engine-a', 'engine-b']))
    expect(Date.now() - started).toBeLessThan(30_000)
  })
})
