import { createRequire } from 'node:module'
import type { ClientChannel } from 'ssh2'

/**
 * The ssh2 version whose internals {@link signalChannel} was checked against (Channel.js:
 * `outgoing.{id,state}`, `_client._protocol.signal(id, name)`). A test fails when the installed
 * ssh2 differs, so an upgrade cannot silently turn "stop the agent" into a no-op.
 */
export const SSH2_VERIFIED_VERSION = '1.17.0'

/** The ssh2 version installed next to this module. */
export function installedSsh2Version(): string {
  const require = createRequire(import.meta.url)
  return (require('ssh2/package.json') as { version: string }).version
}

/** The ssh2 internals {@link signalChannel} relies on. */
interface ChannelInternals {
  outgoing?: { id: number; state: string }
  _client?: { _protocol?: { signal(id: number, signal: string): void } }
}

/**
 * Sends a signal request (RFC 4254 §6.9; sshd delivers it with `killpg` to the session's process
 * group). ssh2's public `Channel.signal()` silently does nothing once our side sent EOF — always
 * the case here, since the agent's stdin is closed right after it is written — so this goes one
 * level down, to the protocol object. Returns false when the channel is no longer open (nothing
 * was sent). The only place that touches ssh2 internals; see {@link SSH2_VERIFIED_VERSION}.
 */
export function signalChannel(channel: ClientChannel, signal: string): boolean {
  const ch = channel as unknown as ChannelInternals
  const outgoing = ch.outgoing
  const protocol = ch._client?._protocol
  if (
    outgoing &&
    protocol &&
    typeof protocol.signal === 'function' &&
    (outgoing.state === 'open' || outgoing.state === 'eof')
  ) {
    protocol.signal(outgoing.id, signal)
    return true
  }
  if (outgoing?.state === 'open') {
    channel.signal(signal)
    return true
  }
  return false
}
