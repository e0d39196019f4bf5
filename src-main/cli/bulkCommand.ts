// `test --all`, `test HOST…`, `status HOST…`, `status --all` (DESIGN.md §8): many hosts at once,
// within the per-proxy and overall limits of fencing/bulkRun.ts. Words mode prints each host as it
// ends and a bar on a terminal; `--json` prints one document at the end (README "Many hosts at
// once"). Ctrl+C cancels (what was done is printed), a second quits. Exit 0 when every host is ok,
// 1 otherwise, 2 for bad usage — an unknown host name is named and nothing runs.
import type { BulkAction, BulkHostEntry, BulkResult } from '../common/bulk'
import {
  DEFAULT_BULK_CONCURRENCY,
  MAX_BULK_CONCURRENCY,
  NOT_STARTED,
  bulkTargets,
  resolveBulkHosts,
  startProgress,
} from '../common/bulk'
import type { TopologyDocument } from '../common/document'
import { describeOutcome } from '../common/fencing'
import { listMachines } from '../common/planner/machines'
import type { CommandInput } from './command'
import { EXIT, UsageError } from './command'
import { documentFor, openCore, printJson } from './context'
import { cancelOnInterrupt } from './interrupt'
import { progressLine } from './progressBar'

/** The options a bulk-capable command adds. */
export const BULK_OPTIONS = {
  all: { type: 'boolean' },
  concurrency: { type: 'string' },
} as const

/** Help lines of the bulk options. */
export const BULK_HELP = [
  '  --all            every host with devices (status: with power management enabled)',
  `  --concurrency N  agent calls at once in all (default ${DEFAULT_BULK_CONCURRENCY}); per proxy`,
  "                   never more than a stock sshd's MaxSessions (10)",
  '',
  'With several HOSTs or --all, hosts run at once and each is printed as it ends (a',
  'progress bar on a terminal); --json prints one document with an entry per host.',
  'Ctrl+C cancels: no new host starts, running ones stop, what was done is printed;',
  'a second Ctrl+C quits at once. Exit 0 when every host is ok, 1 otherwise.',
]

/** True when the arguments ask for many hosts (more than one HOST, or --all). */
export function isBulk({ positionals, values }: Pick<CommandInput, 'positionals' | 'values'>) {
  return values.all === true || positionals.length > 1
}

function concurrencyOf(value: string | boolean | undefined): number {
  if (value === undefined) return DEFAULT_BULK_CONCURRENCY
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN
  if (!(n >= 1 && n <= MAX_BULK_CONCURRENCY))
    throw new UsageError(
      `--concurrency: give a whole number from 1 to ${MAX_BULK_CONCURRENCY} (got "${String(value)}")`,
    )
  return n
}

function hostsOf(doc: TopologyDocument, action: BulkAction, input: CommandInput): string[] {
  const { positionals, values } = input
  if (values.all === true) {
    if (positionals.length) throw new UsageError('give HOSTs or --all, not both')
    return bulkTargets(doc, action)
  }
  const { hostIds, unknown } = resolveBulkHosts(doc, positionals)
  if (unknown.length)
    throw new UsageError(
      `no host ${unknown.map((u) => `"${u}"`).join(', ')} in the topology — nothing was run`,
    )
  return hostIds
}

/** One host's line, as it ends. */
function entryLine(entry: BulkHostEntry, action: BulkAction, names: Map<string, string>): string {
  const ms = `(${entry.ms} ms)`
  if (entry.outcome === 'skipped') return `${entry.host}: SKIPPED — ${entry.reason}`
  if (entry.outcome === 'cancelled') return `${entry.host}: cancelled — ${entry.reason}`
  if (action === 'status') {
    const via = [
      ...new Set(
        (entry.result?.attempts ?? []).filter((a) => a.outcome === 'ok').map((a) => a.proxy),
      ),
    ]
    if (entry.outcome === 'ok')
      return `${entry.host}: power ${entry.power}${via.length ? ` via ${via.join(', ')}` : ''} ${ms}`
    return `${entry.host}: FAILED — ${entry.reason} ${ms}`
  }
  const results = entry.results ?? []
  const devices = new Set(results.map((r) => r.deviceId)).size
  const proxies = new Set(results.map((r) => r.proxyId)).size
  if (entry.outcome === 'ok')
    return `${entry.host}: ok — ${devices} device${devices === 1 ? '' : 's'} reached through ${proxies} prox${proxies === 1 ? 'y' : 'ies'} ${ms}`
  const failures = results.filter((r) => !r.ok)
  if (!failures.length) return `${entry.host}: FAILED — ${entry.reason} ${ms}`
  return [
    `${entry.host}: FAILED — ${failures.length} of ${results.length} failed ${ms}`,
    ...failures.map(
      (f) =>
        `    ${f.deviceId} via ${names.get(f.proxyId) ?? f.proxyId}: ${f.outcome ? describeOutcome(f.outcome) : 'failed'}${f.message ? ` — ${f.message}` : ''}`,
    ),
  ].join('\n')
}

function summaryLine(result: BulkResult): string {
  const { done, total, failed, skipped } = result.progress
  const ok = result.hosts.filter((h) => h.outcome === 'ok').length
  const counts = [`${ok} ok`, `${failed} failed`, ...(skipped ? [`${skipped} skipped`] : [])]
  const verb = result.action === 'test' ? 'tested' : 'status of'
  if (result.result === 'cancelled') {
    const notRun = result.hosts.filter((h) => h.outcome === 'cancelled').length
    return `CANCELLED: ${done - notRun} of ${total} hosts done (${counts.join(', ')}), ${notRun} cancelled or not run`
  }
  return `${verb} ${total} host${total === 1 ? '' : 's'}: ${counts.join(', ')}`
}

/** Runs `action` on the hosts the arguments name; returns the exit code. */
export async function runBulkCommand(action: BulkAction, input: CommandInput): Promise<number> {
  const { values, output } = input
  const json = values.json === true
  const concurrency = concurrencyOf(values.concurrency)
  const doc = await documentFor(values)
  const hostIds = hostsOf(doc, action, input)
  if (hostIds.length === 0)
    throw new UsageError(
      action === 'test'
        ? 'no host has a fence device: nothing to test'
        : 'no host has power management enabled with a fence device',
    )
  const core = await openCore()
  const names = new Map(listMachines(doc).map((m) => [m.id, m.name]))
  const bar = progressLine(json)
  const out = bar ? bar.around(output) : output
  const controller = new AbortController()
  const removeInterrupt = cancelOnInterrupt(out, () => controller.abort())
  bar?.show(startProgress(hostIds.length))
  let result: BulkResult
  try {
    result = await core.runBulk(doc, {
      action,
      hostIds,
      concurrency,
      signal: controller.signal,
      onEntry: (entry, progress) => {
        // Hosts a cancel kept from starting are counted in the summary, not listed one by one.
        if (!json && entry.reason !== NOT_STARTED) out.out(entryLine(entry, action, names))
        bar?.show(progress)
      },
    })
  } finally {
    removeInterrupt()
    bar?.end()
  }
  if (json) printJson(output.out, result)
  else output.out(summaryLine(result))
  return result.result === 'ok' ? EXIT.ok : EXIT.failed
}
