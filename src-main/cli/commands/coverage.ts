import { computeCoverage } from '../../common/coverage/computeCoverage'
import { formatCoverage } from '../../common/coverage/formatCoverage'
import { resolveWithout, withoutNames } from '../../common/coverage/without'
import { plannerOptionsOf } from '../../common/planner/plannerInputs'
import { quoteSafely } from '../../common/text'
import { closest } from '../../core/validation/suggest'
import type { Command } from '../command'
import { EXIT, UsageError } from '../command'
import { documentFor, openCore, printJson } from '../context'

/** `fencepost coverage [--without M,…]`: can every host be fenced, and what would break it. */
export const coverageCommand: Command = {
  name: 'coverage',
  usage: 'coverage [--without M,…]',
  summary:
    'per host: fenceable, independent routes, first route, time budget; single points of failure',
  help: [
    'Options:',
    '  --without M,…   assume these down ("what if"): machines by name, id or address, and',
    '                  power units (a PDU or chassis) by address or address:port',
    '',
    'For every host with power management enabled: whether it can be fenced, how many',
    'independent routes it has (distinct device group + proxy routes; 1 means one broken machine',
    'or device stops fencing it), the route tried first, and how long `off` takes at best and at',
    'worst. A proxy whose last `fencepost test` of a device failed does not count as a route.',
    'FENCEABLE says `yes`, `single route`, `one machine` (several routes, all through one',
    'machine) or `NO` (with the reason below it).',
    'Then the single points of failure (machines whose loss alone leaves a host with no route)',
    'and the power units that serve several hosts.',
    '',
    'Exit 0 when every host can be fenced, 1 when some cannot, 2 on bad usage (an unknown name',
    'after --without).',
    '',
    'Example: fencepost coverage --without jump1,engine --topology resources/sample-lab.json',
  ].join('\n'),
  options: { without: { type: 'string' } },
  async run({ positionals, values, output }) {
    if (positionals.length > 0)
      throw new UsageError(`coverage takes no HOST (got ${quoteSafely(positionals[0] ?? '')})`)
    const raw = typeof values.without === 'string' ? values.without : undefined
    if (raw !== undefined && raw.split(',').every((ref) => ref.trim() === ''))
      throw new UsageError('--without: give machine names or device addresses, comma-separated')
    const doc = await documentFor(values)
    const core = await openCore()
    const without = resolveWithout(doc, raw?.split(',') ?? [])
    if (without.unknown.length > 0) {
      const known = withoutNames(doc)
      throw new UsageError(
        `--without: ${without.unknown.length === 1 ? 'no machine or device' : 'no machines or devices'} ` +
          `named ${without.unknown.map(quoteSafely).join(', ')}`,
        without.unknown.flatMap((ref) => {
          const hint = closest(ref, known)
          return hint === undefined
            ? []
            : [`${quoteSafely(ref)}: did you mean ${quoteSafely(hint)}?`]
        }),
      )
    }
    const report = computeCoverage(doc, plannerOptionsOf(core.plannerInputs(doc)), {
      without,
      settings: await core.api.settings.get(),
    })
    if (values.json) printJson(output.out, report)
    else output.out(formatCoverage(report))
    return report.summary.noRoute > 0 ? EXIT.failed : EXIT.ok
  },
}
