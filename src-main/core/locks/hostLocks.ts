// One power action or test per host on this workstation (DESIGN.md §4), across the desktop app,
// browser mode and every CLI process: a lock file per host in the app's data folder,
// `<dataDir>/locks/<hostId>.lock`.
import { join } from 'node:path'
import { ApiError } from '../../common/errors'
import { busyMessage } from '../../common/hostLock'
import type { LockHolder, LockOwner } from '../../common/hostLock'
import { removeTempFiles } from '../persistence/tempFiles'
import { thisProcess, tryLock } from './fileLock'

/** A held host lock. */
export interface HostLock {
  /** Gives the host free again; safe to call twice. */
  release(): void
}

/** What is about to run on a host. */
export interface HostLockRequest {
  hostId: string
  /** The host's name, for the holder record and the refusal. */
  host: string
  /** `on`, `off`, `status`, `restart`, `test`. */
  action: string
}

/** The host locks of one process. */
export interface HostLocks {
  /**
   * Takes a host's lock. Throws `ApiError('busy', '<host> is busy: <action> by <who> (pid N)
   * since HH:MM:SS', { holder })` while another action — in any process — holds it.
   */
  acquire(request: HostLockRequest): HostLock
}

/** Options of {@link createHostLocks}. */
export interface HostLocksOptions {
  /** The locks folder: `<dataDir>/locks`. */
  dir: string
  /** Which program this process is. */
  who: LockOwner
  now?: () => Date
}

/** The locks folder inside the app's data folder. */
export function locksDir(dataDir: string): string {
  return join(dataDir, 'locks')
}

/** The lock file of a host; the id is encoded so that no id can name a path outside the folder. */
export function hostLockFile(dir: string, hostId: string): string {
  return join(dir, `${encodeURIComponent(hostId)}.lock`)
}

function refusal(request: HostLockRequest, holder: LockHolder): ApiError {
  const { pid, processStart, who, action, host, since } = holder
  return new ApiError('busy', busyMessage(request.host, holder), {
    holder: { pid, processStart, who, action, host, since },
  })
}

/** Host locks as files, shared by every Fencepost process using the same data folder. */
export function createHostLocks(options: HostLocksOptions): HostLocks {
  const now = options.now ?? (() => new Date())
  // Temp and moved-aside files of processes killed while taking or recovering a lock.
  removeTempFiles([options.dir], true, now().getTime())
  return {
    acquire(request) {
      const holder: Omit<LockHolder, 'pid' | 'processStart'> = {
        who: options.who,
        action: request.action,
        host: request.host,
        since: now().toISOString(),
      }
      const attempt = tryLock(hostLockFile(options.dir, request.hostId), holder)
      if (!attempt.ok) throw refusal(request, attempt.holder)
      let held = true
      return {
        release() {
          if (!held) return
          held = false
          attempt.release()
        },
      }
    },
  }
}

/** Host locks within this process only (tests of the orchestrator that have no data folder). */
export function createMemoryHostLocks(who: LockOwner = 'fencepost CLI'): HostLocks {
  const held = new Map<string, LockHolder>()
  return {
    acquire(request) {
      const holder = held.get(request.hostId)
      if (holder) throw refusal(request, holder)
      const mine: LockHolder = {
        ...thisProcess(),
        who,
        action: request.action,
        host: request.host,
        since: new Date().toISOString(),
      }
      held.set(request.hostId, mine)
      return {
        release() {
          if (held.get(request.hostId) === mine) held.delete(request.hostId)
        },
      }
    },
  }
}
