import { existsSync, readFileSync, rmSync } from 'node:fs'
import { Client, type ClientChannel } from 'ssh2'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { AgentRunner, RunTarget } from '../../src-main/core/runners/agentRunner'
import { signalChannel } from '../../src-main/core/runners/channelSignal'
import { createMemoryKnownHosts, hostPortKey } from '../../src-main/core/runners/knownHosts'
import { fetchHostKey, HostKeyError } from '../../src-main/core/runners/sshRunner'
import {
  type Lab,
  LAB_AGENT_DIR,
  LAB_FLAVOURS,
  labBmcSpec,
  labUnavailable,
  startLab,
  twoLabProxies,
} from './lab'
import { processId, processTree } from './processes'
import { labSshRunners } from './sshRunners'
import { describeWithParts } from '../support/requiredParts'

const skip = labUnavailable()

const BLOCKS = { stock: 22, root: 26 } as const

/** The command name of a process (`sshd`, `sleep`, …). */
function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return ''
  }
}

// Every case on stock proxies; the ones about ending agents and losing proxies also on root ones.
for (const flavour of LAB_FLAVOURS) {
  const BLOCK = BLOCKS[flavour]
  const full = flavour === 'stock'
  /** A case run on stock proxies only. */
  const itStock = (name: string, body: () => Promise<void>): void => {
    if (full) it(name, body)
  }

  describeWithParts(skip, `SSH runner failures against the lab (${flavour} proxies)`, () => {
    let lab: Lab
    const { runner, closeRunners } = labSshRunners()

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
        flavour,
        proxies: twoLabProxies(BLOCK),
        bmcs: [labBmcSpec(BLOCK, 21, 'b1', 'Fault-Bmc-Pw', 'on')],
      })
    })

    afterEach(async () => {
      rmSync(`${lab.runDir}/fence_hang.pid`, { force: true })
      await closeRunners()
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

    it('a lost connection leaves nothing running: the proxy’s own timeout -k ends the agent', async () => {
      const r = runner()
      const p1 = lab.proxy('p1')
      const running = hang(r, p1.target(), 1500)
      running.catch(() => undefined)
      const pid = await hungPid()
      // Kill sshd alone (listener and session), not the agent under it: as when the connection
      // drops and sshd's session goes with it, leaving the agent an orphan.
      const listener = processId(p1.pid()!)!
      const sshds = processTree(listener).filter((id) => commOf(id.pid) === 'sshd')
      expect(sshds.length).toBeGreaterThanOrEqual(2)
      for (const id of sshds) process.kill(id.pid, 'SIGKILL')
      await expect(running).rejects.toMatchObject({ code: 'proxy-unreachable' })
      // Still there: only the proxy-side bound can end it now.
      expect(processId(pid)).toBeDefined()
      // Our bound 1.5 s → the proxy's `timeout -k 2 4`: TERM at 4 s after the start.
      expect(await goneWithin(pid, 8000)).toBe(true)
    })

    // Stock only: sshd refuses signal requests of root logins ("session signalling requires privilege
    // separation"); there the runner's kill through a second channel does it (the cancel case).
    itStock(
      'signalChannel ends a remote agent (ssh2’s own signal() does nothing after EOF)',
      async () => {
        const p1 = lab.proxy('p1')
        const client = new Client()
        await new Promise<void>((resolve, reject) => {
          client.once('ready', resolve).once('error', reject)
          client.connect({
            host: p1.host,
            port: p1.port,
            username: p1.user,
            privateKey: readFileSync(p1.identityFile),
          })
        })
        try {
          const channel = await new Promise<ClientChannel>((resolve, reject) =>
            client.exec(`${LAB_AGENT_DIR}/fence_hang`, (err, ch) =>
              err ? reject(err) : resolve(ch),
            ),
          )
          const exited = new Promise<string | undefined>((resolve) => {
            channel.on('exit', (_code: number | null, signal?: string) => resolve(signal))
            channel.on('close', () => resolve('closed without exit status'))
          })
          channel.resume()
          channel.end('action=status\n')
          const pid = await hungPid()
          channel.signal('TERM')
          expect(await goneWithin(pid, 300)).toBe(false)
          expect(signalChannel(channel, 'TERM')).toBe(true)
          expect(await exited).toMatch(/^(SIG)?TERM$/)
          expect(await goneWithin(pid, 2000)).toBe(true)
          // A closed channel: nothing to send, and no throw.
          await new Promise((resolve) => setTimeout(resolve, 50))
          expect(signalChannel(channel, 'TERM')).toBe(false)
        } finally {
          client.end()
        }
      },
    )

    itStock(
      'counts a frozen proxy (no handshake) as unreachable within connectTimeoutMs',
      async () => {
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
      },
    )

    itStock('refuses a changed host key, pinned or known, always', async () => {
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

    itStock(
      'refuses an unknown host key unless trust is given, and says how to give it',
      async () => {
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
      },
    )

    itStock('reports a missing identity file as auth-failed without connecting', async () => {
      const r = runner()
      await expect(
        status(r, lab.proxy('p1').target({ identityFile: `${lab.dir}/no-such-key` })),
      ).rejects.toMatchObject({ code: 'auth-failed', message: expect.stringContaining('ENOENT') })
    })
  })
}
