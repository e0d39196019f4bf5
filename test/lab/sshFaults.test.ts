import { existsSync, readFileSync, rmSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { AgentRunner, RunTarget } from '../../src-main/core/runners/agentRunner'
import { createMemoryKnownHosts, hostPortKey } from '../../src-main/core/runners/knownHosts'
import {
  createSshRunner,
  fetchHostKey,
  HostKeyError,
  type SshRunner,
} from '../../src-main/core/runners/sshRunner'
import { type Lab, labAddress, labUnavailable, startLab } from './lab'
import { processId } from './processes'
import { describeWithParts } from '../support/requiredParts'

const skip = labUnavailable()

const BLOCK = 22

describeWithParts(skip, 'SSH runner failures against the lab', () => {
  let lab: Lab
  const runners: AgentRunner[] = []

  function runner(options: Partial<Parameters<typeof createSshRunner>[0]> = {}): SshRunner {
    const r = createSshRunner({ knownHosts: createMemoryKnownHosts(), ...options })
    runners.push(r)
    return r
  }

  const status = (r: AgentRunner, target: RunTarget, timeoutMs = 10_000) =>
    r.run(target, { agent: 'fence_ipmilan', stdin: lab.bmc('b1').stdin('status'), timeoutMs })

  const hang = (r: AgentRunner, target: RunTarget, timeoutMs: number, signal?: AbortSignal) =>
    r.run(target, { agent: 'fence_hang', stdin: 'action=status\n', timeoutMs, signal })

  /** The fake agent's PID once it runs; it writes it on start. */
  async function hungPid(): Promise<number> {
    const file = `${lab.runDir}/fence_hang.pid`
    for (let i = 0; i < 500; i++) {
      const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
      if (/^\d+\n$/.test(text)) return Number(text)
      await new Promise((r) => setTimeout(r, 10))
    }
    throw new Error('fence_hang never started')
  }

  /** Dead (a zombie counts: PID 1 of a container may be slow to reap orphans). */
  async function goneWithin(pid: number, ms: number): Promise<boolean> {
    const until = Date.now() + ms
    while (Date.now() < until) {
      if (processId(pid) === undefined) return true
      await new Promise((r) => setTimeout(r, 20))
    }
    return false
  }

  beforeAll(async () => {
    lab = await startLab({
      proxies: [
        { name: 'p1', address: labAddress(BLOCK, 11), port: 2222 },
        { name: 'p2', address: labAddress(BLOCK, 12), port: 2222 },
      ],
      bmcs: [
        {
          name: 'b1',
          address: labAddress(BLOCK, 21),
          port: 623,
          user: 'admin',
          password: 'Fault-Bmc-Pw',
          power: 'on',
        },
      ],
    })
  })

  afterEach(async () => {
    rmSync(`${lab.runDir}/fence_hang.pid`, { force: true })
    await Promise.all(runners.splice(0).map((r) => r.close()))
    // A test may leave a proxy stopped.
    await Promise.all(lab.proxies.map((p) => p.start()))
  })

  afterAll(async () => {
    await lab?.stop()
  })

  it('reconnects after the proxy restarted', async () => {
    const r = runner()
    const p1 = lab.proxy('p1')
    expect((await status(r, p1.target())).code).toBe(0)
    await p1.stop()
    await p1.start()
    expect((await status(r, p1.target())).code).toBe(0)
    expect(r.stats().connectionsOpened).toBe(2)
  })

  it('fails fast with proxy-unreachable when the proxy is dead', async () => {
    const r = runner()
    const p1 = lab.proxy('p1')
    await p1.kill()
    const t0 = performance.now()
    await expect(status(r, p1.target())).rejects.toMatchObject({
      code: 'proxy-unreachable',
      message: expect.stringContaining('ECONNREFUSED'),
    })
    expect(performance.now() - t0).toBeLessThan(1000)
  })

  it('fails a running command with proxy-unreachable when the proxy dies under it', async () => {
    const r = runner()
    const p1 = lab.proxy('p1')
    const running = hang(r, p1.target(), 20_000)
    running.catch(() => undefined)
    const pid = await hungPid()
    const t0 = performance.now()
    await p1.kill()
    await expect(running).rejects.toMatchObject({ code: 'proxy-unreachable' })
    expect(performance.now() - t0).toBeLessThan(2000)
    expect(await goneWithin(pid, 1000)).toBe(true)
    expect(r.stats().open).toBe(0)
  })

  it('times out a hung agent within the bound and ends it on the proxy', async () => {
    const r = runner()
    const p1 = lab.proxy('p1')
    const t0 = performance.now()
    const running = hang(r, p1.target(), 1000)
    running.catch(() => undefined)
    const pid = await hungPid()
    await expect(running).rejects.toMatchObject({ code: 'timeout' })
    const ms = performance.now() - t0
    expect(ms).toBeGreaterThanOrEqual(990)
    expect(ms).toBeLessThan(2000)
    expect(await goneWithin(pid, 2000)).toBe(true)
    // The connection survives a timed-out channel.
    expect((await status(r, p1.target())).code).toBe(0)
    expect(r.stats()).toMatchObject({ connectionsOpened: 1, running: 0 })
  })

  it('cancels a running call with an AbortSignal', async () => {
    const r = runner()
    const controller = new AbortController()
    const running = hang(r, lab.proxy('p1').target(), 20_000, controller.signal)
    running.catch(() => undefined)
    const pid = await hungPid()
    controller.abort()
    await expect(running).rejects.toMatchObject({ code: 'cancelled' })
    expect(await goneWithin(pid, 2000)).toBe(true)
  })

  it('counts a frozen proxy (no handshake) as unreachable within connectTimeoutMs', async () => {
    const r = runner({ connectTimeoutMs: 500 })
    const p2 = lab.proxy('p2')
    const pid = p2.pid()!
    process.kill(pid, 'SIGSTOP')
    try {
      const t0 = performance.now()
      await expect(status(r, p2.target(), 5000)).rejects.toMatchObject({
        code: 'proxy-unreachable',
        message: expect.stringMatching(/no SSH handshake within 500 ms/),
      })
      expect(performance.now() - t0).toBeLessThan(2000)
    } finally {
      process.kill(pid, 'SIGCONT')
    }
  })

  it('refuses a changed host key, pinned or known, always', async () => {
    const p2 = lab.proxy('p2')
    const known = createMemoryKnownHosts()
    const r = runner({ knownHosts: known, trustOnFirstUse: true })
    const oldKey = p2.hostKeyFingerprint
    expect((await status(r, p2.target({ hostKey: undefined }))).code).toBe(0)
    expect(await known.get(hostPortKey(p2.host, p2.port))).toBe(oldKey)

    await p2.start({ newHostKey: true })
    expect(p2.hostKeyFingerprint).not.toBe(oldKey)

    const viaStore = await status(r, p2.target({ hostKey: undefined })).catch((e: unknown) => e)
    expect(viaStore).toBeInstanceOf(HostKeyError)
    expect(viaStore).toMatchObject({
      code: 'host-key-mismatch',
      reason: 'changed',
      expected: oldKey,
      fingerprint: p2.hostKeyFingerprint,
    })
    // Trust on first use never overwrites a known key.
    expect(await known.get(hostPortKey(p2.host, p2.port))).toBe(oldKey)

    const pinned = await status(runner(), p2.target({ hostKey: oldKey })).catch((e: unknown) => e)
    expect(pinned).toMatchObject({ code: 'host-key-mismatch', reason: 'changed' })
  })

  it('refuses an unknown host key unless trust is given, and says how to give it', async () => {
    const p1 = lab.proxy('p1')
    const known = createMemoryKnownHosts()
    const unknown = await status(
      runner({ knownHosts: known }),
      p1.target({ hostKey: undefined }),
    ).catch((e: unknown) => e)
    expect(unknown).toMatchObject({
      code: 'host-key-mismatch',
      reason: 'unknown',
      fingerprint: p1.hostKeyFingerprint,
      message: expect.stringContaining('fencepost trust p1'),
    })
    expect(await known.list()).toEqual({})

    const asked: string[] = []
    const r = runner({
      knownHosts: known,
      onTrustNeeded: (request) => {
        asked.push(request.fingerprint)
        return true
      },
    })
    expect((await status(r, p1.target({ hostKey: undefined }))).code).toBe(0)
    expect(asked).toEqual([p1.hostKeyFingerprint])
    expect(await known.get(hostPortKey(p1.host, p1.port))).toBe(p1.hostKeyFingerprint)

    expect(await fetchHostKey(p1.host, p1.port)).toBe(p1.hostKeyFingerprint)
  })

  it('reports a missing identity file as auth-failed without connecting', async () => {
    const r = runner()
    await expect(
      status(r, lab.proxy('p1').target({ identityFile: `${lab.dir}/no-such-key` })),
    ).rejects.toMatchObject({ code: 'auth-failed', message: expect.stringContaining('ENOENT') })
  })
})
