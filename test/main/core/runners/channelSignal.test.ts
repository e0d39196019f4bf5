import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { ClientChannel } from 'ssh2'
import { describe, expect, it } from 'vitest'
import {
  installedSsh2Version,
  signalChannel,
  SSH2_VERIFIED_VERSION,
} from '../../../../src-main/core/runners/channelSignal'

const require = createRequire(import.meta.url)

describe('signalChannel (the one place that touches ssh2 internals)', () => {
  it('is pinned to the ssh2 version it was verified against', () => {
    expect(
      installedSsh2Version(),
      `ssh2 is now ${installedSsh2Version()}, signalChannel was verified against ` +
        `${SSH2_VERIFIED_VERSION}: re-verify src-main/core/runners/channelSignal.ts against ` +
        "ssh2's lib/Channel.js (outgoing.id/state, _client._protocol) and " +
        'lib/protocol/Protocol.js (signal(chan, name)), run test/lab/sshFaults.test.ts, then ' +
        'update SSH2_VERIFIED_VERSION',
    ).toBe(SSH2_VERIFIED_VERSION)
  })

  it('relies on internals the installed ssh2 still has', () => {
    const Protocol = require('ssh2/lib/protocol/Protocol.js') as { prototype: object }
    expect(typeof (Protocol.prototype as { signal?: unknown }).signal).toBe('function')
    const source = readFileSync(require.resolve('ssh2/lib/Channel.js'), 'utf8')
    // The reason for going around Channel.signal(): it gives up once our side sent EOF.
    expect(source).toMatch(
      /signal\(signalName\)[\s\S]*?this\.writable[\s\S]*?outgoing\.state === 'open'/,
    )
    expect(source).toContain('this._client._protocol.signal(this.outgoing.id, signalName)')
  })

  it('sends the request through the protocol while the channel is open or half-closed by us', () => {
    for (const state of ['open', 'eof']) {
      const sent: [number, string][] = []
      const channel = {
        outgoing: { id: 7, state },
        _client: { _protocol: { signal: (id: number, name: string) => sent.push([id, name]) } },
        signal: () => {
          throw new Error('public signal() must not be used here')
        },
      } as unknown as ClientChannel
      expect(signalChannel(channel, 'TERM')).toBe(true)
      expect(sent).toEqual([[7, 'TERM']])
    }
  })

  it('sends nothing once the channel is closed', () => {
    const sent: string[] = []
    const channel = {
      outgoing: { id: 7, state: 'closed' },
      _client: { _protocol: { signal: (_id: number, name: string) => sent.push(name) } },
      signal: (name: string) => sent.push(`public ${name}`),
    } as unknown as ClientChannel
    expect(signalChannel(channel, 'KILL')).toBe(false)
    expect(sent).toEqual([])
  })
})
