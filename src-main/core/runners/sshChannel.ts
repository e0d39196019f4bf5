// Exec channels on a pooled connection: opening one (with a short retry when sshd is still freeing
// a session) and stopping the agent in one (TERM, then `kill` on the proxy, then KILL).
import type { ClientChannel } from 'ssh2'
import { killCommand } from './agentLocator'
import { signalChannel } from './channelSignal'
import type { SshConnection } from './sshConnection'
import type { SlotHolder, SshPool } from './sshPool'

/** One call's view of its channel, so the deadline can stop it. */
export interface ChannelJob extends SlotHolder {
  channel: ClientChannel | undefined
  closed: boolean
  /** The agent's session leader on the proxy (announced on stderr, see agentCommand). */
  remotePid?: number
  conn?: SshConnection
}

/** A job that has no channel yet. */
export function newJob(): ChannelJob {
  return { done: false, channel: undefined, closed: false }
}

/** Waits before re-opening a refused channel (see openChannel): about 0.8 s in all. */
const OPEN_RETRY_MS = [5, 15, 30, 60, 120, 250, 350]

/**
 * Opens the exec channel and wires it up *inside* ssh2's callback: an agent that fails at once
 * can have its stderr, exit status and close parsed from the same TCP segment as the channel
 * confirmation, so listeners attached a microtask later would miss the exit status.
 */
export async function openChannel<T>(
  conn: SshConnection,
  command: string,
  wire: (channel: ClientChannel) => Promise<T>,
): Promise<{ output: Promise<T> }> {
  for (let retry = 0; ; retry++) {
    try {
      return await openChannelOnce(conn, command, wire)
    } catch (err) {
      // sshd frees a finished session only after the loop that read our close of it: an open
      // sent right behind that close can still meet a full MaxSessions. Such a refusal lasts
      // milliseconds; a proxy configured below our limit keeps refusing and fails below.
      const refused = /open failed|prohibited|resource shortage/i.test(
        err instanceof Error ? err.message : '',
      )
      if (!refused || conn.closed || retry >= OPEN_RETRY_MS.length) throw err
      await new Promise((r) => setTimeout(r, OPEN_RETRY_MS[retry]))
    }
  }
}

function openChannelOnce<T>(
  conn: SshConnection,
  command: string,
  wire: (channel: ClientChannel) => Promise<T>,
): Promise<{ output: Promise<T> }> {
  return new Promise((resolve, reject) => {
    const client = conn.client
    if (!client || conn.closed) {
      reject(new Error('Not connected'))
      return
    }
    try {
      client.exec(command, (err, channel) => {
        if (err) reject(err)
        else resolve({ output: wire(channel) })
      })
    } catch (err) {
      reject(err)
    }
  })
}

/**
 * `kill` on the proxy, in a channel of its own (counted like any other): for sshd's that refuse
 * signal requests — every root login does ("session signalling requires privilege
 * separation"). Best effort: a failure leaves the proxy's `timeout -k` to end the agent.
 */
function remoteKill(
  pool: SshPool,
  conn: SshConnection,
  pid: number,
  signal: 'TERM' | 'KILL',
): void {
  const slot = newJob()
  void pool
    .acquire(conn, slot)
    .then(() =>
      openChannel(conn, killCommand(pid, signal), (channel) => {
        return new Promise<void>((resolve) => {
          channel.on('error', () => undefined)
          channel.on('close', () => {
            pool.release(conn)
            resolve()
          })
          channel.resume()
          channel.stderr.resume()
          channel.end()
        })
      }).catch(() => pool.release(conn)),
    )
    .catch(() => undefined)
}

/**
 * Ends the agent: TERM to its process group (a signal request: sshd does killpg), the same
 * through `kill` on the proxy if that did not end it at once, KILL if it lingers.
 */
export function stopChannel(
  pool: SshPool,
  conn: SshConnection,
  channel: ClientChannel,
  job: ChannelJob,
): void {
  if (job.closed) return
  const send = (signal: 'TERM' | 'KILL'): void => {
    try {
      if (!job.closed) signalChannel(channel, signal)
    } catch {
      // channel already gone
    }
  }
  const kill = (signal: 'TERM' | 'KILL'): void => {
    if (!job.closed && !conn.closed && job.remotePid !== undefined) {
      remoteKill(pool, conn, job.remotePid, signal)
    }
  }
  send('TERM')
  const timers = [
    setTimeout(() => kill('TERM'), 200),
    setTimeout(() => {
      send('KILL')
      kill('KILL')
    }, 1000),
    setTimeout(() => {
      if (!job.closed) channel.close()
    }, 2000),
  ]
  for (const t of timers) t.unref()
  channel.once('close', () => timers.forEach(clearTimeout))
}
