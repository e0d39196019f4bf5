/**
 * The port through which the orchestrator runs a fence agent on a machine. Implementations: the
 * SSH runner (pooled node-ssh connections) and the local runner (`engine.exec = "local"`).
 */

/** Where to run: resolved from a Machine, with secrets already read from the secret store. */
export interface RunTarget {
  /** The machine's id; the pool key. */
  machineId: string
  /** The machine's name, for messages. */
  name: string
  exec: 'local' | 'ssh'
  host: string
  port: number
  user: string
  identityFile?: string
  /** SSH password (resolved secret). Never logged. */
  password?: string
  /** Use the SSH agent (`SSH_AUTH_SOCK`). */
  agent?: boolean
  /** Pinned host key fingerprint `SHA256:…`; without it the known-hosts store decides. */
  hostKey?: string
}

/** One agent call. Options go on stdin only; the agent gets no arguments. */
export interface AgentCall {
  /** `fence_ipmilan`, … */
  agent: string
  /** `key=value` lines, `action=` included. Contains secrets: never log it. */
  stdin: string
  /** Outer timeout of the whole call, connection included. */
  timeoutMs: number
  signal?: AbortSignal
}

/** What the agent printed and its exit code. */
export interface AgentOutput {
  code: number
  stdout: string
  stderr: string
}

/** Failures that are not the agent's own answer. */
export type RunnerErrorCode =
  | 'proxy-unreachable'
  | 'auth-failed'
  | 'host-key-mismatch'
  | 'agent-missing'
  | 'timeout'
  | 'cancelled'

/** A failure to run the agent at all; `code` is the attempt's outcome. */
export class RunnerError extends Error {
  constructor(
    readonly code: RunnerErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'RunnerError'
  }
}

/** Runs agents on machines. */
export interface AgentRunner {
  run(target: RunTarget, call: AgentCall): Promise<AgentOutput>
  /**
   * Makes the pooled connection to `target` ready: resolves when the SSH handshake and login are
   * done, rejects with a {@link RunnerError} when they fail. An abort of `signal` before then
   * rejects with `cancelled` and closes the connection in progress unless a call is using it.
   * Runners without connections (local) leave it out: their targets are always ready.
   */
  connect?(target: RunTarget, signal?: AbortSignal): Promise<void>
  /** Closes pooled connections. */
  close(): Promise<void>
}
