// The SSH runner: runs agents over pooled SSH connections, host keys always checked. It only
// composes the pieces: the pool and its channel slots (sshPool.ts, sshConnection.ts), the login
// (sshCredentials.ts), the host-key policy (hostKeyPolicy.ts), where the agent is
// (sshAgentProbe.ts), the channel (sshChannel.ts, sshExec.ts) and what failures mean
// (sshErrors.ts).
import { SSH_CONNECT_TIMEOUT_MS } from '../../common/sshTimeouts'
import { agentCommand } from './agentLocator'
import {
  type AgentCall,
  type AgentOutput,
  type AgentRunner,
  type RunTarget,
  RunnerError,
} from './agentRunner'
import { checkHostKey, type HostKeyPolicyOptions } from './hostKeyPolicy'
import { checkAgentName, startDeadline } from './runnerSupport'
import { locateAgent, type ProbeCounter } from './sshAgentProbe'
import { type ChannelJob, newJob, openChannel, stopChannel } from './sshChannel'
import type { LocatedAgent } from './sshConnection'
import { sshCredentials } from './sshCredentials'
import { channelFailure } from './sshErrors'
import { runOnChannel } from './sshExec'
import { STOCK_MAX_SESSIONS, createSshPool } from './sshPool'

export { fetchHostKey } from './fetchHostKey'
export { HostKeyError, type TrustRequest } from './hostKeyPolicy'

export interface SshRunnerOptions extends HostKeyPolicyOptions {
  /** A pooled connection with no channel open is closed after this long. Default 60 s. */
  idleMs?: number
  /** TCP connect + SSH handshake + login. Default {@link SSH_CONNECT_TIMEOUT_MS} (the budget's). */
  connectTimeoutMs?: number
  /**
   * Channels at once per connection, the agent probe's included; more calls wait. Default
   * STOCK_MAX_SESSIONS (10), a stock OpenSSH `MaxSessions`: one more and sshd refuses the channel.
   */
  maxChannels?: number
  /** SSH agent socket for `agent: true` targets. Default `SSH_AUTH_SOCK`. */
  agentSocket?: string
}

export interface SshRunnerStats {
  /** Connections that completed login since the runner was made. */
  connectionsOpened: number
  /** Connections in the pool now. */
  open: number
  /** Exec channels opened since the runner was made. */
  channelsOpened: number
  /** Channels open now. */
  running: number
  /** Agent probes run (one per connection and agent; see agentLocator.ts). */
  probes: number
  /** The most channels (probes included) ever open at once on one connection. */
  peakChannels: number
}

export interface SshRunner extends AgentRunner {
  /** {@link AgentRunner.connect}: an SSH runner always has it. */
  connect(target: RunTarget, signal?: AbortSignal): Promise<void>
  stats(): SshRunnerStats
}

/**
 * Runs agents over SSH: one pooled connection per machine (machineId + host + port + user), many
 * exec channels on it, host keys always checked.
 */
export function createSshRunner(options: SshRunnerOptions): SshRunner {
  const connectTimeoutMs = options.connectTimeoutMs ?? SSH_CONNECT_TIMEOUT_MS
  const pool = createSshPool({
    idleMs: options.idleMs ?? 60_000,
    maxChannels: Math.max(1, options.maxChannels ?? STOCK_MAX_SESSIONS),
    connectTimeoutMs,
    credentials: (target) => sshCredentials(target, options.agentSocket),
    checkHostKey: (target, key) => checkHostKey(options, target, key),
  })
  const counters: ProbeCounter & { channelsOpened: number } = {
    channelsOpened: 0,
    probes: 0,
  }

  async function execute(
    target: RunTarget,
    call: AgentCall,
    job: ChannelJob,
  ): Promise<AgentOutput> {
    for (let attempt = 0; ; attempt++) {
      const conn = await pool.connection(target)
      if (job.done) throw new Error('abandoned')
      const reused = conn.uses > 0
      conn.uses++
      // A pooled connection can die between two calls before its close event arrives.
      const stale = (): boolean => reused && attempt === 0 && (conn.closed || !conn.client)
      let found: LocatedAgent
      try {
        found = await locateAgent(pool, conn, target, call.agent, connectTimeoutMs, counters)
      } catch (err) {
        if (!(err instanceof RunnerError) && stale()) {
          pool.close(conn)
          continue
        }
        throw channelFailure(conn.closed, target, err)
      }
      if (job.done) throw new Error('abandoned')
      await pool.acquire(conn, job)
      if (job.done) {
        pool.release(conn)
        throw new Error('abandoned')
      }
      let opened: { output: Promise<AgentOutput> }
      try {
        opened = await openChannel(conn, agentCommand(found, call.timeoutMs), (channel) => {
          counters.channelsOpened++
          return runOnChannel(pool, conn, channel, target, call, job)
        })
      } catch (err) {
        pool.release(conn)
        if (stale()) {
          pool.close(conn)
          continue
        }
        throw channelFailure(conn.closed, target, err)
      }
      return opened.output
    }
  }

  return {
    connect: pool.connect,

    async run(target, call) {
      checkAgentName(call.agent)
      if (target.exec !== 'ssh') throw new Error(`${target.name}: not an SSH machine`)
      const deadline = startDeadline(call, `${call.agent} on ${target.name}`)
      const job = newJob()
      const running = execute(target, call, job)
      running.catch(() => undefined)
      try {
        return await Promise.race([running, deadline.promise])
      } finally {
        job.done = true
        deadline.dispose()
        if (job.channel && job.conn && !job.closed) stopChannel(pool, job.conn, job.channel, job)
      }
    },

    close: () => pool.closeAll(),

    stats() {
      const conns = pool.connections()
      return {
        connectionsOpened: pool.counters.connectionsOpened,
        open: conns.filter((c) => !c.closed).length,
        channelsOpened: counters.channelsOpened,
        running: conns.reduce((sum, conn) => sum + conn.active, 0),
        probes: counters.probes,
        peakChannels: pool.counters.peakChannels,
      }
    },
  }
}
