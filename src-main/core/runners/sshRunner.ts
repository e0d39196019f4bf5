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
import {
  agentCommand,
  AGENT_DIRS,
  killCommand,
  parseProbe,
  PID_MARKER,
  probeCommand,
} from './agentLocator'
import { signalChannel } from './channelSignal'
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
  /**
   * Channels at once per connection, the agent probe's included; more calls wait. Default 10, a
   * stock OpenSSH `MaxSessions`: one more and sshd refuses the channel.
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
  /** Per agent: where the probe found it and the proxy's `timeout -k` (cached per connection). */
  located: Map<string, Promise<Located>>
}

/** An agent found on a machine. */
interface Located {
  agent: string
  timeout: string | undefined
}

/** One call's view of its channel, so the deadline can stop it. */
interface Job {
  done: boolean
  channel: ClientChannel | undefined
  closed: boolean
  /** The agent's session leader on the proxy (announced on stderr, see agentCommand). */
  remotePid?: number
  conn?: Conn
}

type ErrorWithLevel = Error & { level?: string; code?: string }

/** Waits before re-opening a refused channel (see openChannel): about 0.8 s in all. */
const OPEN_RETRY_MS = [5, 15, 30, 60, 120, 250, 350]

/**
 * Runs agents over SSH: one pooled connection per machine (machineId + host + port + user), many
 * exec channels on it, host keys always checked.
 */
export function createSshRunner(options: SshRunnerOptions): SshRunner {
  const idleMs = options.idleMs ?? 60_000
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000
  const maxChannels = Math.max(1, options.maxChannels ?? 10)
  const pool = new Map<string, Conn>()
  const counters = { connectionsOpened: 0, channelsOpened: 0, probes: 0, peakChannels: 0 }

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
      located: new Map(),
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

  /** The pooled connection of a target, opened when there is none (it may still be connecting). */
  function pooled(target: RunTarget): Conn {
    const key = JSON.stringify([target.machineId, target.host, target.port, target.user])
    let conn = pool.get(key)
    if (!conn || conn.closed) {
      conn = openConn(target, key)
      pool.set(key, conn)
    }
    return conn
  }

  function connection(target: RunTarget): Promise<Conn> {
    const c = pooled(target)
    return c.ready.then(() => c)
  }

  /** Waiters of `connect` per connection still in its handshake (the hedged fallback's). */
  const connecting = new WeakMap<Conn, number>()

  /**
   * `AgentRunner.connect`: waits for the pooled connection's handshake and login. A waiter that
   * gives up (the orchestrator found another proxy ready first) closes the connection at once when
   * nobody else waits for it, instead of leaving a hung handshake open until its timeout.
   */
  async function connectPooled(target: RunTarget, signal?: AbortSignal): Promise<void> {
    if (target.exec !== 'ssh') throw new Error(`${target.name}: not an SSH machine`)
    if (signal?.aborted) throw new RunnerError('cancelled', `${where(target)}: not needed`)
    const conn = pooled(target)
    if (!signal) return conn.ready
    let settled = false
    connecting.set(conn, (connecting.get(conn) ?? 0) + 1)
    let onAbort = (): void => undefined
    const abandoned = new Promise<never>((_, reject) => {
      onAbort = () => {
        reject(new RunnerError('cancelled', `${where(target)}: connection abandoned`))
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

  function acquire(conn: Conn, job: Job): Promise<void> {
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
          if (job.done) release(conn)
          else {
            counters.peakChannels = Math.max(counters.peakChannels, conn.active)
            resolve()
          }
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
  async function openChannel<T>(
    conn: Conn,
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
    conn: Conn,
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
  function remoteKill(conn: Conn, pid: number, signal: 'TERM' | 'KILL'): void {
    const slot: Job = { done: false, channel: undefined, closed: false }
    void acquire(conn, slot)
      .then(() =>
        openChannel(conn, killCommand(pid, signal), (channel) => {
          return new Promise<void>((resolve) => {
            channel.on('error', () => undefined)
            channel.on('close', () => {
              release(conn)
              resolve()
            })
            channel.resume()
            channel.stderr.resume()
            channel.end()
          })
        }).catch(() => release(conn)),
      )
      .catch(() => undefined)
  }

  /**
   * Ends the agent: TERM to its process group (a signal request: sshd does killpg), the same
   * through `kill` on the proxy if that did not end it at once, KILL if it lingers.
   */
  function stopChannel(conn: Conn, channel: ClientChannel, job: Job): void {
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
        remoteKill(conn, job.remotePid, signal)
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
      job.conn = conn
      const stdout = new OutputBuffer()
      const stderr = new OutputBuffer()
      let exit: { code: number | null; signal: string | undefined } | undefined
      channel.on('data', (chunk: Buffer) => stdout.push(chunk))
      // The first stderr line is our own PID announcement (agentCommand), not the agent's.
      let head: Buffer | undefined = Buffer.alloc(0)
      channel.stderr.on('data', (chunk: Buffer) => {
        if (head === undefined) {
          stderr.push(chunk)
          return
        }
        head = Buffer.concat([head, chunk])
        const nl = head.indexOf(10)
        if (nl < 0 && head.length < 64) return
        const first = head.subarray(0, nl < 0 ? head.length : nl).toString('latin1')
        const rest = head.subarray(nl < 0 ? head.length : nl + 1)
        head = undefined
        if (first.startsWith(PID_MARKER)) {
          const pid = Number(first.slice(PID_MARKER.length))
          if (Number.isInteger(pid) && pid > 1) job.remotePid = pid
          if (rest.length > 0) stderr.push(rest)
        } else {
          stderr.push(Buffer.concat([Buffer.from(first, 'latin1'), Buffer.from('\n'), rest]))
        }
      })
      channel.stderr.on('end', () => {
        if (head !== undefined && head.length > 0) stderr.push(head)
        head = undefined
      })
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
        stopChannel(conn, channel, job)
        return
      }
      channel.end(call.stdin)
    })
  }

  /**
   * Runs the probe (agentLocator.ts) in a channel of its own, counted against `maxChannels` like
   * any other. Bounded by `connectTimeoutMs`: a shell that never answers must not hold a slot.
   */
  async function probe(conn: Conn, target: RunTarget, agent: string): Promise<Located> {
    const slot: Job = { done: false, channel: undefined, closed: false }
    await acquire(conn, slot)
    counters.probes++
    let released = false
    const releaseOnce = (): void => {
      if (released) return
      released = true
      release(conn)
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
                `${where(target)}: the login shell did not answer within ${connectTimeoutMs} ms`,
              ),
            )
          }, connectTimeoutMs)
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
        `${where(target)}: ${agent} not found — not on the login's PATH nor in ` +
          `${AGENT_DIRS.join(', ')}. Install the fence agents on this proxy (Debian: fence-agents).`,
      )
    }
    return { agent: found.agent, timeout: found.timeout }
  }

  /** Where `agent` is on this connection's machine: probed once, then cached. */
  function locate(conn: Conn, target: RunTarget, agent: string): Promise<Located> {
    let found = conn.located.get(agent)
    if (!found) {
      const probing = probe(conn, target, agent)
      found = probing
      conn.located.set(agent, probing)
      // A missing agent may be installed in a minute: only what was found is remembered.
      probing.catch(() => {
        if (conn.located.get(agent) === probing) conn.located.delete(agent)
      })
    }
    return found
  }

  function channelFailure(conn: Conn, target: RunTarget, err: unknown): RunnerError {
    if (err instanceof RunnerError) return err
    if (conn.closed) {
      return new RunnerError('proxy-unreachable', `${where(target)}: connection lost`)
    }
    const message = err instanceof Error ? err.message : String(err)
    return new RunnerError(
      'proxy-unreachable',
      `${where(target)}: SSH channel refused (${message}); check MaxSessions on the proxy`,
    )
  }

  async function execute(target: RunTarget, call: AgentCall, job: Job): Promise<AgentOutput> {
    for (let attempt = 0; ; attempt++) {
      const conn = await connection(target)
      if (job.done) throw new Error('abandoned')
      const reused = conn.uses > 0
      conn.uses++
      // A pooled connection can die between two calls before its close event arrives.
      const stale = (): boolean => reused && attempt === 0 && (conn.closed || !conn.client)
      let found: Located
      try {
        found = await locate(conn, target, call.agent)
      } catch (err) {
        if (!(err instanceof RunnerError) && stale()) {
          closeConn(conn)
          continue
        }
        throw channelFailure(conn, target, err)
      }
      if (job.done) throw new Error('abandoned')
      await acquire(conn, job)
      if (job.done) {
        release(conn)
        throw new Error('abandoned')
      }
      let opened: { output: Promise<AgentOutput> }
      try {
        opened = await openChannel(conn, agentCommand(found, call.timeoutMs), (channel) =>
          runOnChannel(conn, channel, target, call, job),
        )
      } catch (err) {
        release(conn)
        if (stale()) {
          closeConn(conn)
          continue
        }
        throw channelFailure(conn, target, err)
      }
      return opened.output
    }
  }

  return {
    connect: connectPooled,

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
        if (job.channel && job.conn && !job.closed) stopChannel(job.conn, job.channel, job)
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
        probes: counters.probes,
        peakChannels: counters.peakChannels,
      }
    },
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
