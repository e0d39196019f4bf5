// The fencing store on real actions: the demo lab stored, its simulated BMCs and proxies run by the
// real core, faults set in the simulated world.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import { setServices } from '../../../src-renderer/src/services'
import { useFencingStore } from '../../../src-renderer/src/stores/fencing'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { servicesOf, startCore } from '../support/coreApi'
import type { TestCore, TestCoreOptions } from '../support/coreApi'
import { demoDocument } from '../support/sampleLab'

let lab: TestCore

async function setup(options: TestCoreOptions = {}) {
  lab = await startCore({ stored: demoDocument(), ...options })
  setServices(servicesOf(lab))
  setActivePinia(createPinia())
  await useTopologyStore().load()
}

beforeEach(() => setActivePinia(createPinia()))

describe('fencing store', () => {
  it('follows live events into a timeline and keeps the result', async () => {
    await setup()
    // b2 is fenced through b1 first (its cluster), then the data center's hosts.
    lab.world.proxyDown('b1')
    const fencing = useFencingStore()
    const run = await fencing.run('b2', 'off', false)
    expect(run.state).toBe('ok')
    expect(run.runId).toMatch(/\S/)
    expect(run.rows[0]).toMatchObject({ proxy: 'b1', outcome: 'proxy-unreachable' })
    expect(run.rows[0]?.message).toMatch(/\S/)
    const worked = run.rows.find((r) => r.outcome === 'ok')
    expect(worked?.proxy).not.toBe('b1')
    expect(fencing.latestOf('b2')).toBe(run)
    expect(lab.argsOf('fencing.run')).toEqual([[{ host: 'b2', action: 'off', dryRun: false }]])
  })

  it('shows a running attempt until its outcome arrives, and allows Cancel', async () => {
    await setup({ fencingSettings: { agentTimeoutMs: 20_000 } })
    lab.world.slow('b2-bmc', 10_000)
    const fencing = useFencingStore()
    const done = fencing.run('b2', 'restart', false)
    await vi.waitFor(() => expect(fencing.runningOf('b2')?.rows[0]).toBeDefined())
    const running = fencing.runningOf('b2')
    expect(running?.state).toBe('running')
    expect(running?.rows[0]?.proxy).toBe('b1')
    expect(running?.rows[0]?.outcome).toBeUndefined()
    await expect(fencing.run('b2', 'status', false)).rejects.toThrow(/already running/)
    await fencing.cancel('b2')
    expect(lab.argsOf('fencing.cancel')).toEqual([['b2']])
    const run = await done
    expect(run.state).not.toBe('running')
    expect(run.rows[0]?.outcome).toBe('cancelled')
  })

  it('records a refused request as a failed run with the core’s reason', async () => {
    const doc: TopologyDocument = demoDocument()
    doc.hosts.find((h) => h.id === 'w2')!.powerManagement!.enabled = false
    await setup({ stored: doc })
    const fencing = useFencingStore()
    const run = await fencing.run('w2', 'status', false)
    expect(run.state).toBe('failed')
    expect(run.error).toBe('power management is not enabled for w2')
  })

  it('follows runs started elsewhere (another window)', async () => {
    await setup()
    lab.world.slow('b2-bmc', 300)
    const fencing = useFencingStore()
    fencing.ensureSubscribed()
    // Another window's action: the core's events reach this one, not its answer.
    const elsewhere = lab.core.api.fencing.run({ host: 'b2', action: 'status', dryRun: false })
    await vi.waitFor(() => expect(fencing.runningOf('b2')?.rows).toHaveLength(1))
    expect(fencing.runningOf('b2')?.rows[0]?.proxy).toBe('b1')
    expect(fencing.runningOf('b2')?.rows[0]?.outcome).toBeUndefined()
    expect((await elsewhere).result).toBe('ok')
    await vi.waitFor(() => expect(fencing.runningOf('b2')).toBeUndefined())
    expect(fencing.latestOf('b2')?.state).toBe('ok')
    expect(fencing.latestOf('b2')?.rows[0]?.outcome).toBe('ok')
    expect(lab.count('fencing.run')).toBe(0)
  })

  it("puts a hedge on the slow proxy's running row and closes it as passed over", async () => {
    // A hedge needs an SSH handshake that hangs, which the simulated lab has not: the events are
    // delivered as the core sends them over a real proxy pool.
    await setup()
    const fencing = useFencingStore()
    fencing.ensureSubscribed()
    lab.pushEvent({ kind: 'started', runId: 'h1', host: 'a1', action: 'on', dryRun: false })
    const started = { runId: 'h1', device: 'bmc', action: 'on' } as const
    lab.pushEvent({ kind: 'attempt-started', ...started, proxy: 'p1' })
    lab.pushEvent({ kind: 'hedged', ...started, slowProxy: 'p1', nextProxy: 'p2', afterMs: 1500 })
    const rows = () => fencing.runningOf('a1')!.rows
    expect(rows()).toEqual([
      expect.objectContaining({ proxy: 'p1', hedgedTo: 'p2', hedgedAfterMs: 1500 }),
    ])
    expect(rows()[0]!.outcome).toBeUndefined()
    lab.pushEvent({
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
    lab.pushEvent({ kind: 'hedged', ...started, slowProxy: 'p2', nextProxy: 'p3', afterMs: 1500 })
    expect(fencing.runningOf('a1')!.messages.map((m) => m.text)).toEqual([
      'bmc: p2 has not completed the SSH handshake after 1.5 s — connecting to p3 in parallel',
    ])
  })

  it('asks for the whole history without an argument', async () => {
    await setup()
    const fencing = useFencingStore()
    await fencing.loadHistory()
    expect(lab.argsOf('fencing.history')).toEqual([[]])
  })

  it('asks for the demo lab’s own history when the demo is on screen', async () => {
    await setup({ stored: null })
    expect(useTopologyStore().origin).toBe('demo')
    // A status run in the demo lab: in its history, not in the real lab's.
    await lab.core.api.fencing.run({ host: 'a2', action: 'status', dryRun: false, lab: 'demo' })
    const fencing = useFencingStore()
    await fencing.loadHistory()
    await fencing.loadHistory('a1')
    expect(lab.argsOf('fencing.history')).toEqual([
      [null, 'demo'],
      ['a1', 'demo'],
    ])
    expect(await lab.core.api.fencing.history()).toEqual([])
  })
})
