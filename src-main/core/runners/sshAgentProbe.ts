// Where an agent is on a proxy (agentLocator.ts's probe, run in a channel of its own), probed once
// per connection and agent and then cached; a missing agent is asked again next time.
import { AGENT_DIRS, parseProbe, probeCommand } from './agentLocator'
import { type RunTarget, RunnerError } from './agentRunner'
import { OutputBuffer } from './runnerSupport'
import { newJob, openChannel } from './sshChannel'
import type { LocatedAgent, SshConnection } from './sshConnection'
import { targetLabel } from './sshErrors'
import type { SshPool } from './sshPool'

/** Counts probes run, for the runner's stats. */
export interface ProbeCounter {
  probes: number
}

/**
 * Runs the probe in a channel of its own, counted against the slots like any other. Bounded by
 * `timeoutMs`: a shell that never answers must not hold a slot.
 */
async function probe(
  pool: SshPool,
  conn: SshConnection,
  target: RunTarget,
  agent: string,
  timeoutMs: number,
  counter: ProbeCounter,
): Promise<LocatedAgent> {
  const slot = newJob()
  await pool.acquire(conn, slot)
  counter.probes++
  let released = false
  const releaseOnce = (): void => {
    if (released) return
    released = true
    pool.release(conn)
  }
  let stdout: string
  try {
    const opened = await openChannel(conn, probeCommand(agent), (channel) => {
      return new Promise<string>((resolve, reject) => {
        const out = new OutputBuffer()
        let exited = false
        const timer = setTimeout(() => {
          channel.close()
          reject(
            new RunnerError(
              'proxy-unreachable',
              `${targetLabel(target)}: the login shell did not answer within ${timeoutMs} ms`,
            ),
          )
        }, timeoutMs)
        timer.unref()
        channel.on('data', (chunk: Buffer) => out.push(chunk))
        channel.stderr.on('data', () => undefined)
        channel.on('error', () => undefined)
        channel.on('exit', () => (exited = true))
        channel.on('close', () => {
          clearTimeout(timer)
          slot.closed = true
          releaseOnce()
          if (exited) resolve(out.text())
          else reject(new Error('connection lost while probing for the agent'))
        })
        channel.end()
      })
    })
    stdout = await opened.output
  } catch (err) {
    // A refused channel never closes; a timed-out one gives its slot back when it does.
    if (!slot.closed && !(err instanceof RunnerError)) releaseOnce()
    throw err
  }
  const found = parseProbe(stdout)
  if (!found.agent) {
    throw new RunnerError(
      'agent-missing',
      `${targetLabel(target)}: ${agent} not found — not on the login's PATH nor in ` +
        `${AGENT_DIRS.join(', ')}. Install the fence agents on this proxy (Debian: fence-agents).`,
    )
  }
  return { agent: found.agent, timeout: found.timeout }
}

/** Where `agent` is on this connection's machine: probed once, then cached. */
export function locateAgent(
  pool: SshPool,
  conn: SshConnection,
  target: RunTarget,
  agent: string,
  timeoutMs: number,
  counter: ProbeCounter,
): Promise<LocatedAgent> {
  let found = conn.located.get(agent)
  if (!found) {
    const probing = probe(pool, conn, target, agent, timeoutMs, counter)
    found = probing
    conn.located.set(agent, probing)
    // A missing agent may be installed in a minute: only what was found is remembered.
    probing.catch(() => {
      if (conn.located.get(agent) === probing) conn.located.delete(agent)
    })
  }
  return found
}
