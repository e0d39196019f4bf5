/**
 * One power action (or test) per host on this workstation (DESIGN.md §4): who holds a host's lock,
 * and how a refusal names the holder. The lock itself lives in the core (a file per host in the
 * app's data folder); this is the contract every host and the UI read.
 */

/** Which program holds a lock. */
export type LockOwner = 'Fencepost app' | 'browser mode' | 'fencepost CLI'

/** The holder of a host's lock, as stored in the lock file and sent with a `busy` refusal. */
export interface LockHolder {
  /** The holder's process id. */
  pid: number
  /**
   * When that process started (`/proc/<pid>/stat` field 22, clock ticks since boot), so a pid the
   * system gave to another process since is not taken for the holder. Empty where unknown.
   */
  processStart: string
  /** Which program holds the lock. */
  who: LockOwner
  /** What it is doing: `on`, `off`, `status`, `restart` or `test`. */
  action: string
  /** The host's name (as the holder's document names it). */
  host: string
  /** When the lock was taken (ISO time). */
  since: string
}

function twoDigits(n: number): string {
  return String(n).padStart(2, '0')
}

/** `HH:MM:SS` of an ISO time, in local time; the ISO text itself when it does not parse. */
export function clockTime(iso: string): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  return `${twoDigits(at.getHours())}:${twoDigits(at.getMinutes())}:${twoDigits(at.getSeconds())}`
}

/** `off by fencepost CLI (pid 4242) since 14:03:07`: who holds a lock, for people. */
export function describeHolder(holder: LockHolder): string {
  return `${holder.action} by ${holder.who} (pid ${holder.pid}) since ${clockTime(holder.since)}`
}

/** The message of a `busy` refusal: `h1 is busy: off by fencepost CLI (pid 4242) since 14:03:07`. */
export function busyMessage(hostName: string, holder: LockHolder): string {
  return `${hostName} is busy: ${describeHolder(holder)}`
}
