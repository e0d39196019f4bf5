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
    if (values.json) printJson(output.out, plan)
    else output.out(formatPlanTable(plan))
    return EXIT.ok
  },
}
