// One SSH connection to a target: our own TCP socket (Nagle off), the login, the host-key check
// inside the handshake, and listeners that keep a dead connection from crashing the process. What
// is pooled, counted and closed when idle is sshPool.ts's job.
import { connect as netConnect } from 'node:net'
import { NodeSSH, type Config } from 'node-ssh'
import type { Client } from 'ssh2'
import { type RunTarget, RunnerError } from './agentRunner'
import type { HostKeyError } from './hostKeyPolicy'
import { connectError, targetLabel } from './sshErrors'

/** An agent found on a machine (sshAgentProbe.ts). */
export interface LocatedAgent {
  agent: string
  /** The proxy's `timeout` (for `timeout -k`), if it has one. */
  timeout: string | undefined
}

/** A call waiting for a channel slot on a full connection. */
export interface SlotWaiter {
  grant(): void
}

/** One pooled connection and the channel slots on it. */
export interface SshConnection {
  /** The pool key (machineId + host + port + user). */
  key: string
  name: string
  ssh: NodeSSH
  /** ssh2's client under node-ssh; undefined when the login never started. */
  client: Client | undefined
  /** Resolves when logged in; rejects with a RunnerError. */
  ready: Promise<void>
  closed: boolean
  /** Channels granted (open or opening). */
  active: number
  queue: SlotWaiter[]
  idleTimer: NodeJS.Timeout | undefined
  /** Channels opened on it so far: a failure on a used connection may be a stale one. */
  uses: number
  /** Resolves once the connection is closed (or never came up). */
  closedPromise: Promise<void>
  /** Per agent, where the probe found it on this machine (sshAgentProbe.ts). */
  located: Map<string, Promise<LocatedAgent>>
}

/** What opening a connection needs from the runner. */
export interface OpenConnectionOptions {
  /** The login of `target` (sshCredentials.ts). */
  credentials(target: RunTarget): Promise<Partial<Config>>
  /** The host-key decision (hostKeyPolicy.ts): undefined accepts. */
  checkHostKey(target: RunTarget, key: Buffer): Promise<HostKeyError | undefined>
  /** TCP connect + SSH handshake + login. */
  connectTimeoutMs: number
  /** Called when the connection is gone: closed, or failed to come up. */
  gone(conn: SshConnection): void
}

/** Starts connecting to `target`; `conn.ready` tells how it went. */
export function openSshConnection(
  target: RunTarget,
  key: string,
  options: OpenConnectionOptions,
): SshConnection {
  let markClosed: () => void = () => undefined
  const conn: SshConnection = {
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
    const cfg = await options.credentials(target)
    let rejection: HostKeyError | undefined
    let verifyFailure: unknown
    // Our own socket so Nagle is off from the first packet (see LAB.md: 44 ms → 2 ms per call).
    const sock = netConnect({ host: target.host, port: target.port, noDelay: true })
    const connecting = conn.ssh.connect({
      ...cfg,
      sock,
      username: target.user,
      readyTimeout: options.connectTimeoutMs,
      keepaliveInterval: 15_000,
      keepaliveCountMax: 3,
      hostVerifier: (hostKey: Buffer, verify: (valid: boolean) => void) => {
        options.checkHostKey(target, hostKey).then(
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
        options.gone(conn)
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
          `${targetLabel(target)}: known-hosts store failed: ${message}`,
        )
      }
      throw connectError(err, target, options.connectTimeoutMs)
    }
  })()
  conn.ready.catch(() => {
    options.gone(conn)
    markClosed()
  })
  return conn
}
