import { readFile } from 'node:fs/promises'
import { connect as netConnect } from 'node:net'
import { homedir } from 'node:os'
import { NodeSSH, type Config } from 'node-ssh'
import type { Client, ClientChannel } from 'ssh2'
import {
  type AgentCall,
  type AgentOutput,
  type AgentRunner,
  type RunTarget,
  RunnerError,
} from './agentRunner'
import { hostPortKey, type KnownHostsStore, sameFingerprint, sshFingerprint } from './knownHosts'
import {
  checkAgentName,
  looksLikeMissingAgent,
  OutputBuffer,
  signalExitCode,
  startDeadline,
  tail,
} from './runnerSupport'

/** What the runner asks when it meets a host key it does not know. */
export interface TrustRequest {
  machineId: string
  name: string
  host: string
  port: number
  /** `SHA256:…` of the key the host presented. */
  fingerprint: string
}

export interface SshRunnerOptions {
  knownHosts: KnownHostsStore
  /** Store and accept an unknown host key on first contact. Default false. */
  trustOnFirstUse?: boolean
  /** Asked for an unknown key when `trustOnFirstUse` is off; `true` stores and accepts it. */
  onTrustNeeded?: (request: TrustRequest) => boolean | Promise<boolean>
  /** A pooled connection with no channel open is closed after this long. Default 60 s. */
  idleMs?: number
  /** TCP connect + SSH handshake + login. Default 10 s. */
  connectTimeoutMs?: number
  /** Channels at once per connection; more calls wait. OpenSSH's MaxSessions defaults to 10. */
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
}

export interface SshRunner extends AgentRunner {
  stats(): SshRunnerStats
}

/** A host key that is unknown or differs from the pinned or known one. */
export class HostKeyError extends RunnerError {
  constructor(
    readonly reason: 'unknown' | 'changed',
    /** `host:port` as the known-hosts store keys it. */
    readonly hostPort: string,
    /** What the host presented. */
    readonly fingerprint: string,
    /** What was pinned or known, for `changed`. */
    readonly expected: string | undefined,
    message: string,
  ) {
    super('host-key-mismatch', message)
    this.name = 'HostKeyError'
  }
}

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'EPIPE',
])

interface Waiter {
  grant(): void
}

interface Conn {
  key: string
  name: string
  ssh: NodeSSH
  client: Client | undefined
  ready: Promise<void>
  closed: boolean
  /** Channels granted (open or opening). */
  active: number
  queue: Waiter[]
  idleTimer: NodeJS.Timeout | undefined
  /** Channels opened on it so far: a failure on a used connection may be a stale one. */
  uses: number
  closedPromise: Promise<void>
}

/** One call's view of its channel, so the deadline can stop it. */
interface Job {
  done: boolean
  channel: ClientChannel | undefined
  closed: boolean
}

type ErrorWithLevel = Error & { level?: string; code?: string }

/**
 * Runs agents over SSH: one pooled connection per machine (machineId + host + port + user), many
 * exec channels on it, host keys always checked.
 */
export function createSshRunner(options: SshRunnerOptions): SshRunner {
  const idleMs = options.idleMs ?? 60_000
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000
  const maxChannels = Math.max(1, options.maxChannels ?? 8)
  const pool = new Map<string, Conn>()
  const counters = { connectionsOpened: 0, channelsOpened: 0 }

  function where(target: RunTarget): string {
    return `${target.name} (${target.user}@${hostPortKey(target.host, target.port)})`
  }

  async function credentials(target: RunTarget): Promise<Partial<Config>> {
    const cfg: Partial<Config> = {}
    if (target.identityFile) {
      const file = target.identityFile.replace(/^~(?=\/|$)/, homedir())
      try {
        cfg.privateKey = await readFile(file, 'utf8')
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? String(err)
        throw new RunnerError(
          'auth-failed',
          `${where(target)}: cannot read identity file ${file} (${code})`,
        )
      }
    }
    if (target.password) {
      cfg.password = target.password
      cfg.tryKeyboard = true
    }
    if (target.agent) {
      const socket = options.agentSocket ?? process.env.SSH_AUTH_SOCK
      if (!socket) {
        throw new RunnerError(
          'auth-failed',
          `${where(target)}: agent auth wanted but SSH_AUTH_SOCK is not set`,
        )
      }
      cfg.agent = socket
    }
    if (!cfg.privateKey && !cfg.password && !cfg.agent) {
      throw new RunnerError(
        'auth-failed',
        `${where(target)}: no SSH credentials configured (identityFile, password or agent)`,
      )
    }
    return cfg
  }

  /** Decides on the presented host key; a rejection is kept so the error can say why. */
  async function verifyHostKey(target: RunTarget, key: Buffer): Promise<HostKeyError | undefined> {
    const fingerprint = sshFingerprint(key)
    const hp = hostPortKey(target.host, target.port)
    if (target.hostKey) {
      if (sameFingerprint(target.hostKey, fingerprint)) return undefined
      return new HostKeyError(
        'changed',
        hp,
        fingerprint,
        target.hostKey,
        `${where(target)}: host key ${fingerprint} does not match the pinned ${target.hostKey}. ` +
          'Possible man-in-the-middle; if the key was replaced on purpose, update the pinned hostKey.',
      )
    }
    const known = await options.knownHosts.get(hp)
    if (known !== undefined) {
      if (sameFingerprint(known, fingerprint)) return undefined
      return new HostKeyError(
        'changed',
        hp,
        fingerprint,
        known,
        `${where(target)}: host key CHANGED: known ${known}, presented ${fingerprint}. ` +
          'Possible man-in-the-middle; if the key was replaced on purpose, trust the new one ' +
          `with \`fencepost trust ${target.name} --yes --replace\` or in Settings → Known hosts.`,
      )
    }
    let accept = options.trustOnFirstUse ?? false
    if (!accept && options.onTrustNeeded) {
      accept = await options.onTrustNeeded({
        machineId: target.machineId,
        name: target.name,
        host: target.host,
        port: target.port,
        fingerprint,
      })
    }
    if (accept) {
      await options.knownHosts.trust(hp, fingerprint)
      return undefined
    }
    return new HostKeyError(
      'unknown',
      hp,
      fingerprint,
      undefined,
      `${where(target)}: unknown host key ${fingerprint}. Check it on the machine ` +
        `(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then trust it: ` +
        `\`fencepost trust ${target.name}\` or Settings → Known hosts.`,
    )
  }

  function connectError(err: unknown, target: RunTarget): RunnerError {
    if (err instanceof RunnerError) return err
    const e = err as ErrorWithLevel
    if (e.level === 'client-authentication') {
      return new RunnerError('auth-failed', `${where(target)}: SSH login refused (${e.message})`)
    }
    if (e.level === 'client-timeout') {
      return new RunnerError(
        'proxy-unreachable',
        `${where(target)}: no SSH handshake within ${connectTimeoutMs} ms`,
      )
    }
    if (e.code && NETWORK_ERRORS.has(e.code)) {
      return new RunnerError('proxy-unreachable', `${where(target)}: ${e.code}`)
    }
    if (/private ?key|passphrase/i.test(e.message ?? '')) {
      return new RunnerError('auth-failed', `${where(target)}: ${e.message}`)
    }
    return new RunnerError('proxy-unreachable', `${where(target)}: ${e.message ?? String(err)}`)
  }

  function scheduleIdle(conn: Conn): void {
    clearTimeout(conn.idleTimer)
    conn.idleTimer = undefined
    if (conn.closed || conn.active > 0 || conn.queue.length > 0) return
    conn.idleTimer = setTimeout(() => {
      if (conn.active === 0 && conn.queue.length === 0) closeConn(conn)
    }, idleMs)
    conn.idleTimer.unref()
  }

  function forget(conn: Conn): void {
    conn.closed = true
    clearTimeout(conn.idleTimer)
    if (pool.get(conn.key) === conn) pool.delete(conn.key)
    // Waiters retry on a fresh connection (their channel open fails at once).
    for (const waiter of conn.queue.splice(0)) {
      conn.active++
      waiter.grant()
    }
  }

  function closeConn(conn: Conn): void {
    forget(conn)
    conn.ssh.dispose()
  }

  function openConn(target: RunTarget, key: string): Conn {
    let markClosed: () => void = () => undefined
    const conn: Conn = {
      key,
      name: target.name,
      ssh: new NodeSSH(),
      client: undefined,
      ready: Promise.resolve(),
      closed: false,
      active: 0,
      queue: [],
      idleTimer: undefined,
      uses: 0,
      closedPromise: new Promise<void>((resolve) => (markClosed = resolve)),
    }
    conn.ready = (async () => {
      const cfg = await credentials(target)
      let rejection: HostKeyError | undefined
      let verifyFailure: unknown
      // Our own socket so Nagle is off from the first packet (see LAB.md: 44 ms → 2 ms per call).
      const sock = netConnect({ host: target.host, port: target.port, noDelay: true })
      const connecting = conn.ssh.connect({
        ...cfg,
        sock,
        username: target.user,
        readyTimeout: connectTimeoutMs,
        keepaliveInterval: 15_000,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
          verifyHostKey(target, key).then(
            (error) => {
              rejection = error
              verify(error === undefined)
            },
            (err: unknown) => {
              verifyFailure = err
              verify(false)
            },
          )
        },
      })
      // node-ssh creates the client synchronously (no identity *path* given) and drops its error
      // listener after login: without ours, a later socket error would crash the process.
      const client = conn.ssh.connection
      if (client) {
        conn.client = client
        client.on('error', () => undefined)
        client.on('close', () => {
          forget(conn)
          markClosed()
        })
      } else {
        markClosed()
      }
      try {
        await connecting
      } catch (err) {
        sock.destroy()
        if (rejection) throw rejection
        if (verifyFailure) {
          const message =
            verifyFailure instanceof Error ? verifyFailure.message : String(verifyFailure)
          throw new RunnerError(
            'host-key-mismatch',
            `${where(target)}: known-hosts store failed: ${message}`,
          )
        }
        throw connectError(err, target)
      }
    })()
    conn.ready.then(
      () => {
        counters.connectionsOpened++
        scheduleIdle(conn)
      },
      () => {
        forget(conn)
        markClosed()
      },
    )
    return conn
  }

  function connection(target: RunTarget): Promise<Conn> {
    const key = JSON.stringify([target.machineId, target.host, target.port, target.user])
    let conn = pool.get(key)
    if (!conn || conn.closed) {
      conn = openConn(target, key)
      pool.set(key, conn)
    }
    const c = conn
    return c.ready.then(() => c)
  }

  function acquire(conn: Conn, job: Job): Promise<void> {
    clearTimeout(conn.idleTimer)
    conn.idleTimer = undefined
    if (conn.active < maxChannels || conn.closed) {
      conn.active++
      return Promise.resolve()
    }
    return new Promise<void>((resolve) => {
      conn.queue.push({
        grant: () => {
          // The call gave up while waiting: hand the slot on.
          if (job.done) release(conn)
          else resolve()
        },
      })
    })
  }

  function release(conn: Conn): void {
    const next = conn.queue.shift()
    if (next) {
      next.grant()
      return
    }
    conn.active = Math.max(0, conn.active - 1)
    scheduleIdle(conn)
  }

  /**
   * Opens the exec channel and wires it up *inside* ssh2's callback: an agent that fails at once
   * can have its stderr, exit status and close parsed from the same TCP segment as the channel
   * confirmation, so listeners attached a microtask later would miss the exit status.
   */
  function openChannel(
    conn: Conn,
    agent: string,
    wire: (channel: ClientChannel) => Promise<AgentOutput>,
  ): Promise<{ output: Promise<AgentOutput> }> {
    return new Promise((resolve, reject) => {
      const client = conn.client
      if (!client || conn.closed) {
        reject(new Error('Not connected'))
        return
      }
      try {
        client.exec(agent, (err, channel) => {
          if (err) reject(err)
          else resolve({ output: wire(channel) })
        })
      } catch (err) {
        reject(err)
      }
    })
  }

  /** Ends the agent: TERM to its process group (sshd does killpg), KILL if it lingers. */
  function stopChannel(channel: ClientChannel, job: Job): void {
    if (job.closed) return
    const send = (signal: string): void => {
      try {
        if (!job.closed) signalChannel(channel, signal)
      } catch {
        // channel already gone
      }
    }
    send('TERM')
    const escalate = setTimeout(() => {
      send('KILL')
      setTimeout(() => {
        if (!job.closed) channel.close()
      }, 1000).unref()
    }, 1000)
    escalate.unref()
    channel.once('close', () => clearTimeout(escalate))
  }

  function runOnChannel(
    conn: Conn,
    channel: ClientChannel,
    target: RunTarget,
    call: AgentCall,
    job: Job,
  ): Promise<AgentOutput> {
    counters.channelsOpened++
    return new Promise<AgentOutput>((resolve, reject) => {
      job.channel = channel
      const stdout = new OutputBuffer()
      const stderr = new OutputBuffer()
      let exit: { code: number | null; signal: string | undefined } | undefined
      channel.on('data', (chunk: Buffer) => stdout.push(chunk))
      channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
      channel.on('error', () => undefined)
      channel.on('exit', (code: number | null, signal?: string) => {
        exit = { code: typeof code === 'number' ? code : null, signal }
      })
      channel.on('close', () => {
        job.closed = true
        release(conn)
        if (!exit) {
          // A command running when the proxy dies ends with no exit status at all.
          reject(
            new RunnerError(
              'proxy-unreachable',
              `${where(target)}: connection lost while ${call.agent} was running`,
            ),
          )
          return
        }
        const err = stderr.text()
        if (exit.code === null) {
          const signal = exit.signal ?? 'KILL'
          resolve({
            code: signalExitCode(signal),
            stdout: stdout.text(),
            stderr: `${err}${err ? '\n' : ''}[${call.agent} ended by signal ${signal}]`,
          })
          return
        }
        if (looksLikeMissingAgent(exit.code, err)) {
          reject(
            new RunnerError(
              'agent-missing',
              `${where(target)}: ${call.agent} not runnable (exit ${exit.code}): ${tail(err)}`,
            ),
          )
          return
        }
        resolve({ code: exit.code, stdout: stdout.text(), stderr: err })
      })
      if (job.done) {
        stopChannel(channel, job)
        return
      }
      channel.end(call.stdin)
    })
  }

  async function execute(target: RunTarget, call: AgentCall, job: Job): Promise<AgentOutput> {
    for (let attempt = 0; ; attempt++) {
      const conn = await connection(target)
      if (job.done) throw new Error('abandoned')
      await acquire(conn, job)
      if (job.done) {
        release(conn)
        throw new Error('abandoned')
      }
      const reused = conn.uses > 0
      conn.uses++
      let opened: { output: Promise<AgentOutput> }
      try {
        opened = await openChannel(conn, call.agent, (channel) =>
          runOnChannel(conn, channel, target, call, job),
        )
      } catch (err) {
        release(conn)
        // A pooled connection can die between two calls before its close event arrives.
        if (reused && attempt === 0 && (conn.closed || !conn.client)) {
          closeConn(conn)
          continue
        }
        if (conn.closed) {
          throw new RunnerError('proxy-unreachable', `${where(target)}: connection lost`)
        }
        const message = err instanceof Error ? err.message : String(err)
        throw new RunnerError(
          'proxy-unreachable',
          `${where(target)}: SSH channel refused (${message}); check MaxSessions on the proxy`,
        )
      }
      return opened.output
    }
  }

  return {
    async run(target, call) {
      checkAgentName(call.agent)
      if (target.exec !== 'ssh') throw new Error(`${target.name}: not an SSH machine`)
      const deadline = startDeadline(call, `${call.agent} on ${target.name}`)
      const job: Job = { done: false, channel: undefined, closed: false }
      const running = execute(target, call, job)
      running.catch(() => undefined)
      try {
        return await Promise.race([running, deadline.promise])
      } finally {
        job.done = true
        deadline.dispose()
        if (job.channel && !job.closed) stopChannel(job.channel, job)
      }
    },

    async close() {
      const conns = [...pool.values()]
      for (const conn of conns) closeConn(conn)
      await Promise.all(
        conns.map((conn) =>
          Promise.race([conn.closedPromise, new Promise((r) => setTimeout(r, 1000).unref())]),
        ),
      )
    },

    stats() {
      let running = 0
      for (const conn of pool.values()) running += conn.active
      return {
        connectionsOpened: counters.connectionsOpened,
        open: [...pool.values()].filter((c) => !c.closed).length,
        channelsOpened: counters.channelsOpened,
        running,
      }
    },
  }
}

/**
 * Sends a signal request (RFC 4254 §6.9). ssh2's `Channel.signal()` silently does nothing once our
 * side sent EOF — always the case here, since stdin is closed right after it is written — so this
 * goes one level down. Covered by the lab's timeout and cancel tests.
 */
function signalChannel(channel: ClientChannel, signal: string): void {
  const ch = channel as unknown as {
    outgoing?: { id: number; state: string }
    _client?: { _protocol?: { signal(id: number, signal: string): void } }
  }
  const outgoing = ch.outgoing
  const protocol = ch._client?._protocol
  if (outgoing && protocol && (outgoing.state === 'open' || outgoing.state === 'eof')) {
    protocol.signal(outgoing.id, signal)
  } else {
    channel.signal(signal)
  }
}

/**
 * The fingerprint a host presents, without logging in: for `fencepost trust HOST` and the
 * Settings dialog, which show it to the user before it is stored.
 */
export async function fetchHostKey(
  host: string,
  port: number,
  timeoutMs = 10_000,
): Promise<string> {
  let fingerprint: string | undefined
  const ssh = new NodeSSH()
  try {
    await ssh.connect({
      sock: netConnect({ host, port, noDelay: true }),
      username: 'fencepost-hostkey-probe',
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        fingerprint = sshFingerprint(key)
        return false
      },
    })
  } catch (err) {
    if (fingerprint) return fingerprint
    const e = err as ErrorWithLevel
    throw new RunnerError('proxy-unreachable', `${hostPortKey(host, port)}: ${e.code ?? e.message}`)
  } finally {
    ssh.dispose()
  }
  throw new RunnerError('proxy-unreachable', `${hostPortKey(host, port)}: no host key received`)
}
