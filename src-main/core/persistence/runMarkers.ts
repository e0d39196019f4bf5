/**
 * Markers of what live processes are doing in the data folder (`run/<kind>-<pid>-<random>`):
 * a process that uses the folder, an import that is creating secrets. Another process reads them
 * to decide whether a temp file may still be written to, or whether collecting orphan secrets
 * could race an import. A marker whose process is gone (kill -9) is removed by the next reader.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isProcessRunning, processStartOf } from '../locks/processes'
import { listFolder } from './rawFileBackend'

/** A marker held by this process. */
export interface RunMarker {
  /** Removes the marker (idempotent). */
  release(): void
}

/** Markers older than this count as stale even if their pid is alive again (pid reuse). */
export const MARKER_MAX_AGE_MS: Record<string, number> = {
  process: Number.POSITIVE_INFINITY,
  import: 60 * 60_000,
}

/** The markers folder of a data folder. */
export function runDir(dataDir: string): string {
  return join(dataDir, 'run')
}

/** Creates a `kind` marker of this process. */
export function createRunMarker(dataDir: string, kind: string): RunMarker {
  const dir = runDir(dataDir)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, `${kind}-${process.pid}-${randomBytes(6).toString('hex')}`)
  // The start time tells this process from a later one that got the same pid.
  writeFileSync(path, processStartOf(process.pid), { flag: 'wx', mode: 0o600 })
  let held = true
  return {
    release() {
      if (!held) return
      held = false
      rmSync(path, { force: true })
    },
  }
}

/**
 * The pids holding a live `kind` marker (this process included, once per marker). Markers of
 * dead processes, and older than {@link MARKER_MAX_AGE_MS}, are removed.
 */
export function liveMarkers(dataDir: string, kind: string, nowMs = Date.now()): number[] {
  const dir = runDir(dataDir)
  const names = listFolder(dir)
  const pattern = new RegExp(`^${kind}-(\\d+)-[0-9a-f]{12}$`)
  const pids: number[] = []
  const maxAge = MARKER_MAX_AGE_MS[kind] ?? Number.POSITIVE_INFINITY
  for (const name of names) {
    const match = pattern.exec(name)
    if (!match) continue
    const pid = Number(match[1])
    const path = join(dir, name)
    let start = ''
    try {
      start = readFileSync(path, 'utf8').trim()
    } catch {
      continue
    }
    let stale = !isProcessRunning(pid, start)
    if (!stale && maxAge !== Number.POSITIVE_INFINITY) {
      try {
        stale = nowMs - statSync(path).mtimeMs > maxAge
      } catch {
        continue
      }
    }
    if (stale) rmSync(path, { force: true })
    else pids.push(pid)
  }
  return pids
}
