import { describe, expect, it } from 'vitest'
import type { AppSettings } from '../../../src-main/common/api'
import {
  AGENT_CALL_FLOOR_MS,
  BUDGET_ACTIONS,
  SSH_CONNECT_FLOOR_MS,
  budgetWords,
  durationWords,
  hostBudget,
  overBudget,
  overBudgetWords,
  planBudget,
} from '../../../src-main/common/budget'
import type { BudgetDevice } from '../../../src-main/common/budget'
import { DEFAULT_SETTINGS } from '../../../src-main/common/settings'
import { SSH_CONNECT_TIMEOUT_MS } from '../../../src-main/common/sshTimeouts'

/** Settings with the given fencing times (round numbers, so the sums can be checked by hand). */
function settings(fencing: Partial<AppSettings['fencing']> = {}): AppSettings {
  return {
    ...DEFAULT_SETTINGS,
    fencing: {
      agentTimeoutMs: 20_000,
      verifyRetries: 3,
      verifyDelayMs: 1_000,
      hedgeAfterMs: 1_500,
      budgetLimitMs: 300_000,
      ...fencing,
    },
  }
}

const device = (id: string, order: number, candidateCount: number): BudgetDevice => ({
  device: id,
  order,
  candidateCount,
})

describe('time budget', () => {
  it('gives best ≤ worst for every action and shape of host', () => {
    const shapes: BudgetDevice[][] = [
      [device('bmc', 1, 1)],
      [device('bmc', 1, 3)],
      [device('psu1', 1, 2), device('psu2', 1, 1)],
      [device('bmc', 1, 2), device('pdu', 2, 4)],
      [device('bmc', 1, 0), device('pdu', 2, 2)],
    ]
    for (const shape of shapes) {
      for (const action of BUDGET_ACTIONS) {
        const budget = hostBudget(shape, action, settings())
        expect(budget.bestMs, `${action} of ${JSON.stringify(shape)}`).toBeGreaterThan(0)
        expect(budget.bestMs).toBeLessThanOrEqual(budget.worstMs)
        for (const d of budget.devices)
          expect(d.budget.bestMs).toBeLessThanOrEqual(d.budget.worstMs)
      }
    }
  })

  it('counts the engine: status times out per candidate, off adds the verify polls', () => {
    const s = settings()
    const status = hostBudget([device('bmc', 1, 2)], 'status', s)
    // Two candidates: the first fails by the agent's timeout, then the second does.
    expect(status.worstMs).toBe(2 * (SSH_CONNECT_FLOOR_MS + 20_000))
    expect(status.bestMs).toBe(SSH_CONNECT_FLOOR_MS + AGENT_CALL_FLOOR_MS)
    const off = hostBudget([device('bmc', 1, 1)], 'off', s)
    // Accepted, 3 polls with the wrong state each followed by the delay, then one timing out.
    const attempt = AGENT_CALL_FLOOR_MS + 3 * (AGENT_CALL_FLOOR_MS + 1_000) + 20_000
    expect(off.worstMs).toBe(SSH_CONNECT_FLOOR_MS + attempt)
    expect(off.bestMs).toBe(SSH_CONNECT_FLOOR_MS + 2 * AGENT_CALL_FLOOR_MS)
  })

  it('makes the worst case larger with more candidates', () => {
    for (const action of BUDGET_ACTIONS) {
      const one = hostBudget([device('bmc', 1, 1)], action, settings())
      const three = hostBudget([device('bmc', 1, 3)], action, settings())
      expect(three.worstMs, action).toBeGreaterThan(one.worstMs)
      expect(three.bestMs).toBe(one.bestMs)
    }
  })

  it('makes the worst case larger with more groups, and not with a parallel device', () => {
    const oneGroup = hostBudget([device('bmc', 1, 2)], 'off', settings())
    const twoGroups = hostBudget([device('bmc', 1, 2), device('pdu', 2, 2)], 'off', settings())
    const parallel = hostBudget([device('psu1', 1, 2), device('psu2', 1, 2)], 'off', settings())
    expect(twoGroups.worstMs).toBe(2 * oneGroup.worstMs)
    // Devices of equal order act together: the slowest decides.
    expect(parallel.worstMs).toBe(oneGroup.worstMs)
    expect(twoGroups.bestMs).toBe(oneGroup.bestMs)
  })

  it('starts the best case at the first group that can act', () => {
    const budget = hostBudget([device('bmc', 1, 0), device('pdu', 2, 2)], 'off', settings())
    expect(budget.devices[0]!.budget).toEqual({ bestMs: 0, worstMs: 0 })
    expect(budget.bestMs).toBe(SSH_CONNECT_FLOOR_MS + 2 * AGENT_CALL_FLOOR_MS)
    const none = hostBudget([device('bmc', 1, 0)], 'off', settings())
    expect(none).toMatchObject({ bestMs: 0, worstMs: 0 })
  })

  it('follows the settings in force', () => {
    const base = hostBudget([device('bmc', 1, 2)], 'off', settings()).worstMs
    const changes: Partial<AppSettings['fencing']>[] = [
      { agentTimeoutMs: 40_000 },
      { verifyRetries: 6 },
      { verifyDelayMs: 3_000 },
    ]
    for (const change of changes) {
      expect(hostBudget([device('bmc', 1, 2)], 'off', settings(change)).worstMs).toBeGreaterThan(
        base,
      )
    }
    // With a short agent timeout a hung proxy is the slow way to fail: then the hedge head start
    // (what a hung candidate costs before the next is tried) and the handshake timeout (the last
    // candidate's) count.
    const quick = { agentTimeoutMs: 1_000, verifyRetries: 0 }
    const hedgeSmall = hostBudget([device('bmc', 1, 3)], 'status', settings(quick))
    const hedgeLarge = hostBudget(
      [device('bmc', 1, 3)],
      'status',
      settings({ ...quick, hedgeAfterMs: 5_000 }),
    )
    expect(hedgeSmall.worstMs).toBe(2 * 1_500 + SSH_CONNECT_TIMEOUT_MS)
    expect(hedgeLarge.worstMs).toBe(2 * 5_000 + SSH_CONNECT_TIMEOUT_MS)
  })

  it('makes restart take longer than off, at best and at worst', () => {
    const devices = [device('bmc', 1, 2), device('pdu', 2, 1)]
    const off = hostBudget(devices, 'off', settings())
    const restart = hostBudget(devices, 'restart', settings())
    expect(restart.bestMs).toBeGreaterThan(off.bestMs)
    expect(restart.worstMs).toBeGreaterThan(off.worstMs)
    expect(restart.worstMs).toBe(off.worstMs + hostBudget(devices, 'on', settings()).worstMs)
  })

  it('flags a worst case over the configured limit', () => {
    const budget = hostBudget([device('bmc', 1, 3)], 'off', settings())
    expect(overBudget(budget, settings({ budgetLimitMs: budget.worstMs }))).toBe(false)
    expect(overBudget(budget, settings({ budgetLimitMs: budget.worstMs - 1 }))).toBe(true)
    expect(overBudgetWords(budget, settings({ budgetLimitMs: 60_000 }))).toBe(
      'over the limit of 1 min',
    )
    expect(overBudgetWords(budget, settings({ budgetLimitMs: 3_600_000 }))).toBeUndefined()
  })

  it('says durations in words', () => {
    expect(durationWords(450)).toBe('450 ms')
    expect(durationWords(4_000)).toBe('4 s')
    expect(durationWords(2_650)).toBe('2.7 s')
    expect(durationWords(130_000)).toBe('2 min 10 s')
    expect(durationWords(300_000)).toBe('5 min')
    expect(durationWords(3_900_000)).toBe('1 h 5 min')
    expect(budgetWords('off', { bestMs: 4_000, worstMs: 130_000 })).toBe(
      'off takes 4 s at best, 2 min 10 s at worst',
    )
  })

  it('gives a plan its budgets per device and per action', () => {
    const plan = {
      devices: [
        { device: 'bmc', order: 1, candidates: [{}, {}] },
        { device: 'pdu', order: 2, candidates: [{}] },
      ],
    } as unknown as Parameters<typeof planBudget>[0]
    const budget = planBudget(plan, settings({ budgetLimitMs: 1_000 }))
    expect(Object.keys(budget.devices)).toEqual(['bmc', 'pdu'])
    expect(budget.budget).toEqual(budget.budgets.off)
    expect(budget.devices.bmc!.budget.worstMs).toBeGreaterThan(budget.devices.pdu!.budget.worstMs)
    expect(budget.budgets.off.worstMs).toBe(
      budget.devices.bmc!.budget.worstMs + budget.devices.pdu!.budget.worstMs,
    )
    expect(budget).toMatchObject({ limitMs: 1_000, overLimit: true })
  })
})
