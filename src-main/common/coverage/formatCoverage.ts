/** The human form of a coverage report, as `fencepost coverage` prints it. Plain text. */
import { durationWords } from '../budget'
import type { CoverageReport, HostCoverage } from './computeCoverage'
import { hasSpareRoute } from './computeCoverage'

/** Options of {@link formatCoverage}. */
export interface FormatCoverageOptions {
  /** How many hosts to name per single point of failure or shared unit before "and N more". */
  maxNames?: number
}

function names(list: readonly string[], max: number): string {
  const shown = list.slice(0, max).join(', ')
  return list.length > max ? `${shown} and ${list.length - max} more` : shown
}

/**
 * What the fenceable column says: `yes`; `single route` (paths 1); `one machine` (several routes,
 * every one through one machine: see the single points of failure); `NO`.
 */
function fenceableWords(host: HostCoverage): string {
  if (!host.fenceable) return 'NO'
  if (hasSpareRoute(host)) return 'yes'
  return host.paths === 1 ? 'single route' : 'one machine'
}

function routeWords(host: HostCoverage): string {
  if (host.route.length === 0) return '—'
  return host.route.map((step) => `${step.device} via ${step.proxy}`).join(' + ')
}

function budgetColumn(host: HostCoverage): string {
  if (!host.fenceable) return '—'
  const range = `${durationWords(host.budget.bestMs)}–${durationWords(host.budget.worstMs)}`
  return host.overBudget ? `${range} (over limit)` : range
}

/**
 * Formats a coverage report for people: a table (host, fenceable, paths, first route, budget of
 * `off`), the reason under each host that cannot be fenced, the single points of failure, the
 * shared power units, and a closing summary line.
 */
export function formatCoverage(
  report: CoverageReport,
  options: FormatCoverageOptions = {},
): string {
  const max = options.maxNames ?? 8
  const lines: string[] = []
  const { without } = report
  if (without.machines.length || without.units.length)
    lines.push(`What if these were down: ${[...without.machines, ...without.units].join(', ')}`, '')

  if (report.hosts.length === 0) {
    lines.push('No host has power management enabled with a fence device.')
    return lines.join('\n')
  }
  const rows = report.hosts.map((h) => [
    h.host,
    fenceableWords(h),
    String(h.paths),
    routeWords(h),
    budgetColumn(h),
  ])
  const header = ['HOST', 'FENCEABLE', 'PATHS', 'FIRST ROUTE', 'OFF TAKES']
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)))
  const row = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  lines.push(row(header))
  report.hosts.forEach((h, i) => {
    lines.push(row(rows[i]!))
    if (h.why) lines.push(`  why: ${h.why}`)
  })

  lines.push('')
  if (report.singlePointsOfFailure.length === 0) lines.push('Single points of failure: none')
  else {
    lines.push('Single points of failure (losing it alone leaves these hosts with no route):')
    for (const spof of report.singlePointsOfFailure)
      lines.push(`  ${spof.machine} (${spof.kind}) — ${names(spof.hosts, max)}`)
  }

  if (report.sharedDevices.length > 0) {
    lines.push('', 'Shared power units (one PDU or chassis for several hosts):')
    for (const unit of report.sharedDevices) {
      const lost = unit.hostsLost.length
        ? `; losing it leaves ${names(unit.hostsLost, max)} with no route`
        : ''
      const down = unit.down ? ' [assumed down]' : ''
      lines.push(`  ${unit.name} (${unit.type})${down} — powers ${names(unit.hosts, max)}${lost}`)
    }
  }

  const s = report.summary
  lines.push(
    '',
    `${s.fenceable} of ${s.hosts} hosts can be fenced` +
      (s.singleRoute ? `, ${s.singleRoute} through a single route or machine` : '') +
      (s.noRoute ? `; ${s.noRoute} cannot` : '') +
      (s.overBudget ? `; ${s.overBudget} over the time limit` : '') +
      '.',
  )
  return lines.join('\n')
}
