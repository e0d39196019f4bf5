// The host-key policy and the SSH error mapping, now pieces of their own, checked without an sshd:
// pinned beats known, known beats first use, a refusal says why; ssh2's errors become outcomes.
import { describe, expect, it } from 'vitest'
import type { RunTarget } from '../../../../src-main/core/runners/agentRunner'
import { RunnerError } from '../../../../src-main/core/runners/agentRunner'
import { checkHostKey, HostKeyError } from '../../../../src-main/core/runners/hostKeyPolicy'
import type { TrustRequest } from '../../../../src-main/core/runners/hostKeyPolicy'
import {
  createMemoryKnownHosts,
  sshFingerprint,
} from '../../../../src-main/core/runners/knownHosts'
import { channelFailure, connectError } from '../../../../src-main/core/runners/sshErrors'

const KEY = Buffer.from('the host key blob')
const OTHER = Buffer.from('another host key blob')
const FP = sshFingerprint(KEY)

const target: RunTarget = {
  machineId: 'p1',
  name: 'jump1',
  exec: 'ssh',
  host: '10.0.0.5',
  port: 2222,
  user: 'fence',
}

describe('checkHostKey', () => {
  it('accepts the pinned key and refuses another, whatever the known hosts say', async () => {
    const knownHosts = createMemoryKnownHosts({ '10.0.0.5:2222': sshFingerprint(OTHER) })
    const pinned = { ...target, hostKey: FP }
    expect(await checkHostKey({ knownHosts }, pinned, KEY)).toBeUndefined()
    const refused = await checkHostKey({ knownHosts }, pinned, OTHER)
    expect(refused).toBeInstanceOf(HostKeyError)
    expect(refused).toMatchObject({ reason: 'changed', code: 'host-key-mismatch', expected: FP })
    expect(refused!.message).toMatch(/^jump1 \(fence@10\.0\.0\.5:2222\): .*pinned/)
  })

  it('accepts a known key; a changed one is refused with the way to trust it again', async () => {
    const knownHosts = createMemoryKnownHosts({ '10.0.0.5:2222': FP })
    expect(await checkHostKey({ knownHosts, trustOnFirstUse: true }, target, KEY)).toBeUndefined()
    const changed = await checkHostKey({ knownHosts, trustOnFirstUse: true }, target, OTHER)
    expect(changed).toMatchObject({ reason: 'changed', hostPort: '10.0.0.5:2222', expected: FP })
    expect(changed!.message).toContain('fencepost trust jump1 --yes --replace')
    expect(await knownHosts.get('10.0.0.5:2222')).toBe(FP)
  })

  it('an unknown key: stored on first use or when the person says yes, else refused', async () => {
    const asked: TrustRequest[] = []
    const knownHosts = createMemoryKnownHosts()
    const no = await checkHostKey(
      { knownHosts, onTrustNeeded: (request) => (asked.push(request), false) },
      target,
      KEY,
    )
    expect(no).toMatchObject({ reason: 'unknown', fingerprint: FP })
    expect(asked).toEqual([
      { machineId: 'p1', name: 'jump1', host: '10.0.0.5', port: 2222, fingerprint: FP },
    ])
    expect(await knownHosts.get('10.0.0.5:2222')).toBeUndefined()
    expect(
      await checkHostKey({ knownHosts, onTrustNeeded: async () => true }, target, KEY),
    ).toBeUndefined()
    expect(await knownHosts.get('10.0.0.5:2222')).toBe(FP)
    const tofu = createMemoryKnownHosts()
    expect(await checkHostKey({ knownHosts: tofu, trustOnFirstUse: true }, target, KEY)).toBe(
      undefined,
    )
    expect(await tofu.get('10.0.0.5:2222')).toBe(FP)
  })
})

describe('SSH errors as outcomes', () => {
  const outcome = (err: unknown) => {
    const e = connectError(err, target, 3000)
    return [e.code, e.message]
  }
  const error = (message: string, extra: Record<string, unknown>) =>
    Object.assign(new Error(message), extra)

  it('maps login, handshake, network and key-file failures', () => {
    expect(
      outcome(
        error('All configured authentication methods failed', { level: 'client-authentication' }),
      ),
    ).toEqual([
      'auth-failed',
      'jump1 (fence@10.0.0.5:2222): SSH login refused (All configured authentication methods failed)',
    ])
    expect(outcome(error('Timed out', { level: 'client-timeout' }))).toEqual([
      'proxy-unreachable',
      'jump1 (fence@10.0.0.5:2222): no SSH handshake within 3000 ms',
    ])
    expect(outcome(error('connect ECONNREFUSED', { code: 'ECONNREFUSED' }))).toEqual([
      'proxy-unreachable',
      'jump1 (fence@10.0.0.5:2222): ECONNREFUSED',
    ])
    expect(outcome(new Error('Cannot parse privateKey: Encrypted private OpenSSH key'))[0]).toBe(
      'auth-failed',
    )
    expect(outcome(new Error('something odd'))[0]).toBe('proxy-unreachable')
    const own = new RunnerError('cancelled', 'not needed')
    expect(connectError(own, target, 3000)).toBe(own)
  })

  it('a refused channel names MaxSessions; one on a closed connection says it was lost', () => {
    expect(channelFailure(false, target, new Error('(SSH) Channel open failure')).message).toMatch(
      /SSH channel refused \(\(SSH\) Channel open failure\); check MaxSessions/,
    )
    expect(channelFailure(true, target, new Error('x')).message).toBe(
      'jump1 (fence@10.0.0.5:2222): connection lost',
    )
  })
})
