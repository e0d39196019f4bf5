/** The human form of a plan, as `fencepost plan` prints it. Plain text; the CLI may add colour. */
import { describeRejection } from '../plan'
import type { Candidate, DevicePlan, HostPlan, PreferenceSource } from '../plan'
import { formatPreferenceList } from '../preferences'
import { BUDGET_ACTION, BUDGET_ACTIONS, budgetWords, durationWords } from '../budget'
import type { PlanBudget } from '../budget'

/** Options of {@link formatPlanTable}. */
export interface FormatPlanOptions {
  /**
   * How many `not-listed` machines to name per device before summing up the rest: in a large
   * topology nearly every machine is not listed, and thousands of such lines hide the plan.
   */
  maxNotListed?: number
  /** The plan's time budget (common/budget.ts): shown per device and for the host when given. */
  budget?: PlanBudget
}

/** The line a device with no candidate gets. */
export const NO_CANDIDATE = 'NO CANDIDATE — this device cannot be fenced'

const REACH_WORDS: Record<Candidate['reach'], string> = {
  ok: 'reachable',
  untested: 'untested',
  failed: 'last test failed',
}

function describeSource(from: PreferenceSource, fromName: string | undefined): string {
  switch (from) {
    case 'cluster':
      return fromName ? `from cluster ${fromName}` : 'from cluster'
    case 'dataCenter':
      return fromName ? `from data center ${fromName}` : 'from data center'
    case 'builtin':
      return 'built-in default'
    default:
      return `from ${from}`
  }
}

function formatDevice(
  plan: DevicePlan,
  maxNotListed: number,
  budget: PlanBudget | undefined,
): string[] {
  const { list, from, fromName } = plan.preferences
  const lines = [
    `${plan.device} (${plan.type}, order ${plan.order}) — preferences ` +
      `${formatPreferenceList(list)} (${describeSource(from, fromName)})`,
  ]
  if (plan.candidates.length === 0) lines.push(`  ${NO_CANDIDATE}`)
  const own = budget?.devices[plan.device]
  if (own && plan.candidates.length > 0) lines.push(`  ${budgetWords(BUDGET_ACTION, own.budget)}`)
  const numberWidth = String(plan.candidates.length).length
  const nameWidth = Math.max(0, ...plan.candidates.map((c) => c.proxy.length))
  const viaWidth = Math.max(0, ...plan.candidates.map((c) => c.via.length))
  plan.candidates.forEach((c, i) => {
    const number = `${i + 1}.`.padStart(numberWidth + 1)
    lines.push(
      `  ${number} ${c.proxy.padEnd(nameWidth)}  via ${c.via.padEnd(viaWidth)}  [${REACH_WORDS[c.reach]}]`,
    )
  })
  if (plan.unknownReferences.length > 0)
    lines.push(`  unknown references: ${plan.unknownReferences.join(', ')}`)
  if (plan.rejected.length > 0) {
    lines.push('  rejected:')
    let notListed = 0
    for (const r of plan.rejected) {
      if (r.reason === 'not-listed' && ++notListed > maxNotListed) continue
      lines.push(`    ${r.proxy} — ${describeRejection(r.reason, r.since)}`)
    }
    const hidden = notListed - maxNotListed
    if (hidden > 0)
      lines.push(`    … and ${hidden} more that ${hidden === 1 ? 'is' : 'are'} not listed`)
  }
  return lines
}

/**
 * Formats a plan for people: per device a header with the applying list and its origin, the
 * numbered candidates with the entry that admitted each and its last reachability, the unknown
 * references, and every rejected machine with the reason in words.
 */
export function formatPlanTable(plan: HostPlan, options: FormatPlanOptions = {}): string {
  const maxNotListed = options.maxNotListed ?? 20
  const lines = [
    `${plan.host}${plan.hostId === plan.host ? '' : ` (${plan.hostId})`} — power management ` +
      (plan.enabled ? 'enabled' : 'disabled'),
  ]
  if (plan.devices.length === 0) lines.push('no fence devices')
  for (const device of plan.devices) {
    lines.push('', ...formatDevice(device, maxNotListed, options.budget))
  }
  if (options.budget && plan.devices.length > 0)
    lines.push('', ...formatBudget(plan.host, options.budget))
  return lines.join('\n')
}

/** The host's time budget per action, the fencing action flagged when over the limit. */
function formatBudget(host: string, budget: PlanBudget): string[] {
  const lines = [`time budget of ${host}, all its devices (from the fencing settings in force):`]
  for (const action of BUDGET_ACTIONS) {
    const over =
      action === BUDGET_ACTION && budget.overLimit
        ? `  — OVER THE LIMIT of ${durationWords(budget.limitMs)}`
        : ''
    lines.push(`  ${budgetWords(action, budget.budgets[action])}${over}`)
  }
  return lines
}
