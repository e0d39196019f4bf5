// The time budget (DESIGN.md §8, common/budget.ts) against real actions: the lab's sshd proxies,
// fence_ipmilan and ipmi_sim, with faults that make the engine fall back — a hung proxy (hedged
// past), a stopped proxy and a BMC that accepts off but never powers off (group fallback), a BMC
// that never answers (agent timeouts). Each action's real duration must lie within the budget
// the plan gives for it, computed from the core's own plan and stored settings.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import type { AppSettings } from '../../src-main/common/api'
import { budgetDevicesOf, hostBudget } from '../../src-main/common/budget'
import type { Budget } from '../../src-main/common/budget'
import type { TopologyDocument } from '../../src-main/common/document'
import type { ActionResult, PowerAction } from '../../src-main/common/fencing'
import { DEFAULT_SETTINGS } from '../../src-main/common/settings'
import type { FencepostCore } from '../../src-main/core/fencepostCore'
import { createNodeCore } from '../../src-main/core/nodeCore'
import { type Lab, labAddress, labBmcSpec, labUnavailable, startLab } from './lab'
import { labTopology, type LabHostSpec } from './labTopology'
import { describeWithParts } from '../support/requiredParts'

const skip = labUnavailable()
const BLOCK = 50
/** Short timeouts, so a run that falls back through them stays short; stored as the settings. */
const SETTINGS: AppSettings = {
  ...DEFAULT_SETTINGS,
  fencing: {
    ...DEFAULT_SETTINGS.fencing,
    // Long enough for a working call on a loaded test machine, short enough to wait for twice.
    agentTimeoutMs: 5_000,
    verifyRetries: 3,
    verifyDelayMs: 200,
    hedgeAfterMs: 1_500,
  },
}

const dataRoot = mkdtempSync(join(tmpdir(), 'fencepost-budget-lab-'))
const cores: FencepostCore[] = []

afterAll(() => {
  rmSync(dataRoot, { recursive: true, force: true })
})

/** `off bmc@p1: proxy-unreachable`, `status bmc@p2: ok (off)`. */
const brief = (result: ActionResult): string[] =>
  result.attempts.map(
    (a) =>
      `${a.action} ${a.device}@${a.proxy}: ${a.outcome}${a.outcome === 'ok' && a.power ? ` (${a.power})` : ''}`,
  )

describeWithParts(skip, 'the time budget holds for real actions with faults', () => {
  let lab: Lab

  beforeAll(async () => {
    lab = await startLab({
      proxies: [11, 12, 13].map((n, i) => ({
        name: `p${i + 1}`,
        address: labAddress(BLOCK, n),
        port: 2222,
      })),
      bmcs: [labBmcSpec(BLOCK, 21, 'b1', 'b1-pw'), labBmcSpec(BLOCK, 22, 'b2', 'b2-pw')],
    })
    // Warm the agent's files into the page cache: a cold Python start is not what is measured.
    const { core, doc } = await newLabCore(
      [{ id: 'w', devices: [{ id: 'bmc', bmc: 'b1', proxyPreferences: ['p1', 'p2', 'p3'] }] }],
      { ...SETTINGS, fencing: { ...SETTINGS.fencing, agentTimeoutMs: 30_000 } },
    )
    const warm = await core.testHost(doc, 'w')
    if (warm.length !== 3 || !warm.every((r) => r.ok)) {
      throw new Error(`lab not ready: ${JSON.stringify(warm)}`)
    }
    await Promise.all(cores.splice(0).map((c) => c.close()))
  })

  beforeEach(() => {
    for (const b of lab.bmcs) {
      b.setPower('on')
      b.setFault('none')
    }
  })

  afterEach(async () => {
    await Promise.all(cores.splice(0).map((c) => c.close()))
    await Promise.all(lab.proxies.map((p) => p.start()))
  })

  afterAll(async () => {
    await lab?.stop()
  })

  /** A core over a fresh data folder with `settings` stored, and `hosts` over the lab. */
  async function newLabCore(
    hosts: LabHostSpec[],
    settings: AppSettings = SETTINGS,
  ): Promise<{ core: FencepostCore; doc: TopologyDocument }> {
    const core = await createNodeCore({ dataDir: mkdtempSync(join(dataRoot, 'data-')) })
    cores.push(core)
    await core.api.settings.set(settings)
    const checked = core.validate(labTopology(lab, { hosts }))
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues, null, 2))
    return { core, doc: checked.document }
  }

  /** Runs `action` and returns it with its real duration and the budget its plan gives. */
  async function timed(
    core: FencepostCore,
    doc: TopologyDocument,
    host: string,
    action: PowerAction,
  ): Promise<{ result: ActionResult; ms: number; budget: Budget }> {
    // The budget from what the core has: its plan of the host and its stored settings.
    const budget = hostBudget(
      budgetDevicesOf(core.plan(doc, host)),
      action,
      await core.api.settings.get(),
    )
    const started = performance.now()
    const result = await core.runAction(doc, { host, action, dryRun: false })
    const ms = performance.now() - started
    console.log(
      `${action} ${host}: ${Math.round(ms)} ms within [${budget.bestMs}, ${budget.worstMs}]\n  ` +
        result.attempts
          .map((a) => `${a.action} ${a.device}@${a.proxy} ${a.outcome} ${a.ms} ms`)
          .join('\n  '),
    )
    return { result, ms, budget }
  }

  function expectWithin(ms: number, budget: Budget): void {
    expect(budget.bestMs).toBeLessThanOrEqual(budget.worstMs)
    expect(ms).toBeGreaterThanOrEqual(budget.bestMs)
    expect(ms).toBeLessThanOrEqual(budget.worstMs)
  }

  it('restart past a hung first proxy (hedged): within the budget', async () => {
    const { core, doc } = await newLabCore([
      { id: 'h1', devices: [{ id: 'bmc', bmc: 'b1', proxyPreferences: ['p1', 'p2'] }] },
    ])
    const p1 = lab.proxy('p1')
    const pid = p1.pid()!
    process.kill(pid, 'SIGSTOP')
    let run
    try {
      run = await timed(core, doc, 'h1', 'restart')
    } finally {
      process.kill(pid, 'SIGCONT')
    }
    expect(run.result).toMatchObject({ result: 'ok', power: 'on' })
    expect(brief(run.result)).toContain('off bmc@p2: ok')
    expect(run.result.attempts.some((a) => a.proxy === 'p1' && a.passedOverFor === 'p2')).toBe(true)
    expectWithin(run.ms, run.budget)
  })

  it('off through a stopped proxy, a BMC that never powers off, then the next group', async () => {
    const { core, doc } = await newLabCore([
      {
        id: 'h2',
        devices: [
          { id: 'bmc', bmc: 'b1', order: 1, proxyPreferences: ['p1', 'p2'] },
          { id: 'pdu', bmc: 'b2', order: 2, proxyPreferences: ['p3'] },
        ],
      },
    ])
    await lab.proxy('p1').stop()
    lab.bmc('b1').setFault('ignore')
    const run = await timed(core, doc, 'h2', 'off')
    expect(run.result).toMatchObject({ result: 'ok', power: 'off' })
    const attempts = brief(run.result)
    expect(attempts[0]).toBe('off bmc@p1: proxy-unreachable')
    // fence_ipmilan waits for the power to change (its own power_timeout), so the outer timeout
    // ends it — or, were the agent quicker, the verify polls still see on: the device fails.
    const second = run.result.attempts.filter((a) => a.device === 'bmc' && a.proxy === 'p2')
    expect(second.length).toBeGreaterThan(0)
    expect(second.some((a) => a.action === 'status' && a.power === 'off')).toBe(false)
    expect(
      second.some((a) => a.action === 'off' && a.outcome !== 'ok') || second.length === 5,
    ).toBe(true)
    expect(attempts.slice(-2)).toEqual(['off pdu@p3: ok', 'status pdu@p3: ok (off)'])
    expect(await lab.bmc('b2').power()).toBe('off')
    expectWithin(run.ms, run.budget)
  })

  it('status of a BMC that never answers: agent timeouts, then the next group', async () => {
    const { core, doc } = await newLabCore([
      {
        id: 'h3',
        devices: [
          {
            id: 'bmc',
            bmc: 'b1',
            order: 1,
            proxyPreferences: ['p2', 'p3'],
            // Nothing listens there: ipmitool waits for an answer that never comes.
            params: { ip: labAddress(BLOCK, 29) },
          },
          { id: 'pdu', bmc: 'b2', order: 2, proxyPreferences: ['p3'] },
        ],
      },
    ])
    const run = await timed(core, doc, 'h3', 'status')
    expect(run.result).toMatchObject({ result: 'ok', power: 'on' })
    const attempts = brief(run.result)
    expect(attempts.slice(0, 2).map((a) => a.replace(/: .*/, ''))).toEqual([
      'status bmc@p2',
      'status bmc@p3',
    ])
    expect(attempts.slice(0, 2).every((a) => !a.endsWith(': ok'))).toBe(true)
    expect(attempts.at(-1)).toBe('status pdu@p3: ok (on)')
    expectWithin(run.ms, run.budget)
  })
})
