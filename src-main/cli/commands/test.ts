import type { ReachabilityResult } from '../../common/plan'
import { isApiError } from '../../common/errors'
import { ActionRefused } from '../../core/fencing/orchestrator'
import type { Command } from '../command'
import { EXIT, OperationFailed, UsageError } from '../command'
import { documentFor, openCore, printJson } from '../context'
import { printEvent } from './power'
import { BULK_HELP, BULK_OPTIONS, isBulk, runBulkCommand } from '../bulkCommand'

function matrix(results: ReachabilityResult[], names: Map<string, string>): string {
  const devices = [...new Set(results.map((r) => r.deviceId))]
  const proxies = [...new Set(results.map((r) => r.proxyId))]
  const name = (id: string): string => names.get(id) ?? id
  const width = Math.max(6, ...devices.map((d) => d.length))
  const cols = proxies.map((p) => Math.max(4, name(p).length))
  const lines = [
    ['device'.padEnd(width), ...proxies.map((p, i) => name(p).padEnd(cols[i]!))].join('  '),
  ]
  for (const device of devices) {
    const cells = proxies.map((proxy, i) => {
      const r = results.find((x) => x.deviceId === device && x.proxyId === proxy)
      return (r ? (r.ok ? 'ok' : 'FAIL') : '-').padEnd(cols[i]!)
    })
    lines.push([device.padEnd(width), ...cells].join('  '))
  }
  const failures = results.filter((r) => !r.ok)
  if (failures.length) {
    lines.push('', 'failures:')
    for (const f of failures)
      lines.push(`  ${f.deviceId} via ${name(f.proxyId)}: ${f.message ?? 'failed'}`)
  }
  return lines.join('\n')
}

/** `fencepost test HOST…|--all`: status of every device through every candidate proxy. */
export const testCommand: Command = {
  name: 'test',
  usage: 'test HOST…|--all [--concurrency N]',
  summary: 'readiness: status of each device through each candidate proxy (a matrix)',
  help: [
    'Runs status of every device of HOST through every candidate proxy and stores the results;',
    'the planner then tries proxies proven to reach a device first. Exit 1 if any failed.',
    '',
    'Options:',
    ...BULK_HELP,
  ].join('\n'),
  options: { ...BULK_OPTIONS },
  async run(input) {
    if (isBulk(input)) return runBulkCommand('test', input)
    const { positionals, values, output } = input
    if (values.concurrency !== undefined)
      throw new UsageError('--concurrency: only with several HOSTs or --all')
    const host = positionals[0]
    if (!host || positionals.length > 1)
      throw new UsageError('give a HOST (name or id), several, or --all')
    const doc = await documentFor(values)
    const core = await openCore()
    const unsubscribe = values.json ? () => {} : core.onEvent((event) => printEvent(output, event))
    let results: ReachabilityResult[]
    try {
      results = await core.testHost(doc, host)
    } catch (error) {
      // Refused before it ran: nothing done, exit 1 (the message names the lock's holder).
      if (error instanceof ActionRefused || (isApiError(error) && error.code === 'busy'))
        throw new OperationFailed(error.message)
      throw error
    } finally {
      unsubscribe()
    }
    if (values.json) printJson(output.out, { host, results })
    else {
      const names = new Map<string, string>([['engine', doc.engine.name]])
      for (const m of [...doc.hosts, ...doc.proxies]) names.set(m.id, m.name)
      output.out('')
      output.out(
        results.length ? matrix(results, names) : `${host}: no device has a candidate proxy`,
      )
    }
    return results.length > 0 && results.every((r) => r.ok) ? EXIT.ok : EXIT.failed
  },
}
