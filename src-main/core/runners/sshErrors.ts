// What a failure of SSH itself means for an attempt: ssh2's and the network's errors become a
// RunnerError whose code is the attempt's outcome and whose message names the machine.
import { type RunTarget, RunnerError } from './agentRunner'
import { hostPortKey } from './knownHosts'

/** Socket errors that mean the machine cannot be reached (not that it refused us). */
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

/** An error as ssh2 and the socket report it. */
export type SshLibraryError = Error & { level?: string; code?: string }

/** How messages name a target: `name (user@host:port)`. */
export function targetLabel(target: RunTarget): string {
  return `${target.name} (${target.user}@${hostPortKey(target.host, target.port)})`
}

/** The outcome of a failed connect, handshake or login. */
export function connectError(
  err: unknown,
  target: RunTarget,
  connectTimeoutMs: number,
): RunnerError {
  if (err instanceof RunnerError) return err
  const e = err as SshLibraryError
  const where = targetLabel(target)
  if (e.level === 'client-authentication') {
    return new RunnerError('auth-failed', `${where}: SSH login refused (${e.message})`)
  }
  if (e.level === 'client-timeout') {
    return new RunnerError(
      'proxy-unreachable',
      `${where}: no SSH handshake within ${connectTimeoutMs} ms`,
    )
  }
  if (e.code && NETWORK_ERRORS.has(e.code)) {
    return new RunnerError('proxy-unreachable', `${where}: ${e.code}`)
  }
  if (/private ?key|passphrase/i.test(e.message ?? '')) {
    return new RunnerError('auth-failed', `${where}: ${e.message}`)
  }
  return new RunnerError('proxy-unreachable', `${where}: ${e.message ?? String(err)}`)
}

/** The outcome of a channel that could not be opened on a connection (`closed`: it is gone). */
export function channelFailure(closed: boolean, target: RunTarget, err: unknown): RunnerError {
  if (err instanceof RunnerError) return err
  if (closed) return new RunnerError('proxy-unreachable', `${targetLabel(target)}: connection lost`)
  const message = err instanceof Error ? err.message : String(err)
  return new RunnerError(
    'proxy-unreachable',
    `${targetLabel(target)}: SSH channel refused (${message}); check MaxSessions on the proxy`,
  )
}
