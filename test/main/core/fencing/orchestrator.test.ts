// The orchestrator against the real plugin registry and the in-process simulated BMC world: group
// semantics, proxy and group fallback, verification, dry run, lock, cancellation, history.
import { describe, expect, it } from 'vitest'
import { demoDocument, useDemoCore } from '../fixtures/demoCore'

const sim = useDemoCore({ prefix: 'fencepost-orch-', world: { unreachableMs: 20, slowMs: 50 } })

const power = (bmc: string): string | undefined =>
  sim.world.snapshot().bmcs.find((b) => b.bmc === bmc)?.power

describe('status', () => {
  it('reports on through the first candidate of the plan', async () => {
    const result = await sim.run('a2', 'status')
    expect(result).toMatchObject({ host: 'a2', action: 'status', result: 'ok', power: 'on' })
    expect(result.attempts).toEqual([
      expect.objectContaining({ device: 'bmc', proxy: 'a1', action: 'status', outcome: 'ok' }),
    ])
  })

  it('of a dual power supply is on if any supply is on, off only if all are off', async () => {
    sim.world.setPower('a1-psu1', 'off')
    expect((await sim.run('a1', 'status')).power).toBe('on')
    sim.world.setPower('a1-psu2', 'off')
    expect((await sim.run('a1', 'status')).power).toBe('off')
  })

  it('is never off when a device is unreachable: it falls to the next group', async () => {
    sim.world.setPower('a1-psu1', 'off')
    sim.world.fail('a1-psu2', 'Unable to connect')
    sim.world.setPower('pdu-east', 'on')
    const result = await sim.run('a1', 'status')
    expect(result.power).toBe('on')
    expect(result.attempts.at(-1)).toMatchObject({ device: 'pdu', outcome: 'ok', power: 'on' })
  })
})

describe('off / on / restart', () => {
  it('powers both supplies of a dual power supply off together, verified', async () => {
    const result = await sim.run('a1', 'off')
    expect(result).toMatchObject({ result: 'ok', power: 'off' })
    expect(power('a1-psu1')).toBe('off')
    expect(power('a1-psu2')).toBe('off')
    expect(sim.world.snapshot().log.filter((c) => c.bmc === 'pdu-east')).toEqual([])
    const verified = result.attempts.filter((a) => a.action === 'status' && a.power === 'off')
    expect(verified.map((a) => a.device).sort()).toEqual(['psu1', 'psu2'])
  })

  it('falls back to the next proxy when the first is down, and says so', async () => {
    sim.world.proxyDown('a1')
    const result = await sim.run('a2', 'off')
    expect(result.result).toBe('ok')
    expect(result.attempts[0]).toMatchObject({ proxy: 'a1', outcome: 'proxy-unreachable' })
    expect(result.attempts[1]).toMatchObject({ proxy: 'jump1', action: 'off', outcome: 'ok' })
    expect(power('a2-bmc')).toBe('off')
  })

  it('falls back to the next device group when a device of the first fails on every proxy', async () => {
    sim.world.fail('a1-psu2', 'Unable to obtain correct plug status')
    const result = await sim.run('a1', 'off')
    expect(result.result).toBe('ok')
    expect(power('pdu-east')).toBe('off')
    const psu2 = result.attempts.filter((a) => a.device === 'psu2')
    expect(psu2.length).toBeGreaterThan(1)
    expect(psu2.every((a) => a.outcome === 'device-error')).toBe(true)
    expect(psu2[0]?.message).toContain('Unable to obtain correct plug status')
    expect(sim.events.some((e) => e.kind === 'message' && e.text.includes('order 2'))).toBe(true)
  })

  it('fails when the state is never confirmed (the BMC ignores the command)', async () => {
    sim.world.ignore('b1-bmc')
    const result = await sim.run('b1', 'off')
    expect(result).toMatchObject({ result: 'failed', power: 'unknown' })
    expect(power('b1-bmc')).toBe('on')
    expect(result.message).toMatch(/off failed/)
  })

  it('restart is off (verified) then on (verified), never the agent reboot', async () => {
    const result = await sim.run('w1', 'restart')
    expect(result).toMatchObject({ result: 'ok', power: 'on' })
    const actions = result.attempts.map((a) => `${a.action}:${a.power ?? ''}`)
    expect(actions[0]).toBe('off:')
    expect(actions).toContain('status:off')
    expect(actions.indexOf('on:')).toBeGreaterThan(actions.indexOf('status:off'))
    expect(actions.at(-1)).toBe('status:on')
    expect(sim.world.snapshot().log.map((c) => c.action)).not.toContain('reboot')
  })

  it('times out a dead BMC within the configured bound', async () => {
    sim.world.kill('w2-bmc')
    const started = Date.now()
    const result = await sim.run('w2', 'status')
    expect(result.result).toBe('failed')
    expect(result.attempts.every((a) => a.outcome === 'timeout')).toBe(true)
    // one attempt per candidate, each bounded by agentTimeoutMs (1 s)
    expect(Date.now() - started).toBeLessThan(1_000 * result.attempts.length + 2_000)
  })
})

describe('dry run, lock, cancel, history', () => {
  it('a dry run lists proxies and the exact stdin with secrets as ***, and executes nothing', async () => {
    const doc = demoDocument()
    doc.hosts[1]!.powerManagement!.devices[0] = {
      id: 'bmc',
      type: 'ipmilan',
      order: 1,
      params: { ip: '10.9.0.2', username: 'admin', password: 's3cret-pw', lanplus: true },
    }
    const result = await sim.run('a2', 'restart', { doc: doc, dryRun: true })
    expect(result.attempts).toEqual([])
    expect(result.dryRunSteps?.map((s) => s.action)).toEqual(['off', 'on'])
    expect(result.dryRunSteps?.[0]?.proxies).toEqual(['a1', 'jump1', 'engine'])
    // The device's own values, then the manifest default of each parameter it leaves unset.
    expect(result.dryRunSteps?.[0]?.stdin).toBe(
      'action=off\nip=10.9.0.2\nusername=admin\npassword=***\nlanplus=1\n' +
        'ipport=623\nmethod=onoff\nprivlvl=administrator\nipmitool_timeout=2\nlogin_timeout=5\n' +
        'power_timeout=20\npower_wait=2\nshell_timeout=3\n',
    )
    expect(JSON.stringify(result)).not.toContain('s3cret-pw')
    expect(sim.world.snapshot().log).toEqual([])
  })

  it('refuses a second action on the same host while one runs, and cancels', async () => {
    sim.world.slow('b1-bmc', 5_000)
    const first = sim.run('b1', 'off')
    await new Promise((r) => setTimeout(r, 30))
    await expect(sim.run('b1', 'status')).rejects.toThrow(
      /^b1 is busy: off by fencepost CLI \(pid \d+\) since \d\d:\d\d:\d\d$/,
    )
    expect(sim.core.orchestrator.cancel(demoDocument(), 'b1')).toBe(true)
    const result = await first
    expect(result).toMatchObject({
      result: 'cancelled',
      message: 'cancelled — last known power: bmc unknown',
    })
    expect(result.attempts[0]?.outcome).toBe('cancelled')
    // the host is free again
    sim.world.clearFault('b1-bmc')
    expect((await sim.run('b1', 'status')).result).toBe('ok')
  })

  it('appends every action to the history with redacted stdin only', async () => {
    const doc = demoDocument()
    await sim.run('a2', 'status', { doc: doc })
    await sim.run('a2', 'off', { doc: doc, dryRun: true })
    const entries = sim.core.history.read('a2')
    expect(entries.map((e) => [e.action, e.dryRun])).toEqual([
      ['off', true],
      ['status', false],
    ])
    expect(entries[1]?.attempts[0]?.stdin).toBe('action=status\nbmc=a2-bmc\n')
    // each attempt keeps its own start time, so a history timeline shows when it happened
    const startedAt = Date.parse(entries[1]?.attempts[0]?.startedAt ?? '')
    expect(startedAt).toBeLessThanOrEqual(Date.parse(entries[1]!.at))
    expect(Date.parse(entries[1]!.at) - startedAt).toBeLessThan(60_000)
  })

  it('streams events: started, attempt-started, attempt, finished', async () => {
    await sim.run('a2', 'status')
    expect(sim.events.map((e) => e.kind)).toEqual([
      'started',
      'attempt-started',
      'attempt',
      'finished',
    ])
  })

  it('test runs status through every candidate and the planner then prefers proven proxies', async () => {
    sim.world.cutOff('a2-bmc', 'a1')
    const results = await sim.core.testHost(demoDocument(), 'a2')
    expect(results.map((r) => [r.proxyId, r.ok])).toEqual([
      ['a1', false],
      ['jump1', true],
      ['engine', true],
    ])
    const plan = sim.core.plan(demoDocument(), 'a2')
    expect(plan.devices[0]?.candidates.map((c) => [c.proxy, c.reach])).toEqual([
      ['jump1', 'ok'],
      ['a1', 'failed'],
      ['engine', 'ok'],
    ])
  })
})
