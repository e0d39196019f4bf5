// The pool: one connection per machine (machineId + host + port + user), shared by every call to
// it, with at most `maxChannels` channels open on it at once (more wait their turn), closed when
// idle. Also the hedged fallback's connect: a waiter that gives up closes a handshake nobody else
// waits for.
import { type RunTarget, RunnerError } from './agentRunner'
import { openSshConnection, type OpenConnectionOptions, type SshConnection } from './sshConnection'
import { targetLabel } from './sshErrors'

/**
 * Exec channels at once on one proxy: a stock OpenSSH `MaxSessions`, one more and sshd refuses the
 * channel. The SSH runner's default and the bulk runner's per-proxy limit (fencing/bulkRun.ts).
 */
export const STOCK_MAX_SESSIONS = 10

/** Options of {@link createSshPool}. */
export interface SshPoolOptions extends Omit<OpenConnectionOptions, 'gone'> {
  /** A connection with no channel open is closed after this long. */
  idleMs: number
  /** Channels at once per connection. */
  maxChannels: number
}

/** A call's hold on a channel slot: `done` once it gave up, so a late grant is handed on. */
export interface SlotHolder {
  done: boolean
}

/** What the pool counted since it was made. */
export interface SshPoolCounters {
  /** Connections that completed login. */
  connectionsOpened: number
  /** The most channels ever granted at once on one connection. */
  peakChannels: number
}

/** The pooled connections of one runner. */
export interface SshPool {
  /** The pooled connection of a target, opened when there is none (it may still be connecting). */
  pooled(target: RunTarget): SshConnection
  /** The pooled connection of a target once it is logged in. */
  connection(target: RunTarget): Promise<SshConnection>
  /**
   * `AgentRunner.connect`: waits for the target's login; an aborted waiter closes a handshake
   * nobody else waits for.
   */
  connect(target: RunTarget, signal?: AbortSignal): Promise<void>
  /** Waits for a channel slot on `conn`. */
  acquire(conn: SshConnection, holder: SlotHolder): Promise<void>
  /** Gives a slot back (to the next waiter, if any). */
  release(conn: SshConnection): void
  /** Closes one connection now. */
  close(conn: SshConnection): void
  /** Closes every connection; resolves when they are closed (1 s at most each). */
  closeAll(): Promise<void>
  /** The connections in the pool now. */
  connections(): SshConnection[]
  counters: SshPoolCounters
}

/** A pool of SSH connections. */
export function createSshPool(options: SshPoolOptions): SshPool {
  const { idleMs, maxChannels } = options
  const pool = new Map<string, SshConnection>()
  const counters: SshPoolCounters = { connectionsOpened: 0, peakChannels: 0 }

  function scheduleIdle(conn: SshConnection): void {
    clearTimeout(conn.idleTimer)
    conn.idleTimer = undefined
    if (conn.closed || conn.active > 0 || conn.queue.length > 0) return
    conn.idleTimer = setTimeout(() => {
      if (conn.active === 0 && conn.queue.length === 0) close(conn)
    }, idleMs)
    conn.idleTimer.unref()
  }

  function forget(conn: SshConnection): void {
    conn.closed = true
    clearTimeout(conn.idleTimer)
    if (pool.get(conn.key) === conn) pool.delete(conn.key)
    // Waiters retry on a fresh connection (their channel open fails at once).
    for (const waiter of conn.queue.splice(0)) {
      conn.active++
      waiter.grant()
    }
  }

  function close(conn: SshConnection): void {
    forget(conn)
    conn.ssh.dispose()
  }

  function pooled(target: RunTarget): SshConnection {
    const key = JSON.stringify([target.machineId, target.host, target.port, target.user])
    let conn = pool.get(key)
    if (!conn || conn.closed) {
      conn = openSshConnection(target, key, { ...options, gone: forget })
      const opened = conn
      opened.ready.then(
        () => {
          counters.connectionsOpened++
          scheduleIdle(opened)
        },
        () => undefined,
      )
      pool.set(key, conn)
    }
    return conn
  }

  /** Waiters of `connect` per connection still in its handshake (the hedged fallback's). */
  const connecting = new WeakMap<SshConnection, number>()

  /**
   * Waits for the pooled connection's handshake and login. A waiter that gives up (the
   * orchestrator found another proxy ready first) closes the connection at once when nobody else
   * waits for it, instead of leaving a hung handshake open until its timeout.
   */
  async function connect(target: RunTarget, signal?: AbortSignal): Promise<void> {
    if (target.exec !== 'ssh') throw new Error(`${target.name}: not an SSH machine`)
    if (signal?.aborted) throw new RunnerError('cancelled', `${targetLabel(target)}: not needed`)
    const conn = pooled(target)
    if (!signal) return conn.ready
    let settled = false
    connecting.set(conn, (connecting.get(conn) ?? 0) + 1)
    let onAbort = (): void => undefined
    const abandoned = new Promise<never>((_, reject) => {
      onAbort = () => {
        reject(new RunnerError('cancelled', `${targetLabel(target)}: connection abandoned`))
        const others = (connecting.get(conn) ?? 1) - 1
        if (!settled && others === 0 && conn.active === 0 && conn.queue.length === 0) {
          forget(conn)
          conn.client?.destroy()
          // Still reading credentials (no client yet): close it the moment it is up.
          conn.ready.then(
            () => conn.ssh.dispose(),
            () => undefined,
          )
        }
      }
      signal.addEventListener('abort', onAbort, { once: true })
    })
    const ready = conn.ready.finally(() => (settled = true))
    try {
      await Promise.race([ready, abandoned])
    } finally {
      signal.removeEventListener('abort', onAbort)
      connecting.set(conn, Math.max(0, (connecting.get(conn) ?? 1) - 1))
    }
  }

  function acquire(conn: SshConnection, holder: SlotHolder): Promise<void> {
    clearTimeout(conn.idleTimer)
    conn.idleTimer = undefined
    if (conn.active < maxChannels || conn.closed) {
      conn.active++
      counters.peakChannels = Math.max(counters.peakChannels, conn.active)
      return Promise.resolve()
    }
    return new Promise<void>((resolve) => {
      conn.queue.push({
        grant: () => {
          // The call gave up while waiting: hand the slot on.
          if (holder.done) release(conn)
          else {
            counters.peakChannels = Math.max(counters.peakChannels, conn.active)
            resolve()
          }
        },
      })
    })
  }

  function release(conn: SshConnection): void {
    const next = conn.queue.shift()
    if (next) {
      next.grant()
      return
    }
    conn.active = Math.max(0, conn.active - 1)
    scheduleIdle(conn)
  }

  return {
    pooled,
    connection(target) {
      const c = pooled(target)
      return c.ready.then(() => c)
    },
    connect,
    acquire,
    release,
    close,
    async closeAll() {
      const conns = [...pool.values()]
      for (const conn of conns) close(conn)
      await Promise.all(
        conns.map((conn) =>
          Promise.race([conn.closedPromise, new Promise((r) => setTimeout(r, 1000).unref())]),
        ),
      )
    },
    connections: () => [...pool.values()],
    counters,
  }
}
