// The hedged fallback (DESIGN.md §5) through the real core with a scripted runner: a candidate
// whose SSH handshake hangs gets a head start, then the next one is connected in parallel; the
// agent runs once, on the first candidate in plan order that is ready. The real-sshd twin is
// test/lab/hedgedFallback.test.ts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FencingEvent, HedgedEvent } from '../../../../src-main/common/api'
import type { TopologyDocument } from '../../../../src-main/common/document'
import type { FencepostCore } from '../../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import type {
  AgentCall,
  AgentOutput,
  AgentRunner,
  RunTarget,
} from '../../../../src-main/core/runners/agentRunner'
import { RunnerError } from '../../../../src-main/core/runners/agentRunner'
import { oneHostLab } from '../fixtures/oneHostLab'

const HEDGE_MS = 100

/** How a machine's connection behaves. */
type Handshake =
  { kind: 'hang' } | { kind: 'ready'; afterMs: number } | { kind: 'fail'; afterMs: number }

interface ConnectRecord {
  machine: string
  at: number
  signal: AbortSignal | undefined
  settled: 'ready' | 'failed' | 'abandoned' | undefined
}

/**
 * A stand-in for the SSH runner: connections behave as scripted per machine, agents answer from
 * one power state. It refuses to run an agent on a machine whose connection is not ready, which is
 * the runner's contract the orchestrator must respect.
 */
class ScriptedRunner implements AgentRunner {
  handshakes = new Map<string, Handshake>()
  /** Machines whose agent answers with an error (exit 1). */
  failing = new Set<string>()
  power: 'on' | 'off' = 'off'
  connects: ConnectRecord[] = []
  runs: { machine: string; action: string }[] = []
  private readyMachines = new Set<string>()
  private started = Date.now()

  reset(): void {
    this.started = Date.now()
  }

  connect(target: RunTarget, signal?: AbortSignal): Promise<void> {
    const script = this.handshakes.get(target.machineId) ?? { kind: 'ready', afterMs: 0 }
    const record: ConnectRecord = {
      machine: target.machineId,
      at: Date.now() - this.started,
      signal,
      settled: undefined,
    }
    this.connects.push(record)
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined
      if (script.kind !== 'hang') {
        timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort)
          if (script.kind === 'ready') {
            record.settled = 'ready'
            this.readyMachines.add(target.machineId)
            resolve()
          } else {
            record.settled = 'failed'
            reject(new RunnerError('proxy-unreachable', `${target.name}: ECONNREFUSED`))
          }
        }, script.afterMs)
      }
      const onAbort = (): void => {
        clearTimeout(timer)
        record.settled = 'abandoned'
        reject(new RunnerError('cancelled', `${target.name}: connection abandoned`))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  async run(target: RunTarget, call: AgentCall): Promise<AgentOutput> {
    if (!this.readyMachines.has(target.machineId)) {
      throw new Error(`agent run on ${target.machineId} before its connection was ready`)
    }
    const action = /^action=(\w+)$/m.exec(call.stdin)?.[1] ?? '?'
    this.runs.push({ machine: target.machineId, action })
    if (this.failing.has(target.machineId)) {
      return { code: 1, stdout: '', stderr: 'Failed: Unable to obtain correct plug status' }
    }
    if (action === 'on' || action === 'off') {
      this.power = action
      return { code: 0, stdout: 'Success: Powered ON', stderr: '' }
    }
    return { code: this.power === 'on' ? 0 : 2, stdout: `Status: ${this.power}`, stderr: '' }
  }

  async close(): Promise<void> {}

  /** Machines the agent ran on with `action`. */
  ranOn(action: string): string[] {
    return this.runs.filter((r) => r.action === action).map((r) => r.machine)
  }
}

/** h1's BMC through p1, else p2, else p3 (standalone proxies, ids differ from names). */
const doc = (): TopologyDocument =>
  oneHostLab(
    [
      {
        id: 'bmc',
        type: 'ipmilan',
        order: 1,
        params: { ip: '10.0.0.9', username: 'admin', password: 'pw', lanplus: true },
        proxyPreferences: ['jump-1', 'jump-2', 'jump-3'],
      },
    ],
    {
      engine: { address: '127.0.0.1', canProxy: false },
      host: { name: 'host-one', canProxy: false },
      proxies: [1, 2, 3].map((n) => ({
        id: `p${n}`,
        name: `jump-${n}`,
        address: `127.0.0.${n + 10}`,
        cluster: 'c1',
        ssh: { port: 2222, user: 'fence', identityFile: '/nonexistent/key' },
      })),
    },
  )

let dataDir: string
let core: FencepostCore
let runner: ScriptedRunner
let events: FencingEvent[]

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fencepost-hedge-'))
  runner = new ScriptedRunner()
  core = await createNodeCore({
    dataDir,
    runner,
    fencingSettings: {
      agentTimeoutMs: 2_000,
      verifyRetries: 2,
      verifyDelayMs: 5,
      hedgeAfterMs: HEDGE_MS,
    },
  })
  events = []
  core.onEvent((e) => events.push(e))
})

afterEach(async () => {
  await core.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const hedges = (): HedgedEvent[] => events.filter((e): e is HedgedEvent => e.kind === 'hedged')
const on = () => core.runAction(doc(), { host: 'h1', action: 'on', dryRun: false })

describe('hedged fallback', () => {
  it('runs the agent once, on the second candidate, when the first never completes its handshake', async () => {
    runner.handshakes.set('p1', { kind: 'hang' })
    runner.handshakes.set('p2', { kind: 'ready', afterMs: 10 })
    runner.reset()
    const started = Date.now()
    const result = await on()
    expect(result).toMatchObject({ result: 'ok', power: 'on' })
    expect(runner.ranOn('on')).toEqual(['p2'])
    expect(runner.runs.every((r) => r.machine === 'p2')).toBe(true)
    // p2's connection was opened after p1's head start, not after p1's handshake timeout.
    expect(runner.connects.map((c) => c.machine)).toEqual(['p1', 'p2'])
    expect(runner.connects[1]!.at).toBeGreaterThanOrEqual(HEDGE_MS - 5)
    expect(Date.now() - started).toBeLessThan(HEDGE_MS + 1_000)
    expect(hedges()).toEqual([
      expect.objectContaining({
        device: 'bmc',
        action: 'on',
        slowProxy: 'jump-1',
        nextProxy: 'jump-2',
      }),
    ])
    expect(hedges()[0]!.afterMs).toBeGreaterThanOrEqual(HEDGE_MS - 5)
    // The result names the hung proxy and why it was passed over.
    expect(result.attempts[0]).toMatchObject({
      device: 'bmc',
      proxy: 'jump-1',
      action: 'on',
      outcome: 'proxy-unreachable',
      passedOverFor: 'jump-2',
    })
    expect(result.attempts[0]!.message).toMatch(
      /no SSH handshake after 0\.1 s; passed over for jump-2/,
    )
    expect(result.attempts[1]).toMatchObject({ proxy: 'jump-2', action: 'on', outcome: 'ok' })
    expect(result.attempts.filter((a) => a.action === 'on')).toHaveLength(2)
  })

  it('closes the abandoned connection: its connect is aborted when the action ends', async () => {
    runner.handshakes.set('p1', { kind: 'hang' })
    runner.handshakes.set('p2', { kind: 'ready', afterMs: 10 })
    await on()
    const p1 = runner.connects.find((c) => c.machine === 'p1')!
    expect(p1.signal?.aborted).toBe(true)
    expect(p1.settled).toBe('abandoned')
    expect(runner.connects.find((c) => c.machine === 'p2')!.settled).toBe('ready')
  })

  it('keeps plan order: a first candidate ready before the second still wins', async () => {
    runner.handshakes.set('p1', { kind: 'ready', afterMs: HEDGE_MS + 60 })
    runner.handshakes.set('p2', { kind: 'ready', afterMs: 400 })
    const result = await on()
    expect(result.result).toBe('ok')
    expect(hedges()).toHaveLength(1)
    expect(runner.runs.map((r) => r.machine)).toEqual(expect.arrayContaining(['p1']))
    expect(runner.runs.every((r) => r.machine === 'p1')).toBe(true)
    // No attempt for p2: it was never needed; its pending connection was dropped.
    expect(result.attempts.map((a) => a.proxy)).not.toContain('jump-2')
    expect(runner.connects.find((c) => c.machine === 'p2')!.settled).toBe('abandoned')
  })

  it('does not hedge when the first candidate is ready within its head start', async () => {
    runner.handshakes.set('p1', { kind: 'ready', afterMs: 5 })
    const result = await on()
    expect(result.result).toBe('ok')
    expect(hedges()).toEqual([])
    expect(runner.connects.map((c) => c.machine)).toEqual(['p1'])
  })

  it('hedges again when the second candidate hangs too, and names both passed over', async () => {
    runner.handshakes.set('p1', { kind: 'hang' })
    runner.handshakes.set('p2', { kind: 'hang' })
    runner.handshakes.set('p3', { kind: 'ready', afterMs: 5 })
    const result = await on()
    expect(result.result).toBe('ok')
    expect(hedges().map((h) => `${h.slowProxy}>${h.nextProxy}`)).toEqual([
      'jump-1>jump-2',
      'jump-2>jump-3',
    ])
    expect(runner.ranOn('on')).toEqual(['p3'])
    const passed = result.attempts.filter((a) => a.passedOverFor !== undefined)
    expect(passed.map((a) => `${a.proxy}>${a.passedOverFor}`)).toEqual([
      'jump-1>jump-3',
      'jump-2>jump-3',
    ])
    expect(runner.connects.filter((c) => c.settled === 'abandoned')).toHaveLength(2)
  })

  it('falls back at once, without hedging, when the first candidate refuses', async () => {
    runner.handshakes.set('p1', { kind: 'fail', afterMs: 2 })
    const result = await on()
    expect(result.result).toBe('ok')
    expect(hedges()).toEqual([])
    expect(result.attempts[0]).toMatchObject({ proxy: 'jump-1', outcome: 'proxy-unreachable' })
    expect(result.attempts[0]!.passedOverFor).toBeUndefined()
    expect(result.attempts[0]!.message).toContain('ECONNREFUSED')
    expect(runner.ranOn('on')).toEqual(['p2'])
  })

  it('tries a passed-over candidate after all when the one chosen instead fails', async () => {
    runner.handshakes.set('p1', { kind: 'ready', afterMs: 300 })
    runner.handshakes.set('p2', { kind: 'ready', afterMs: 5 })
    runner.handshakes.set('p3', { kind: 'hang' })
    runner.failing.add('p2')
    const result = await on()
    expect(result).toMatchObject({ result: 'ok', power: 'on' })
    expect(runner.ranOn('on')).toEqual(['p2', 'p1'])
    const onAttempts = result.attempts.filter((a) => a.action === 'on')
    expect(onAttempts.map((a) => `${a.proxy}:${a.outcome}`)).toEqual([
      'jump-1:proxy-unreachable',
      'jump-2:device-error',
      'jump-1:ok',
    ])
  })

  it('fails the device only when every candidate failed', async () => {
    runner.handshakes.set('p1', { kind: 'fail', afterMs: 250 })
    runner.handshakes.set('p2', { kind: 'fail', afterMs: 5 })
    runner.handshakes.set('p3', { kind: 'fail', afterMs: 5 })
    const result = await on()
    expect(result).toMatchObject({ result: 'failed', power: 'unknown' })
    expect(runner.runs).toEqual([])
    expect(result.attempts.map((a) => `${a.proxy}:${a.outcome}`).sort()).toEqual([
      'jump-1:proxy-unreachable',
      'jump-2:proxy-unreachable',
      'jump-3:proxy-unreachable',
    ])
    // p1 failed for real (after p2 and p3), it was never reported as passed over.
    expect(result.attempts.every((a) => a.passedOverFor === undefined)).toBe(true)
  })

  it('hedges a status action too', async () => {
    runner.handshakes.set('p1', { kind: 'hang' })
    runner.power = 'on'
    const result = await core.runAction(doc(), { host: 'h1', action: 'status', dryRun: false })
    expect(result).toMatchObject({ result: 'ok', power: 'on' })
    expect(runner.runs).toEqual([{ machine: 'p2', action: 'status' }])
    expect(hedges()).toHaveLength(1)
  })

  it('cancel during hedging ends the action at once and closes every pending connection', async () => {
    runner.handshakes.set('p1', { kind: 'hang' })
    runner.handshakes.set('p2', { kind: 'hang' })
    runner.handshakes.set('p3', { kind: 'hang' })
    const running = on()
    while (hedges().length === 0) await new Promise((r) => setTimeout(r, 5))
    const cancelledAt = Date.now()
    expect(core.orchestrator.cancel(doc(), 'h1')).toBe(true)
    const result = await running
    expect(Date.now() - cancelledAt).toBeLessThan(500)
    expect(result).toMatchObject({ result: 'cancelled' })
    expect(result.message).toMatch(/^cancelled — last known power: \S+ unknown$/)
    expect(runner.runs).toEqual([])
    expect(runner.connects.length).toBeGreaterThanOrEqual(2)
    expect(runner.connects.every((c) => c.settled === 'abandoned')).toBe(true)
    // The row opened for p1 is closed as cancelled, not left running.
    expect(result.attempts).toEqual([
      expect.objectContaining({ proxy: 'jump-1', outcome: 'cancelled' }),
    ])
  })

  it('test of all candidates runs each one directly: no hedging', async () => {
    // The test's calls go straight to run(); make every machine ready for the stand-in first.
    await Promise.all(
      ['p1', 'p2', 'p3'].map((id) =>
        runner.connect({ ...targetStub, machineId: id, name: id }, undefined),
      ),
    )
    runner.connects = []
    const results = await core.testHost(doc(), 'h1')
    expect(results.map((r) => r.proxyId).sort()).toEqual(['p1', 'p2', 'p3'])
    expect(runner.connects).toEqual([])
    expect(hedges()).toEqual([])
  })
})

const targetStub: RunTarget = {
  machineId: '',
  name: '',
  exec: 'ssh',
  host: '127.0.0.1',
  port: 22,
  user: 'fence',
}
