import { describeOutcome } from '../../common/fencing'
import type { Command } from '../command'
import { EXIT } from '../command'
import { openCore, printJson } from '../context'

/** `fencepost history [HOST]`: past actions, newest first. */
export const historyCommand: Command = {
  name: 'history',
  usage: 'history [HOST] [--limit N]',
  summary: 'past power actions, newest first',
  help: 'Options:\n  --limit N   show at most N actions (default 20)',
  options: { limit: { type: 'string' } },
  async run({ positionals, values, output }) {
    const core = await openCore()
    const limit = Number(values.limit ?? 20)
    const entries = core.history.read(positionals[0]).slice(0, Number.isFinite(limit) ? limit : 20)
    if (values.json) {
      printJson(output.out, entries)
      return EXIT.ok
    }
    if (entries.length === 0) output.out('No actions recorded yet.')
    for (const entry of entries) {
      const dry = entry.dryRun ? ' (dry run)' : ''
      output.out(
        `${entry.at}  ${entry.action}${dry} ${entry.host}: ${entry.result}, power ${entry.power}`,
      )
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
