// `fencepost plan` with the time budget (DESIGN.md §8): in `--json` per device and for the host,
// in words, from the settings in force (the store's settings.json), and flagged over the limit.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hostBudget } from '../../../src-main/common/budget'
import { DEFAULT_SETTINGS } from '../../../src-main/common/settings'
import { SAMPLE, cli, useTempHome } from './cliHarness'

const home = useTempHome('fencepost-plan-budget-')

interface Budgeted {
  budget: { bestMs: number; worstMs: number }
}
interface PlanJson extends Budgeted {
  budgets: Record<'status' | 'on' | 'off' | 'restart', { bestMs: number; worstMs: number }>
  budgetLimitMs: number
  overBudget: boolean
  devices: (Budgeted & { device: string; order: number; candidates: unknown[] })[]
}

async function planJson(host: string): Promise<PlanJson> {
  const result = await cli('plan', host, '--topology', SAMPLE, '--json')
  expect(result.code).toBe(0)
  return JSON.parse(result.out) as PlanJson
}

describe('plan with its time budget', () => {
  it('--json carries the budget of off per device and for the host, and every action', async () => {
    const plan = await planJson('a1')
    expect(Object.keys(plan.budget).sort()).toEqual(['bestMs', 'worstMs'])
    expect(plan.budget.bestMs).toBeGreaterThan(0)
    expect(plan.budget.bestMs).toBeLessThanOrEqual(plan.budget.worstMs)
    expect(plan.budget).toEqual(plan.budgets.off)
    expect(plan.budgets.restart.worstMs).toBeGreaterThan(plan.budgets.off.worstMs)
    // The one arithmetic (common/budget.ts) under the defaults, nothing of the CLI's own.
    const devices = plan.devices.map((d) => ({
      device: d.device,
      order: d.order,
      candidateCount: d.candidates.length,
    }))
    const expected = hostBudget(devices, 'off', DEFAULT_SETTINGS)
    expect(plan.budget).toEqual({ bestMs: expected.bestMs, worstMs: expected.worstMs })
    for (const [i, d] of plan.devices.entries()) {
      expect(d.budget).toEqual(expected.devices[i]!.budget)
    }
    expect(plan.budgetLimitMs).toBe(DEFAULT_SETTINGS.fencing.budgetLimitMs)
    expect(plan.overBudget).toBe(plan.budget.worstMs > plan.budgetLimitMs)
  })

  it('--device shows one device and still the whole host budget', async () => {
    const whole = await planJson('a1')
    const result = await cli('plan', 'a1', '--device', 'pdu-a', '--topology', SAMPLE, '--json')
    const one = JSON.parse(result.out) as PlanJson
    expect(one.devices.map((d) => d.device)).toEqual(['pdu-a'])
    expect(one.devices[0]!.budget).toEqual(whole.devices.find((d) => d.device === 'pdu-a')!.budget)
    expect(one.budget).toEqual(whole.budget)
  })

  it('follows the stored settings and flags a host over the limit, in JSON and words', async () => {
    const before = await planJson('a1')
    writeFileSync(
      join(home(), 'settings.json'),
      JSON.stringify({
        fencing: {
          agentTimeoutMs: 120_000,
          verifyRetries: 10,
          verifyDelayMs: 2_000,
          hedgeAfterMs: 1_500,
          budgetLimitMs: 60_000,
        },
      }),
    )
    const after = await planJson('a1')
    expect(after.budget.worstMs).toBeGreaterThan(before.budget.worstMs)
    expect(after).toMatchObject({ budgetLimitMs: 60_000, overBudget: true })
    const words = await cli('plan', 'a1', '--topology', SAMPLE)
    expect(words.out).toMatch(/^ {2}off takes [\d.]+ (ms|s) at best, .+ at worst$/m)
    expect(words.out).toMatch(
      /^time budget of a1, all its devices \(from the fencing settings in force\):$/m,
    )
    expect(words.out).toMatch(/off takes .* at worst {2}— OVER THE LIMIT of 1 min$/m)
    expect(words.out).toMatch(/^ {2}restart takes /m)
  })

  it('does not flag a host within the limit', async () => {
    writeFileSync(
      join(home(), 'settings.json'),
      JSON.stringify({ fencing: { budgetLimitMs: 86_400_000 } }),
    )
    const plan = await planJson('a1')
    expect(plan.overBudget).toBe(false)
    const words = await cli('plan', 'a1', '--topology', SAMPLE)
    expect(words.out).not.toContain('OVER THE LIMIT')
  })
})
