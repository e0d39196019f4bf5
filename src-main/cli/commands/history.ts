import type { TopologyDocument } from '../../common/document'
import { describeOutcome } from '../../common/fencing'
import { describeDevicePower, leftState } from '../../common/powerJudgement'
import { historyQuery } from '../../core/fencing/historyLog'
import type { Command } from '../command'
import { EXIT, UsageError } from '../command'
import { documentFor, openCore, printJson } from '../context'

const DEFAULT_LIMIT = 20

function limitOf(value: string | boolean | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT
  const limit = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new UsageError(
      `--limit: expected a whole number of 1 or more, got ${JSON.stringify(value)}`,
    )
  }
  return limit
}

/** The document HOST is looked up in: `--topology FILE`, else the store; none is no error. */
async function documentOf(values: Record<string, unknown>): Promise<TopologyDocument | undefined> {
  if (typeof values.topology === 'string') return documentFor(values)
  return (await openCore()).loadStored().document
}

/** `fencepost history [HOST]`: past actions, newest first; HOST by id or name. */
export const historyCommand: Command = {
  name: 'history',
  usage: 'history [HOST] [--limit N]',
  summary: 'past power actions, newest first',
  help: [
    'HOST is a host id or name; entries recorded under an earlier name of the host are found',
    'through its id.',
    '',
    'Options:',
    `  --limit N   show at most N actions (default ${DEFAULT_LIMIT})`,
  ].join('\n'),
  options: { limit: { type: 'string' } },
  async run({ positionals, values, output }) {
    if (positionals.length > 1) throw new UsageError('give at most one HOST (name or id)')
    const limit = limitOf(values.limit)
    const core = await openCore()
    const ref = positionals[0]
    const query = ref === undefined ? undefined : historyQuery(await documentOf(values), ref)
    const entries = core.history.read(query).slice(0, limit)
    if (values.json) {
      printJson(output.out, entries)
      return EXIT.ok
    }
    if (entries.length === 0) {
      output.out(ref === undefined ? 'No actions recorded yet.' : `No actions recorded for ${ref}.`)
    }
    for (const entry of entries) {
      const dry = entry.dryRun ? ' (dry run)' : ''
      output.out(
        `${entry.at}  ${entry.action}${dry} ${entry.host}: ${entry.result}, power ${entry.power}`,
      )
      // What a cancelled or failed action left, as the power command said it then.
      const left = leftState(entry)
      if (left && (entry.result !== 'ok' || left.warning)) {
        const warning = left.warning ? ` — ${left.warning}` : ''
        output.out(`    last known power: ${describeDevicePower(entry.devicePower!)}${warning}`)
      }
      for (const a of entry.attempts) {
        const words = a.outcome === 'ok' ? 'ok' : describeOutcome(a.outcome)
        output.out(
          `    ${a.device} via ${a.proxy}: ${a.action} ${words} (${a.ms} ms)${a.message ? ` — ${a.message}` : ''}`,
        )
      }
    }
    return EXIT.ok
  },
}
