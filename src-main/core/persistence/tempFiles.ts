/**
 * Temp files a writer killed half-way leaves in the data folder: ours (`.<name>.<12 hex>.tmp`,
 * `secret.key.<12 hex>.tmp`), those of conf / electron-store (`config.json.tmp-<digits>`), and
 * those of the lock files (`<lock>.<pid>-<uuid>.tmp`, `<lock>.stale-<pid>-<uuid>`), which name
 * their process.
 */
import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { isProcessRunning } from '../locks/processes'

const OUR_TEMP = /\.[0-9a-f]{12}\.tmp$/
const ATOMICALLY_TEMP = /\.tmp-\d{10}[0-9a-f]{6}$/
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const LOCK_TEMP = new RegExp(`\\.(?:stale-)?(\\d+)-${UUID}(?:\\.tmp)?$`)

/** A young temp file may belong to a writer still running in another process. */
export const STALE_TEMP_MS = 60_000

/** True for a temp-file name of our writers or of conf/electron-store. */
export function isTempFileName(name: string): boolean {
  return OUR_TEMP.test(name) || ATOMICALLY_TEMP.test(name) || LOCK_TEMP.test(name)
}

/**
 * Removes temp files from `dirs` (not recursive). When `othersAlive` (another process uses the
 * folder and may be writing), only those older than {@link STALE_TEMP_MS} — except that a temp
 * file naming its process is removed as soon as that process is gone. Returns the paths removed.
 */
export function removeTempFiles(
  dirs: readonly string[],
  othersAlive: boolean,
  nowMs = Date.now(),
): string[] {
  const removed: string[] = []
  for (const dir of dirs) {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      continue
    }
    for (const name of names) {
      if (!isTempFileName(name)) continue
      const path = join(dir, name)
      try {
        const stat = statSync(path)
        if (!stat.isFile()) continue
        const owner = LOCK_TEMP.exec(name)?.[1]
        if (owner !== undefined) {
          if (isProcessRunning(Number(owner), '')) continue
        } else if (othersAlive && nowMs - stat.mtimeMs <= STALE_TEMP_MS) continue
        rmSync(path, { force: true })
        removed.push(path)
      } catch {
        // Gone already (its writer renamed it), or not ours to remove.
      }
    }
  }
  return removed
}
