// Many hosts at once (DESIGN.md §8) through the real core and orchestrator, agents answered by a
// stand-in runner that records how many calls are open per proxy and in all: the limits hold, the
// results stream in order of completion, a cancel stops new launches and cancels running calls,
// a host another action holds is skipped, and test results land in the reachability store.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FencingEvent } from '../../../../src-main/common/api'
import type { BulkEvent, BulkHostEntry } from '../../../../src-main/common/bulk'
import { bulkTargets, progressBar } from '../../../../src-main/common/bulk'
import type { Host, TopologyDocument } from '../../../../src-main/common/document'
import type { FencepostCore } from '../../../../src-main/core/fencepostCore'
import { runScheduled } from '../../../../src-main/core/fencing/bulkScheduler'
import { createHostLocks, locksDir } from '../../../../src-main/core/locks/hostLocks'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import type {
  AgentCall,
  AgentRunner,
  RunTarget,
} from '../../../../src-main/core/runners/agentRunner'
import { RunnerError } from '../../../../src-main/core/runners/agentRunner'
import { STOCK_MAX_SESSIONS } from '../../../../src-main/core/runners/sshPool'

/** Calls open now and at most, per proxy and in all; how long each BMC takes to answer. */
class RecordingRunner implements AgentRunner {
  open = new Map<string, number>()
  peak = new Map<string, number>()
  total = 0
  peakTotal = 0
  starts: number[] = []
  delayOf: (bmc: string) => number = () => 20

  async run(target: RunTarget, call: AgentCall) {
    const proxy = target.machineId
    const bmc = /^ip=(.*)$/m.exec(call.stdin)?.[1] ?? ''
    this.starts.push(Date.now())
    this.open.set(proxy, (this.open.get(proxy) ?? 0) + 1)
    this.peak.set(proxy, Math.max(this.peak.get(proxy) ?? 0, this.open.get(proxy)!))
    this.peakTotal = Math.max(this.peakTotal, ++this.total)
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, this.delayOf(bmc))
        call.signal?.addEventListener('abort', () => {
          clearTimeout(timer)
          reject(new RunnerError('cancelled', 'cancelled'))
        })
      })
      if (bmc.startsWith('dead')) return { code: 1, stdout: '', stderr: 'Unable to connect' }
      return { code: 0, stdout: 'Status: ON\n', stderr: '' }
    } finally {
      this.open.set(proxy, this.open.get(proxy)! - 1)
      this.total--
    }
  }
  async close() {}
}

function host(id: string, cluster: string, bmcs: string[]): Host {
  return {
    id,
    name: `name-${id}`,
    address: `${id}.lab.example`,
    cluster,
    status: 'up',
    canProxy: false,
    powerManagement: {
      enabled: true,
      proxyPreferences: ['cluster'],
      devices: bmcs.map((ip, i) => ({
        id: `bmc${i + 1}`,
        type: 'ipmilan',
        order: 1,
        params: { ip, username: 'admin', password: 'pw' },
      })),
    },
  }
}

/** c1: proxies p1, p2 and 24 hosts; c2: proxy p3 and 12 hosts; every host two BMCs. */
function lab(): TopologyDocument {
  const hosts: Host[] = []
  for (let i = 0; i < 24; i++) hosts.push(host(`a${i}`, 'c1', [`a${i}-1`, `a${i}-2`]))
  for (let i = 0; i < 12; i++) hosts.push(host(`b${i}`, 'c2', [`b${i}-1`, `b${i}-2`]))
  const proxy = (id: string, cluster: string) => ({
    id,
    name: id,
    address: `${id}.lab.example`,
    cluster,
  })
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: false, exec: 'local' },
    dataCenters: [{ id: 'dc1', name: 'dc1' }],
    clusters: [
      { id: 'c1', name: 'c1', dataCenter: 'dc1' },
      { id: 'c2', name: 'c2', dataCenter: 'dc1' },
    ],
    hosts,
    proxies: [proxy('p1', 'c1'), proxy('p2', 'c1'), proxy('p3', 'c2')],
  }
}

let dataDir = ''
let core: FencepostCore
let runner: RecordingRunner
let events: FencingEvent[]

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fencepost-bulk-'))
  runner = new RecordingRunner()
  core = await createNodeCore({
    dataDir,
    runner,
    fencingSettings: { agentTimeoutMs: 2_000, verifyRetries: 0, verifyDelayMs: 10 },
  })
  events = []
  core.onEvent((e) => events.push(e))
})

afterEach(async () => {
  await core.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('bulk test', () => {
  it('stays within the per-proxy and overall limits and stores every result', async () => {
    const doc = lab()
    const result = await core.runBulk(doc, {
      action: 'test',
      hostIds: bulkTargets(doc, 'test'),
      concurrency: 16,
    })
    expect(result.result).toBe('ok')
    expect(result.progress).toEqual({ done: 36, total: 36, failed: 0, skipped: 0 })
    for (const [proxy, peak] of runner.peak) {
      expect(peak, proxy).toBeLessThanOrEqual(STOCK_MAX_SESSIONS)
    }
    expect(runner.peakTotal).toBeLessThanOrEqual(16)
    // Concurrency really happened: more than one host's calls at once on a proxy.
    expect(runner.peak.get('p1')).toBeGreaterThan(2)
    // 36 hosts × 2 devices × their cluster's proxies (c1: 2, c2: 1).
    expect(core.reachability()).toHaveLength(24 * 2 * 2 + 12 * 2)
    const bulk = events.filter((e): e is BulkEvent => e.kind === 'bulk')
    // Started, one per host, then the finished one.
    expect(bulk.map((e) => e.progress.done)).toEqual([...Array(37).keys(), 36])
    expect(bulk.at(-1)!.finished?.result).toBe('ok')
  })

  it('with a high overall limit, the per-proxy limit holds (a stock sshd refuses the 11th)', async () => {
    const doc = lab()
    await core.runBulk(doc, { action: 'test', hostIds: bulkTargets(doc, 'test'), concurrency: 64 })
    for (const [proxy, peak] of runner.peak) {
      expect(peak, proxy).toBeLessThanOrEqual(STOCK_MAX_SESSIONS)
    }
    // It binds: five c1 hosts (two calls each on p1) at once, not sixteen.
    expect(runner.peak.get('p1')).toBe(STOCK_MAX_SESSIONS)
    expect(runner.peakTotal).toBeGreaterThan(16)
  })

  it('a lower overall limit holds too', async () => {
    const doc = lab()
    await core.runBulk(doc, { action: 'test', hostIds: bulkTargets(doc, 'test'), concurrency: 4 })
    expect(runner.peakTotal).toBeLessThanOrEqual(4)
    expect(runner.peakTotal).toBeGreaterThan(1)
  })

  it('streams each host as it ends, in order of completion, before the run ends', async () => {
    const doc = lab()
    runner.delayOf = (bmc) => (bmc.startsWith('a0-') ? 300 : bmc.startsWith('b') ? 5 : 60)
    const seen: { host: string; at: number }[] = []
    const result = await core.runBulk(doc, {
      action: 'test',
      hostIds: ['a0', 'a1', 'b0', 'b1'],
      onEntry: (entry) => seen.push({ host: entry.hostId, at: Date.now() }),
    })
    expect(seen.map((s) => s.host)).toEqual(result.hosts.map((h) => h.hostId))
    expect(seen.at(-1)!.host).toBe('a0')
    expect(new Set(seen.slice(0, 2).map((s) => s.host))).toEqual(new Set(['b0', 'b1']))
    expect(seen[0]!.at).toBeLessThan(seen.at(-1)!.at - 100)
  })

  it('reports failed hosts with the reason and stores the failure for the planner', async () => {
    const doc = lab()
    doc.hosts[1]!.powerManagement!.devices[0]!.params.ip = 'dead-bmc'
    const result = await core.runBulk(doc, { action: 'test', hostIds: ['a0', 'a1'] })
    expect(result.result).toBe('failed')
    const a1 = result.hosts.find((h) => h.hostId === 'a1')!
    expect(a1).toMatchObject({ host: 'name-a1', outcome: 'failed' })
    expect(a1.reason).toMatch(/^bmc1 via p\d: .*Unable to connect/)
    const stored = core.reachability().filter((r) => r.hostId === 'a1' && r.deviceId === 'bmc1')
    expect(stored.map((r) => r.ok)).toEqual([false, false])
  })

  it('cancel: no call starts after it, running calls are cancelled, nothing cancelled is stored', async () => {
    const doc = lab()
    runner.delayOf = () => 200
    const controller = new AbortController()
    const entries: BulkHostEntry[] = []
    const running = core.runBulk(doc, {
      action: 'test',
      hostIds: bulkTargets(doc, 'test'),
      signal: controller.signal,
      onEntry: (e) => entries.push(e),
    })
    await new Promise((r) => setTimeout(r, 50))
    const startedBefore = runner.starts.length
    expect(startedBefore).toBeGreaterThan(0)
    const abortedAt = Date.now()
    controller.abort()
    const result = await running
    expect(runner.starts.filter((t) => t > abortedAt)).toEqual([])
    expect(result.result).toBe('cancelled')
    expect(result.progress.done).toBe(36)
    const ran = result.hosts.filter((h) => h.reason === 'cancelled while running')
    const notRun = result.hosts.filter((h) => h.reason === 'cancelled before it started')
    expect(ran.length).toBeGreaterThan(0)
    expect(notRun.length).toBeGreaterThan(0)
    expect(ran.length + notRun.length).toBe(36)
    expect(core.reachability()).toEqual([])
    expect(runner.total).toBe(0)
  })

  it('skips a host another process holds, naming the holder, and runs the rest', async () => {
    const doc = lab()
    const other = createHostLocks({ dir: locksDir(dataDir), who: 'Fencepost app' })
    const held = other.acquire({ hostId: 'a1', host: 'name-a1', action: 'off' })
    try {
      const result = await core.runBulk(doc, { action: 'test', hostIds: ['a0', 'a1'] })
      const a1 = result.hosts.find((h) => h.hostId === 'a1')!
      expect(a1.outcome).toBe('skipped')
      expect(a1.reason).toMatch(/name-a1 is busy: off by Fencepost app/)
      expect(result.hosts.find((h) => h.hostId === 'a0')!.outcome).toBe('ok')
      expect(result.progress).toMatchObject({ done: 2, skipped: 1, failed: 0 })
      expect(result.result).toBe('failed')
    } finally {
      held.release()
    }
  })
})

describe('bulk status', () => {
  it('reports each host’s power within the limits and records it in history', async () => {
    const doc = lab()
    const result = await core.runBulk(doc, {
      action: 'status',
      hostIds: bulkTargets(doc, 'status'),
    })
    expect(result.result).toBe('ok')
    expect(result.hosts.every((h) => h.power === 'on' && h.result?.action === 'status')).toBe(true)
    for (const peak of runner.peak.values()) expect(peak).toBeLessThanOrEqual(STOCK_MAX_SESSIONS)
    expect(core.history.read()).toHaveLength(36)
  })
})

describe('scheduler', () => {
  it('runs a job that alone needs more than the limit once nothing else holds its proxy', async () => {
    const order: string[] = []
    const job = (name: string, n: number, ms: number) => ({
      demand: new Map([['p', n]]),
      run: async () => {
        order.push(`start ${name}`)
        await new Promise((r) => setTimeout(r, ms))
        order.push(`end ${name}`)
        return name
      },
    })
    await runScheduled(
      [job('small', 2, 30), job('big', 12, 5)],
      { perProxy: 10, overall: 16 },
      () => {},
    )
    expect(order).toEqual(['start small', 'end small', 'start big', 'end big'])
  })

  it('draws the terminal bar', () => {
    expect(progressBar({ done: 12, total: 40, failed: 3, skipped: 0 })).toBe(
      '[###-------] 12/40 hosts, 3 failed',
    )
    expect(progressBar({ done: 0, total: 0, failed: 0, skipped: 0 })).toBe('[##########] 0/0 hosts')
  })
})
