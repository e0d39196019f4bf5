// Whether the process that took a lock still runs. A pid alone is not enough: once its process is
// gone the system hands the pid to another one, so a lock records its holder's start time too.
import { readFileSync } from 'node:fs'

/** What `/proc/<pid>/stat` says of a process, where /proc exists. */
interface ProcStat {
  /** One letter: R, S, D, Z (zombie), X (dead), … */
  state: string
  /** Field 22: clock ticks since boot when the process started. */
  start: string
}

function procStat(pid: number): ProcStat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // The command name (field 2) is in parentheses and may hold spaces and ')': cut after the last.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const state = fields[0]
  const start = fields[19]
  return state && start ? { state, start } : undefined
}

let ownStart: string | undefined

/** When a process started (`/proc/<pid>/stat` field 22); empty where /proc is not there. */
export function processStartOf(pid: number): string {
  if (pid === process.pid) {
    ownStart ??= procStat(pid)?.start ?? ''
    return ownStart
  }
  return procStat(pid)?.start ?? ''
}

/**
 * True while the process `pid` that started at `start` runs. A zombie (killed, not yet reaped by
 * its parent) is not running; a pid now used by a process that started at another time is not
 * the same process. Where /proc is missing only the pid is checked.
 */
export function isProcessRunning(pid: number, start: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: it exists, it is just another user's.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const stat = procStat(pid)
  // No entry while /proc works for us: it ended between the two checks.
  if (!stat) return processStartOf(process.pid) === ''
  if (stat.state === 'Z' || stat.state === 'X') return false
  return start === '' || stat.start === start
}
