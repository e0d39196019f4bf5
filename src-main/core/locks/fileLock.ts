// A lock that several processes of this workstation share: one file, which exists while the lock is
// held and names its holder. Taking it is atomic — the record is written to a private temp file
// first and then hard-linked to the lock's name, which fails when the name exists (O_EXCL's
// semantics, without a window in which another process could read a half-written file). A lock
// whose holder is gone (killed with -9, its pid reused) is recovered; see `recoverStale`.
// Everything is synchronous: a lock is taken or refused within one turn of the event loop.
import { randomUUID } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { isProcessRunning, processStartOf } from './processes'

/** What every lock file records of its holder. */
export interface LockProcess {
  pid: number
  processStart: string
}

/** The outcome of {@link tryLock}. */
export type LockAttempt<T> =
  { ok: true; release: () => void } | { ok: false; holder: T & LockProcess }

/** This process, as a lock holder. */
export function thisProcess(): LockProcess {
  return { pid: process.pid, processStart: processStartOf(process.pid) }
}

type Found<T> =
  | { kind: 'none' }
  | { kind: 'held'; text: string; record: T & LockProcess & { nonce?: string } }
  | { kind: 'unreadable'; text: string }

function readLock<T>(path: string): Found<T> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' }
    throw error
  }
  try {
    const record = JSON.parse(text) as T & LockProcess
    if (typeof record === 'object' && record !== null && typeof record.pid === 'number') {
      return { kind: 'held', text, record }
    }
  } catch {
    // Not JSON: a file cut short by a power loss. Its holder died with the machine.
  }
  return { kind: 'unreadable', text }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // Gone already.
  }
}

/** Creates `path` holding `text`, atomically and only if it does not exist. */
function createExclusive(path: string, text: string): boolean {
  const temp = `${path}.${process.pid}-${randomUUID()}.tmp`
  writeFileSync(temp, text, { flag: 'wx', mode: 0o600 })
  try {
    linkSync(temp, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    unlinkQuietly(temp)
  }
}

/**
 * Removes a guard file left by a recoverer that died while recovering. The file is renamed to a
 * name only this call uses — rename is atomic, so exactly one process gets it — and linked back
 * when what was moved is not the dead one's (another process replaced it meanwhile).
 */
function removeDeadGuard(path: string, deadText: string): void {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`
  try {
    renameSync(path, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  let moved = ''
  try {
    moved = readFileSync(aside, 'utf8')
  } catch {
    // Read below as "not the dead one's": put back.
  }
  if (moved !== deadText) {
    try {
      linkSync(aside, path)
    } catch {
      // A live recoverer took the guard in between; it does not need the one we moved.
    }
  }
  unlinkQuietly(aside)
}

/**
 * Removes the stale lock file at `path` if it still holds `staleText`. Only the process holding
 * the guard `<path>.recover` may remove a lock file, and it checks the content while holding it:
 * no new lock can appear at `path` while the stale one is there, so of several processes
 * recovering the same stale lock one removes it and the others find the winner's live lock.
 * Returns false when another process is recovering right now (try again a moment later).
 */
function recoverStale(path: string, staleText: string): boolean {
  const guard = `${path}.recover`
  if (!createExclusive(guard, JSON.stringify(thisProcess()) + '\n')) {
    const found = readLock<object>(guard)
    if (found.kind === 'none') return true
    if (found.kind === 'held' && isProcessRunning(found.record.pid, found.record.processStart)) {
      return false
    }
    removeDeadGuard(guard, found.text)
    return true
  }
  try {
    let now: string | undefined
    try {
      now = readFileSync(path, 'utf8')
    } catch {
      now = undefined
    }
    if (now === staleText) unlinkQuietly(path)
  } finally {
    unlinkQuietly(guard)
  }
  return true
}

const pause = new Int32Array(new SharedArrayBuffer(4))

/** A short synchronous pause (lock files are taken synchronously, the holder is elsewhere). */
function sleepSync(ms: number): void {
  Atomics.wait(pause, 0, 0, ms)
}

/**
 * Takes the lock at `path` for this process, recording `holder`. Returns `release` (which removes
 * the file only while it is still this lock's), or the live holder when another process — or
 * this one — holds it.
 */
export function tryLock<T extends object>(path: string, holder: T): LockAttempt<T> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const nonce = randomUUID()
  const text = JSON.stringify({ ...holder, ...thisProcess(), nonce }) + '\n'
  // Each round either takes the lock, finds a live holder, or recovers a stale file; recovery by
  // another process takes microseconds, so the rounds wait a millisecond for it.
  for (let round = 0; round < 2000; round++) {
    if (createExclusive(path, text)) return { ok: true, release: () => releaseIf(path, nonce) }
    const found = readLock<T>(path)
    if (found.kind === 'none') continue
    if (
      found.kind === 'held' &&
      isProcessRunning(found.record.pid, String(found.record.processStart ?? ''))
    ) {
      const live = { ...found.record } as Record<string, unknown>
      delete live.nonce
      return { ok: false, holder: live as T & LockProcess }
    }
    if (!recoverStale(path, found.text)) sleepSync(1)
  }
  throw new Error(`could not take the lock ${path}: other processes keep changing it`)
}

function releaseIf(path: string, nonce: string): void {
  const found = readLock<{ nonce?: string }>(path)
  if (found.kind === 'held' && found.record.nonce === nonce) unlinkQuietly(path)
}

/**
 * Runs `work` holding the lock at `path`, waiting up to `waitMs` for another holder to finish
 * (for short critical sections such as a store save). Throws `busy(holder)`'s error on timeout.
 */
export function withLock<T extends object, R>(
  path: string,
  holder: T,
  work: () => R,
  options: { waitMs?: number; busy: (holder: T & LockProcess) => Error },
): R {
  const deadline = Date.now() + (options.waitMs ?? 5000)
  for (;;) {
    const attempt = tryLock(path, holder)
    if (attempt.ok) {
      try {
        return work()
      } finally {
        attempt.release()
      }
    }
    if (Date.now() >= deadline) throw options.busy(attempt.holder)
    // A synchronous pause: saves are synchronous, and the holder is another process.
    sleepSync(10)
  }
}
