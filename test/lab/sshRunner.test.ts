import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { RunnerError } from '../../src-main/core/runners/agentRunner'
import { agentFailureMessage } from '../../src-main/core/fencing/attempt'
import { type Lab, LAB_FLAVOURS, labAddress, labBmcSpec, labUnavailable, startLab } from './lab'
import { AGENT_IPMITOOL_ARGV, sampleProcessArgs } from './processes'
import { labSshRunners } from './sshRunners'
import { describeWithParts } from '../support/requiredParts'

const skip = labUnavailable()

const BLOCKS = { stock: 21, root: 25 } as const
const BMC_PASSWORD = 'Bmc-Secret-7f3a9c'

// Every case on stock proxies (what the field has); the core ones again on root proxies.
for (const flavour of LAB_FLAVOURS) {
  const BLOCK = BLOCKS[flavour]
  const full = flavour === 'stock'
  /** A case run on stock proxies only (root proxies run the core ones). */
  const itStock = (name: string, body: () => Promise<void>): void => {
    if (full) it(name, body)
  }

  describeWithParts(skip, `SSH runner against the lab (${flavour} proxies)`, () => {
    let lab: Lab
    const { runner, closeRunners } = labSshRunners()

    beforeAll(async () => {
      lab = await startLab({
        flavour,
        proxies: [
          { name: 'p1', address: labAddress(BLOCK, 11), port: 2222 },
          { name: 'p2', address: labAddress(BLOCK, 12), port: 2222, passwordAuth: true },
        ],
        bmcs: [labBmcSpec(BLOCK, 21, 'b1', BMC_PASSWORD, 'off')],
      })
    })

    afterEach(async () => {
      await closeRunners()
    })

    afterAll(async () => {
      await lab?.stop()
    })

    it('runs fence_ipmilan status/on/off through the proxy; the BMC agrees', async () => {
      const r = runner()
      const p1 = lab.proxy('p1').target()
      const b1 = lab.bmc('b1')
      const call = (action: string) =>
        r.run(p1, { agent: 'fence_ipmilan', stdin: b1.stdin(action), timeoutMs: 15_000 })

      const off = await call('status')
      expect(off).toMatchObject({ code: 2, stdout: expect.stringContaining('Status: OFF') })
      expect(off.stderr).not.toMatch(/DeprecationWarning/)

      expect((await call('on')).code).toBe(0)
      expect(await b1.power()).toBe('on')
      expect(b1.calls()).toContain('set power 1')
      expect(await call('status')).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('Status: ON'),
      })

      expect((await call('off')).code).toBe(0)
      expect(await b1.power()).toBe('off')
      expect(b1.calls()).toContain('set power 0')
    })

    itStock(
      'reports what the agent says when the BMC accepts a change but never makes it',
      async () => {
        const r = runner()
        const b1 = lab.bmc('b1')
        b1.setPower('off')
        b1.setFault('ignore')
        try {
          const out = await r.run(lab.proxy('p1').target(), {
            agent: 'fence_ipmilan',
            stdin: b1.stdin('on', { power_timeout: 1 }),
            timeoutMs: 15_000,
          })
          expect(out.code).toBe(1)
          expect(out.stderr).toMatch(/Timed out waiting to power ON/)
          expect(b1.calls()).toContain('set power 1')
          expect(await b1.power()).toBe('off')
        } finally {
          b1.setFault('none')
        }
      },
    )

    it('runs many calls at once over a single pooled connection', async () => {
      const r = runner()
      const p1 = lab.proxy('p1')
      const accepted = () => (p1.log().match(/Accepted publickey/g) ?? []).length
      const before = accepted()
      const b1 = lab.bmc('b1')
      const t0 = performance.now()
      const outs = await Promise.all(
        Array.from({ length: 12 }, () =>
          r.run(p1.target(), {
            agent: 'fence_ipmilan',
            stdin: b1.stdin('status'),
            timeoutMs: 20_000,
          }),
        ),
      )
      const ms = performance.now() - t0
      expect(outs.map((o) => o.code)).toEqual(Array(12).fill(2))
      expect(r.stats()).toMatchObject({
        connectionsOpened: 1,
        open: 1,
        channelsOpened: 12,
        running: 0,
      })
      expect(accepted() - before).toBe(1)
      console.info(`12 concurrent fence_ipmilan status over one connection: ${ms.toFixed(0)} ms`)

      // Reused for the next call, too.
      await r.run(p1.target(), {
        agent: 'fence_ipmilan',
        stdin: b1.stdin('status'),
        timeoutMs: 10_000,
      })
      expect(r.stats().connectionsOpened).toBe(1)
    })

    it('stays within a stock sshd’s MaxSessions with 30 calls at once, its probe included', async () => {
      const r = runner()
      const b1 = lab.bmc('b1')
      const outs = await Promise.all(
        Array.from({ length: 30 }, () =>
          r.run(lab.proxy('p1').target(), {
            agent: 'fence_ipmilan',
            stdin: b1.stdin('status'),
            timeoutMs: 30_000,
          }),
        ),
      )
      expect(outs.map((o) => o.code)).toEqual(Array(30).fill(2))
      const stats = r.stats()
      // One connection, one probe for the agent, and never more than 10 channels at once — yet
      // all 10 in use, so the limit (not luck) did the queuing.
      expect(stats).toMatchObject({ connectionsOpened: 1, channelsOpened: 30, probes: 1 })
      expect(stats.peakChannels).toBe(10)
    })

    itStock(
      'probes once per connection and agent, and runs the agent by its absolute path',
      async () => {
        const r = runner()
        const p1 = lab.proxy('p1')
        const stdin = lab.bmc('b1').stdin('status')
        for (let i = 0; i < 3; i++) {
          await r.run(p1.target(), { agent: 'fence_ipmilan', stdin, timeoutMs: 10_000 })
        }
        expect(r.stats()).toMatchObject({ connectionsOpened: 1, probes: 1, channelsOpened: 3 })
        // sshd (LogLevel VERBOSE) does not log commands; the process list does: sampled while running.
        const sampler = sampleProcessArgs('fence_ipmilan', /fence_ipmilan/)
        let seen: string[]
        try {
          await Promise.all(
            Array.from({ length: 4 }, () =>
              r.run(p1.target(), { agent: 'fence_ipmilan', stdin, timeoutMs: 10_000 }),
            ),
          )
        } finally {
          seen = (await sampler.stop()).seen
        }
        const agents = seen.filter((line) => /python/.test(line) || /^\S*fence_ipmilan/.test(line))
        expect(agents.length).toBeGreaterThan(0)
        for (const line of agents) expect(line).toContain('/usr/sbin/fence_ipmilan')
        expect(r.stats().probes).toBe(1)
      },
    )

    it('says a wrong BMC password is one only where fence_ipmilan’s output allows', async () => {
      const r = runner()
      const b1 = lab.bmc('b1')
      const run = async (extra: Record<string, string | number>) => {
        const out = await r.run(lab.proxy('p1').target(), {
          agent: 'fence_ipmilan',
          stdin: b1.stdin('status', extra),
          timeoutMs: 15_000,
        })
        expect(out.code).toBe(1)
        return { out, message: agentFailureMessage('fence_ipmilan', out) }
      }
      const wrong = { password: 'Not-The-Bmc-Pw' }
      // Plain: the agent's one line is the same for a wrong password and a BMC it cannot reach.
      const plain = await run(wrong)
      expect(plain.out.stderr).toMatch(/Failed: Unable to obtain correct plug status/)
      expect(plain.message).toMatch(/^ERROR: Failed: Unable to obtain correct plug status/)
      expect(plain.message).toContain(
        "either the BMC rejected the user name or password, or it could not be reached: the agent's output does not say which",
      )
      // verbose=1: ipmitool's own line shows the BMC refused the session.
      const verbose = await run({ ...wrong, verbose: 1 })
      expect(verbose.out.stderr).toMatch(/Unable to establish IPMI v2 \/ RMCP\+ session/)
      expect(verbose.message).toMatch(/— the BMC rejected the user name or password$/)
      expect(verbose.message).toContain('Unable to establish IPMI v2 / RMCP+ session')
      // Nobody answers: never called a password problem, verbose or not.
      for (const extra of [{}, { verbose: 1 }] as Record<string, number>[]) {
        const gone = await run({ ...extra, ipport: 1, power_timeout: 1 })
        expect(gone.message).toMatch(/Connection timed out/)
        expect(gone.message).not.toMatch(/password/)
      }
      // The password itself is in none of it.
      for (const m of [plain, verbose]) {
        expect(m.message).not.toContain(BMC_PASSWORD)
        expect(m.message).not.toContain(wrong.password)
        expect(m.out.stderr).not.toContain(wrong.password)
      }
    })

    itStock('queues calls beyond maxChannels instead of failing', async () => {
      const r = runner({ maxChannels: 2 })
      const b1 = lab.bmc('b1')
      const outs = await Promise.all(
        Array.from({ length: 5 }, () =>
          r.run(lab.proxy('p1').target(), {
            agent: 'fence_ipmilan',
            stdin: b1.stdin('status'),
            timeoutMs: 20_000,
          }),
        ),
      )
      expect(outs.every((o) => o.code === 2)).toBe(true)
      expect(r.stats()).toMatchObject({ connectionsOpened: 1, channelsOpened: 5 })
    })

    itStock('closes an idle connection and opens a new one when needed', async () => {
      const r = runner({ idleMs: 150 })
      const target = lab.proxy('p1').target()
      const stdin = lab.bmc('b1').stdin('status')
      await r.run(target, { agent: 'fence_ipmilan', stdin, timeoutMs: 10_000 })
      expect(r.stats().open).toBe(1)
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(r.stats().open).toBe(0)
      await r.run(target, { agent: 'fence_ipmilan', stdin, timeoutMs: 10_000 })
      expect(r.stats().connectionsOpened).toBe(2)
    })

    itStock('logs in with a password', async () => {
      const r = runner()
      const p2 = lab.proxy('p2')
      const out = await r.run(p2.target({ identityFile: undefined, password: p2.password }), {
        agent: 'fence_ipmilan',
        stdin: lab.bmc('b1').stdin('status'),
        timeoutMs: 10_000,
      })
      expect(out.code).toBe(2)
      expect(p2.log()).toMatch(/Accepted password for fencepost-lab/)
    })

    itStock('maps a wrong password and a wrong key to auth-failed', async () => {
      const r = runner()
      const p2 = lab.proxy('p2')
      const stdin = lab.bmc('b1').stdin('status')
      await expect(
        r.run(p2.target({ identityFile: undefined, password: 'not-it' }), {
          agent: 'fence_ipmilan',
          stdin,
          timeoutMs: 10_000,
        }),
      ).rejects.toMatchObject({ code: 'auth-failed' })
      const stranger = await lab.makeKey('stranger')
      const err = await r
        .run(lab.proxy('p1').target({ identityFile: stranger }), {
          agent: 'fence_ipmilan',
          stdin,
          timeoutMs: 10_000,
        })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(RunnerError)
      expect(err).toMatchObject({ code: 'auth-failed' })
      expect((err as Error).message).toContain(
        `p1 (${lab.proxy('p1').user}@127.0.${BLOCK}.11:2222)`,
      )
    })

    it('maps an agent the proxy lacks to agent-missing, every time', async () => {
      // The shell's "not found", its exit status and the channel close can arrive in the same TCP
      // segment as the channel confirmation; a runner that wires its listeners late loses the exit
      // status (seen: 3 in 40 on fresh connections).
      const target = lab.proxy('p1').target()
      const codes = new Map<string, number>()
      const rounds = full ? 30 : 5
      let message = ''
      for (let i = 0; i < rounds; i++) {
        const r = runner()
        const code = await r
          .run(target, { agent: 'fence_nosuchagent', stdin: 'action=status\n', timeoutMs: 10_000 })
          .then(
            () => 'ok',
            (e: RunnerError) => {
              message = e.message
              return e.code
            },
          )
        codes.set(code, (codes.get(code) ?? 0) + 1)
        await r.close()
      }
      expect(Object.fromEntries(codes)).toEqual({ 'agent-missing': rounds })
      // Says where it looked and what to do.
      expect(message).toMatch(/fence_nosuchagent not found/)
      expect(message).toContain('/usr/sbin')
      expect(message).toMatch(/install the fence agents/i)
    })

    it('refuses a name that is not a single command word, without opening a channel', async () => {
      const r = runner()
      await expect(
        r.run(lab.proxy('p1').target(), {
          agent: 'fence_x;touch /tmp/pwned',
          stdin: '',
          timeoutMs: 10_000,
        }),
      ).rejects.toMatchObject({ code: 'agent-missing' })
      expect(r.stats().channelsOpened).toBe(0)
    })

    itStock('never shows the BMC password in the process list or the sshd log', async () => {
      const r = runner()
      const b1 = lab.bmc('b1')
      const sampler = sampleProcessArgs(BMC_PASSWORD, /\/usr\/sbin\/fence_ipmilan/)
      let sample
      try {
        const run = (action: string) =>
          r.run(lab.proxy('p1').target(), {
            agent: 'fence_ipmilan',
            stdin: b1.stdin(action),
            timeoutMs: 15_000,
          })
        for (let round = 0; round < 3; round++) {
          // Concurrent on and off would fight (each waits for its state): only status at once.
          await Promise.all([run('status'), run('status'), run('status')])
          expect((await run('on')).code).toBe(0)
          expect((await run('off')).code).toBe(0)
        }
      } finally {
        sample = await sampler.stop()
      }
      const { seen, samples, watched: agentsSeen } = sample
      expect(samples).toBeGreaterThan(5)
      // The sampler did look at the agents while they ran.
      expect(agentsSeen).toBeGreaterThan(0)
      // Only the agent's own ipmitool window may show it (see AGENT_IPMITOOL_ARGV).
      expect(seen.filter((line) => !AGENT_IPMITOOL_ARGV.test(line))).toEqual([])
      if (seen.length > 0)
        console.info(`ipmitool argv window caught ${seen.length}× in ${samples} samples`)
      expect(lab.proxy('p1').log()).not.toContain(BMC_PASSWORD)
      expect(lab.proxy('p1').log()).toMatch(/Accepted publickey/)
    })
  })
}
