import { planBudget } from '../../common/budget'
import type { PlanBudget } from '../../common/budget'
import type { HostPlan } from '../../common/plan'
import { formatPlanTable } from '../../common/planner/formatPlan'
import { PlanError } from '../../common/planner/planHost'
import type { Command } from '../command'
import { EXIT, UsageError } from '../command'
import { documentFor, openCore, printJson } from '../context'

/** `fencepost plan HOST [--device ID]`: candidates per device and every rejection. */
export const planCommand: Command = {
  name: 'plan',
  usage: 'plan HOST [--device ID]',
  summary: 'the candidate proxies per device, and why every other machine was rejected',
  help: [
    'Options:',
    '  --device ID   only this device',
    '',
    'Candidates are listed in the order they would be tried, with the preference entry that',
    'admitted each; machines last proven to reach the device (`fencepost test`) come first.',
    '',
    'The time budget (best and worst case of each action, from the fencing settings in force)',
    'follows; a host whose worst case of `off` exceeds `fencing.budgetLimitMs` is flagged.',
    '`--json` adds `budget` {bestMs, worstMs} of `off` per device and for the host, `budgets`',
    'per action, `budgetLimitMs` and `overBudget`.',
    '',
    'Example: fencepost plan a1 --topology resources/sample-lab.json',
  ].join('\n'),
  options: { device: { type: 'string' } },
  async run({ positionals, values, output }) {
    const host = positionals[0]
    if (!host || positionals.length > 1) throw new UsageError('give exactly one HOST (name or id)')
    const doc = await documentFor(values)
    const core = await openCore()
    let plan
    try {
      plan = core.plan(doc, host, typeof values.device === 'string' ? values.device : undefined)
    } catch (error) {
      if (error instanceof PlanError) throw new UsageError(error.message)
      throw error
    }
    // The host's budget is of all its devices, also when --device shows one.
    const whole = typeof values.device === 'string' ? core.plan(doc, host) : plan
    const budget = planBudget(whole, await core.api.settings.get())
    if (values.json) printJson(output.out, withBudget(plan, budget))
    else output.out(formatPlanTable(plan, { budget }))
    return EXIT.ok
  },
}

/** `plan --json`: the plan with its budgets (DESIGN.md §8). */
function withBudget(plan: HostPlan, budget: PlanBudget): unknown {
  return {
    ...plan,
    devices: plan.devices.map((d) => ({ ...d, ...budget.devices[d.device] })),
    budget: budget.budget,
    budgets: budget.budgets,
    budgetLimitMs: budget.limitMs,
    overBudget: budget.overLimit,
  }
}
