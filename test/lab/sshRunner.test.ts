import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { type AgentRunner, RunnerError } from '../../src-main/core/runners/agentRunner'
import { createMemoryKnownHosts } from '../../src-main/core/runners/knownHosts'
import { createSshRunner, type SshRunner } from '../../src-main/core/runners/sshRunner'
import { type Lab, labAddress, labUnavailable, startLab } from './lab'
import { AGENT_IPMITOOL_ARGV, sampleProcessArgs } from './processes'
import { describeWithParts } from '../support/requiredParts'

const skip = labUnavailable()

const BLOCK = 21
const BMC_PASSWORD = 'Bmc-Secret-7f3a9c'

describeWithParts(skip, 'SSH runner against the lab', () => {
  let lab: Lab
  const runners: AgentRunner[] = []

  function runner(options: Partial<Parameters<typeof createSshRunner>[0]> = {}): SshRunner {
    const r = createSshRunner({ knownHosts: createMemoryKnownHosts(), ...options })
    runners.push(r)
    return r
  }

  beforeAll(async () => {
    lab = await startLab({
      proxies: [
        { name: 'p1', address: labAddress(BLOCK, 11), port: 2222 },
        { name: 'p2', address: labAddress(BLOCK, 12), port: 2222, passwordAuth: true },
      ],
      bmcs: [
        {
          name: 'b1',
          address: labAddress(BLOCK, 21),
          port: 623,
          user: 'admin',
          password: BMC_PASSWORD,
          power: 'off',
        },
      ],
    })
  })

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.close()))
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

  it('reports what the agent says when the BMC accepts a change but never makes it', async () => {
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
  })

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

  it('queues calls beyond maxChannels instead of failing', async () => {
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

  it('closes an idle connection and opens a new one when needed', async () => {
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

  it('logs in with a password', async () => {
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

  it('maps a wrong password and a wrong key to auth-failed', async () => {
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
    expect((err as Error).message).toMatch(/p1 \(fencepost-lab@127\.0\.21\.11:2222\)/)
  })

  it('maps an agent the proxy lacks to agent-missing, every time', async () => {
    // The shell's "not found", its exit status and the channel close can arrive in the same TCP
    // segment as the channel confirmation; a runner that wires its listeners late loses the exit
    // status (seen: 3 in 40 on fresh connections).
    const target = lab.proxy('p1').target()
    const codes = new Map<string, number>()
    for (let i = 0; i < 30; i++) {
      const r = runner()
      const code = await r
        .run(target, { agent: 'fence_nosuchagent', stdin: 'action=status\n', timeoutMs: 10_000 })
        .then(
          () => 'ok',
          (e: RunnerError) => e.code,
        )
      codes.set(code, (codes.get(code) ?? 0) + 1)
      await r.close()
    }
    expect(Object.fromEntries(codes)).toEqual({ 'agent-missing': 30 })
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

  it('never shows the BMC password in the process list or the sshd log', async () => {
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
