import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { setServices } from '../../../src-renderer/src/services'
import { useFencingStore } from '../../../src-renderer/src/stores/fencing'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { createFakeApi, fakeServices } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

let fake: FakeApi

beforeEach(async () => {
  fake = createFakeApi()
  setServices(fakeServices(fake))
  setActivePinia(createPinia())
  await useTopologyStore().load()
})

describe('fencing store', () => {
  it('follows live events into a timeline and keeps the result', async () => {
    fake.script = {
      attempts: [
        {
          device: 'psu1',
          proxy: 'a2',
          action: 'off',
          outcome: 'proxy-unreachable',
          ms: 3,
          message: 'ECONNREFUSED',
        },
        { device: 'psu1', proxy: 'engine', action: 'off', outcome: 'ok', ms: 80 },
      ],
    }
    const fencing = useFencingStore()
    const run = await fencing.run('a1', 'off', false)
    expect(run.runId).toBe('run-1')
    expect(run.state).toBe('ok')
    expect(run.rows.map((r) => [r.proxy, r.outcome])).toEqual([
      ['a2', 'proxy-unreachable'],
      ['engine', 'ok'],
    ])
    expect(run.rows[0]?.message).toBe('ECONNREFUSED')
    expect(fencing.latestOf('a1')).toBe(run)
    expect(fake.calls.find((c) => c.method === 'fencing.run')?.args[0]).toEqual({
      host: 'a1',
      action: 'off',
      dryRun: false,
    })
  })

  it('shows a running attempt until its outcome arrives, and allows Cancel', async () => {
    fake.script = { attempts: [], hold: true }
    const fencing = useFencingStore()
    const done = fencing.run('a1', 'restart', false)
    await Promise.resolve()
    const running = fencing.runningOf('a1')
    expect(running?.state).toBe('running')
    fake.emit({
      kind: 'attempt-started',
      runId: running!.runId,
      device: 'psu1',
      proxy: 'a2',
      action: 'off',
    })
    expect(running?.rows[0]?.outcome).toBeUndefined()
    await expect(fencing.run('a1', 'status', false)).rejects.toThrow(/already running/)
    await fencing.cancel('a1')
    expect(fake.calls.some((c) => c.method === 'fencing.cancel' && c.args[0] === 'a1')).toBe(true)
    const run = await done
    expect(run.state).not.toBe('running')
    expect(run.rows[0]?.outcome).toBe('cancelled')
  })

  it('records a refused request as a failed run with the reason', async () => {
    fake.api.fencing.run = async () => {
      throw new Error('a power action is already running on a1')
    }
    const fencing = useFencingStore()
    const run = await fencing.run('a1', 'status', false)
    expect(run.state).toBe('failed')
    expect(run.error).toContain('already running')
  })

  it('follows runs started elsewhere (another window)', () => {
    const fencing = useFencingStore()
    fencing.ensureSubscribed()
    fake.emit({ kind: 'started', runId: 'x1', host: 'a1', action: 'status', dryRun: false })
    fake.emit({
      kind: 'attempt',
      runId: 'x1',
      attempt: { device: 'psu1', proxy: 'a2', action: 'status', outcome: 'ok', ms: 5, power: 'on' },
    })
    expect(fencing.runningOf('a1')?.rows).toHaveLength(1)
    fake.emit({
      kind: 'finished',
      runId: 'x1',
      result: { host: 'a1', action: 'status', result: 'ok', power: 'on', attempts: [] },
    })
    expect(fencing.runningOf('a1')).toBeUndefined()
    expect(fencing.latestOf('a1')?.state).toBe('ok')
  })

  it("puts a hedge on the slow proxy's running row and closes it as passed over", () => {
    const fencing = useFencingStore()
    fencing.ensureSubscribed()
    fake.emit({ kind: 'started', runId: 'h1', host: 'a1', action: 'on', dryRun: false })
    const started = { runId: 'h1', device: 'bmc', action: 'on' } as const
    fake.emit({ kind: 'attempt-started', ...started, proxy: 'p1' })
    fake.emit({ kind: 'hedged', ...started, slowProxy: 'p1', nextProxy: 'p2', afterMs: 1500 })
    const rows = () => fencing.runningOf('a1')!.rows
    expect(rows()).toEqual([
      expect.objectContaining({ proxy: 'p1', hedgedTo: 'p2', hedgedAfterMs: 1500 }),
    ])
    expect(rows()[0]!.outcome).toBeUndefined()
    fake.emit({
      kind: 'attempt',
      runId: 'h1',
      attempt: {
        device: 'bmc',
        proxy: 'p1',
        action: 'on',
        outcome: 'proxy-unreachable',
        ms: 1510,
        passedOverFor: 'p2',
      },
    })
    expect(rows()).toHaveLength(1)
    expect(rows()[0]).toMatchObject({ outcome: 'proxy-unreachable', passedOverFor: 'p2' })
    // A hedge from a proxy without a row of its own (itself connected beside) is a message.
    fake.emit({ kind: 'hedged', ...started, slowProxy: 'p2', nextProxy: 'p3', afterMs: 1500 })
    expect(fencing.runningOf('a1')!.messages.map((m) => m.text)).toEqual([
      'bmc: p2 has not completed the SSH handshake after 1.5 s — connecting to p3 in parallel',
    ])
  })

  it('asks for the whole history without an argument', async () => {
    const fencing = useFencingStore()
    await fencing.loadHistory()
    expect(fake.calls.find((c) => c.method === 'fencing.history')?.args).toEqual([])
  })

  it('asks for the demo lab’s own history when the demo is on screen', async () => {
    fake = createFakeApi({ origin: 'demo' })
    setServices(fakeServices(fake))
    setActivePinia(createPinia())
    await useTopologyStore().load()
    const fencing = useFencingStore()
    await fencing.loadHistory()
    await fencing.loadHistory('a1')
    expect(fake.calls.filter((c) => c.method === 'fencing.history').map((c) => c.args)).toEqual([
      [null, 'demo'],
      ['a1', 'demo'],
    ])
  })
})
