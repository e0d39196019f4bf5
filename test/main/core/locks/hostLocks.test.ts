// One action per host across processes (DESIGN.md §4): the lock file, its refusal naming the
// holder, and recovery after kill -9 and pid reuse — with real child processes.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import type { ChildProcess } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../../../src-main/common/errors'
import { clockTime } from '../../../../src-main/common/hostLock'
import type { LockHolder } from '../../../../src-main/common/hostLock'
import { createHostLocks, hostLockFile } from '../../../../src-main/core/locks/hostLocks'
import { processStartOf } from '../../../../src-main/core/locks/processes'

const projectRoot = join(__dirname, '../../../..')
const childScript = join(__dirname, 'fixtures', 'lockChild.ts')
const live = new Set<ChildProcess>()

afterEach(() => {
  for (const child of live) child.kill('SIGKILL')
  live.clear()
})

function locksIn(): { dir: string; locks: ReturnType<typeof createHostLocks> } {
  const dir = join(mkdtempSync(join(tmpdir(), 'fencepost-locks-')), 'locks')
  return { dir, locks: createHostLocks({ dir, who: 'browser mode' }) }
}

function refusalOf(run: () => unknown): ApiError {
  try {
    run()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected a busy refusal')
}

/** Starts the lock child; resolves once its output matched `until`. */
function startChild(
  args: string[],
  until: RegExp,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  live.add(child)
  let out = ''
  let err = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      if (until.test(out)) resolve({ child, output: () => out })
    })
    child.on('exit', (code) => {
      live.delete(child)
      if (!until.test(out)) reject(new Error(`child exited (${code}) early: ${err}`))
    })
  })
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
}

describe('host locks', () => {
  it('refuses a second acquire in the same process, naming the holder, until released', () => {
    const { dir, locks } = locksIn()
    const lock = locks.acquire({ hostId: 'a2', host: 'a2.lab.example', action: 'on' })
    const record = JSON.parse(readFileSync(hostLockFile(dir, 'a2'), 'utf8')) as LockHolder
    expect(record).toMatchObject({
      pid: process.pid,
      processStart: processStartOf(process.pid),
      who: 'browser mode',
      action: 'on',
      host: 'a2.lab.example',
    })
    expect(record.processStart).toMatch(/^\d+$/)

    const refusal = refusalOf(() =>
      locks.acquire({ hostId: 'a2', host: 'a2.lab.example', action: 'off' }),
    )
    expect(refusal.code).toBe('busy')
    expect(refusal.message).toBe(
      `a2.lab.example is busy: on by browser mode (pid ${process.pid}) since ${clockTime(record.since)}`,
    )
    expect(refusal.message).toMatch(/since \d\d:\d\d:\d\d$/)
    expect(refusal.details).toEqual({
      holder: {
        pid: process.pid,
        processStart: record.processStart,
        who: 'browser mode',
        action: 'on',
        host: 'a2.lab.example',
        since: record.since,
      },
    })
    // Another host is free; the same host is free again after release (twice is harmless).
    locks.acquire({ hostId: 'b1', host: 'b1', action: 'test' }).release()
    lock.release()
    lock.release()
    expect(existsSync(hostLockFile(dir, 'a2'))).toBe(false)
    locks.acquire({ hostId: 'a2', host: 'a2.lab.example', action: 'off' }).release()
  })

  it('lets exactly one of many concurrent acquires in one process win', async () => {
    const { locks } = locksIn()
    const outcomes = await Promise.allSettled(
      Array.from({ length: 25 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i % 3))
        return locks.acquire({ hostId: 'h1', host: 'h1', action: 'status' })
      }),
    )
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    for (const o of outcomes) {
      if (o.status === 'rejected') expect((o.reason as ApiError).code).toBe('busy')
    }
  })

  it('keeps every host id inside the locks folder', () => {
    const { dir, locks } = locksIn()
    locks.acquire({ hostId: '../../escape/x', host: 'x', action: 'on' })
    expect(readdirSync(dir)).toEqual([`${encodeURIComponent('../../escape/x')}.lock`])
  })

  it('is refused while another process holds it, and recovered after that one is killed -9', async () => {
    const { dir, locks } = locksIn()
    const { child } = await startChild(['hold', dir, 'h1'], /held\n/)
    const refusal = refusalOf(() => locks.acquire({ hostId: 'h1', host: 'h1', action: 'on' }))
    expect(refusal.message).toMatch(
      new RegExp(`^h1 is busy: off by fencepost CLI \\(pid ${child.pid}\\) since `),
    )
    child.kill('SIGKILL')
    await exited(child)
    const lock = locks.acquire({ hostId: 'h1', host: 'h1', action: 'on' })
    const record = JSON.parse(readFileSync(hostLockFile(dir, 'h1'), 'utf8')) as LockHolder
    expect(record.pid).toBe(process.pid)
    lock.release()
  }, 30_000)

  it('does not take a reused pid for the holder', () => {
    const { dir, locks } = locksIn()
    mkdirSync(dir, { recursive: true })
    const holder = (processStart: string): string =>
      JSON.stringify({
        pid: process.pid,
        processStart,
        who: 'fencepost CLI',
        action: 'off',
        host: 'h1',
        since: new Date().toISOString(),
        nonce: 'x',
      })
    // This pid runs, but it is not the process that took the lock: that one started earlier.
    writeFileSync(hostLockFile(dir, 'h1'), holder('1'))
    locks.acquire({ hostId: 'h1', host: 'h1', action: 'on' }).release()
    // The same pid with its real start time is the holder.
    writeFileSync(hostLockFile(dir, 'h1'), holder(processStartOf(process.pid)))
    expect(
      refusalOf(() => locks.acquire({ hostId: 'h1', host: 'h1', action: 'on' })).message,
    ).toMatch(/^h1 is busy: off by fencepost CLI/)
  })

  it('recovers a lock file cut short (power loss) and cleans old leftovers', () => {
    const { dir } = locksIn()
    mkdirSync(dir, { recursive: true })
    writeFileSync(hostLockFile(dir, 'h1'), '{"pid": 12')
    // Temp files name their process (fileLock.ts): a dead writer's goes, a live one's stays.
    const old = join(dir, `h1.lock.${2 ** 22 + 1}-${randomUUID()}.tmp`)
    writeFileSync(old, '{}')
    const young = join(dir, `h2.lock.${process.pid}-${randomUUID()}.tmp`)
    writeFileSync(young, '{}')
    const locks = createHostLocks({ dir, who: 'fencepost CLI' })
    expect(existsSync(old)).toBe(false)
    expect(existsSync(young)).toBe(true)
    locks.acquire({ hostId: 'h1', host: 'h1', action: 'on' }).release()
  })

  it('gets past a recoverer that was killed while recovering', () => {
    const { dir, locks } = locksIn()
    mkdirSync(dir, { recursive: true })
    const dead = JSON.stringify({ pid: 2 ** 22 + 1, processStart: '1' })
    writeFileSync(hostLockFile(dir, 'h1'), dead)
    writeFileSync(`${hostLockFile(dir, 'h1')}.recover`, dead)
    locks.acquire({ hostId: 'h1', host: 'h1', action: 'on' }).release()
    expect(readdirSync(dir)).toEqual([])
  })

  it('lets exactly one of several processes recovering the same stale lock win', async () => {
    const { dir } = locksIn()
    mkdirSync(dir, { recursive: true })
    // A stale lock: its holder (a pid that cannot exist) is gone.
    writeFileSync(
      hostLockFile(dir, 'h1'),
      JSON.stringify({ pid: 2 ** 22 + 1, processStart: '1', who: 'fencepost CLI', action: 'on' }),
    )
    const go = join(dir, '..', 'go')
    const children = await Promise.all(
      Array.from({ length: 5 }, () => startChild(['race', dir, 'h1', go], /ready\n/)),
    )
    // Every child is up and polling for the gate before it opens.
    writeFileSync(go, '')
    await Promise.all(children.map(({ child }) => exited(child)))
    const outputs = children.map(({ output }) => output().replace('ready\n', '').trim())
    expect(outputs.filter((o) => o === 'won')).toHaveLength(1)
    const winner = children[outputs.indexOf('won')]!.child.pid
    for (const o of outputs.filter((x) => x !== 'won')) expect(o).toBe(`busy ${winner}`)
  }, 60_000)
})
