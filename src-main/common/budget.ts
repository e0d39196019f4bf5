/**
 * The time budget of a power action (DESIGN.md §8): how long it takes at best and at worst, per
 * device and per host, from the fencing settings in force. The one home of this arithmetic; the
 * plan (`plan --json`, the inspector), coverage and the words all read it from here.
 *
 * The model follows the engine (src-main/core/fencing/):
 * - Groups of equal order act together (the slowest device decides a group's time); the next group
 *   is tried only when one fails, so the worst case adds the groups up.
 * - Per device the candidates are tried in plan order (candidateWalk.ts). A connection not ready
 *   after `hedgeAfterMs` gets the next candidate's opened beside it, so a hung proxy costs the head
 *   start, not the handshake timeout — except the last one, which has nothing to hedge to and costs
 *   {@link SSH_CONNECT_TIMEOUT_MS}.
 * - Every agent call is bounded by `agentTimeoutMs`. After on/off, status is polled up to
 *   `verifyRetries` more times, `verifyDelayMs` apart; a poll that times out ends the polling.
 * - restart = off (verified) then on (verified).
 *
 * Best case: the first candidate of every device of the first group that can act answers at once:
 * one connection and each agent call at its typical time ({@link SSH_CONNECT_FLOOR_MS},
 * {@link AGENT_CALL_FLOOR_MS}), the first status poll confirming.
 * Worst case: every candidate of every group fails by its timeout — once per candidate: its
 * handshake hangs, or its agent call runs to the outer timeout (for on/off after the call was
 * accepted and every verify poll but the last answered with the wrong state) — and only then does
 * the action fail. Agent calls that answer are counted at their typical time; one that answers
 * just before its timeout, again and again, can take longer than this worst case.
 */
import type { AppSettings } from './api'
import type { PowerAction } from './fencing'
import type { HostPlan } from './plan'
import { groupByOrder } from './deviceGroups'
import { SSH_CONNECT_TIMEOUT_MS } from './sshTimeouts'

/** Best and worst case of one power action, ms. */
export interface Budget {
  bestMs: number
  worstMs: number
}

/** What the budget needs of one device: its order and how many candidate proxies it has. */
export interface BudgetDevice {
  device: string
  order: number
  candidateCount: number
}

/** A host's budget for one action, with each device's. */
export interface HostBudget extends Budget {
  devices: { device: string; budget: Budget }[]
}

/**
 * Typical time of one fence agent call that answers, ms: Python's start-up and the agent's talk to
 * its device. About half a second for fence_ipmilan against ipmi_sim through a pooled connection
 * on an idle lab machine (test/lab/hedgedFallback.test.ts powers on through a second proxy within
 * 2 s, 1.5 s of which is the head start); on a loaded machine test/lab/budget.test.ts saw 1–4 s.
 * Counted for every call that answers, in the best case and in the worst.
 */
export const AGENT_CALL_FLOOR_MS = 500

/** Typical TCP connect + SSH handshake + login to a proxy on a LAN, ms. */
export const SSH_CONNECT_FLOOR_MS = 150

/** Default of `fencing.budgetLimitMs`: hosts whose worst case of `off` exceeds it are flagged. */
export const DEFAULT_BUDGET_LIMIT_MS = 600_000

/** The action whose budget is a host's `budget` (in `plan --json`, coverage, the limit): fencing. */
export const BUDGET_ACTION: PowerAction = 'off'

/** Every action, in the order the budgets are listed. */
export const BUDGET_ACTIONS: readonly PowerAction[] = ['status', 'on', 'off', 'restart']

type Times = AppSettings['fencing']

/** Agent calls in one phase that succeeds at once: the call, plus the status poll confirming it. */
function callsOf(phase: 'status' | 'on' | 'off'): number {
  return phase === 'status' ? 1 : 2
}

/** The worst one candidate's agent work can take in `phase` while still failing by a timeout. */
function attemptWorstMs(phase: 'status' | 'on' | 'off', times: Times): number {
  if (phase === 'status') return times.agentTimeoutMs
  // Accepted at once, then verifyRetries polls with the wrong state (each followed by the delay),
  // then one that runs into the timeout; a call that times out earlier ends the candidate sooner.
  const polls = Math.max(0, times.verifyRetries)
  return (
    AGENT_CALL_FLOOR_MS + polls * (AGENT_CALL_FLOOR_MS + times.verifyDelayMs) + times.agentTimeoutMs
  )
}

/** One device's walk of `count` candidates in `phase`, every candidate failing (see above). */
function walkWorstMs(count: number, phase: 'status' | 'on' | 'off', times: Times): number {
  if (count <= 0) return 0
  const tried = SSH_CONNECT_FLOOR_MS + attemptWorstMs(phase, times)
  // A hung proxy costs the head start when there is a next candidate to hedge to (a head start
  // longer than the handshake timeout never fires), the whole handshake timeout when it is last.
  const hedge = Math.min(Math.max(0, times.hedgeAfterMs), SSH_CONNECT_TIMEOUT_MS)
  return (count - 1) * Math.max(hedge, tried) + Math.max(SSH_CONNECT_TIMEOUT_MS, tried)
}

function phasesOf(action: PowerAction): ('status' | 'on' | 'off')[] {
  return action === 'restart' ? ['off', 'on'] : [action]
}

/** One device's budget for `action` (its candidates only; the group around it is not counted). */
function deviceBudget(device: BudgetDevice, action: PowerAction, times: Times): Budget {
  if (device.candidateCount <= 0) return { bestMs: 0, worstMs: 0 }
  const phases = phasesOf(action)
  const calls = phases.reduce((sum, phase) => sum + callsOf(phase), 0)
  // The connection is pooled: restart's on phase reuses the one off made.
  const bestMs = SSH_CONNECT_FLOOR_MS + calls * AGENT_CALL_FLOOR_MS
  const worstMs = phases.reduce(
    (sum, phase) => sum + walkWorstMs(device.candidateCount, phase, times),
    0,
  )
  return { bestMs, worstMs }
}

/**
 * Best/worst case of one power action on one host, from the fencing settings in force. A host
 * with no group that can act (a device without candidates in each) has no best case apart from
 * failing: both figures are then the time the engine takes to give up.
 */
export function hostBudget(
  devices: readonly BudgetDevice[],
  action: PowerAction,
  settings: AppSettings,
): HostBudget {
  const times = settings.fencing
  const perDevice = devices.map((d) => ({
    device: d.device,
    budget: deviceBudget(d, action, times),
  }))
  const byId = new Map(perDevice.map((d, i) => [devices[i]!, d.budget]))
  const groups = groupByOrder(devices).map((g) => g.members)
  const slowest = (group: BudgetDevice[], key: keyof Budget): number =>
    Math.max(0, ...group.map((d) => byId.get(d)![key]))
  let worstMs = 0
  let bestMs: number | undefined
  for (const group of groups) {
    // A restart fails in its off phase, a status or on/off in its only one: the next group is
    // tried after the failing group's worst.
    if (bestMs === undefined && group.every((d) => d.candidateCount > 0)) {
      bestMs = worstMs + slowest(group, 'bestMs')
    }
    worstMs += slowest(group, 'worstMs')
  }
  return { bestMs: bestMs ?? worstMs, worstMs, devices: perDevice }
}

/** A host's budgets for every action. */
export function hostBudgets(
  devices: readonly BudgetDevice[],
  settings: AppSettings,
): Record<PowerAction, HostBudget> {
  return Object.fromEntries(
    BUDGET_ACTIONS.map((action) => [action, hostBudget(devices, action, settings)]),
  ) as Record<PowerAction, HostBudget>
}

/** Whether a budget's worst case exceeds the configured limit (`fencing.budgetLimitMs`). */
export function overBudget(budget: Budget, settings: AppSettings): boolean {
  const limit = settings.fencing.budgetLimitMs ?? DEFAULT_BUDGET_LIMIT_MS
  return budget.worstMs > limit
}

/** A duration in words: `450 ms`, `4 s`, `2 min 10 s`, `1 h 5 min`. */
export function durationWords(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`
  if (ms < 10_000) return `${(Math.round(ms / 100) / 10).toString()} s`
  const seconds = Math.round(ms / 1_000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`
  const hours = Math.floor(minutes / 60)
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`
}

/** `off takes 4 s at best, 2 min 10 s at worst`. */
export function budgetWords(action: PowerAction, budget: Budget): string {
  return `${action} takes ${durationWords(budget.bestMs)} at best, ${durationWords(budget.worstMs)} at worst`
}

/** `over the limit of 5 min`, when the worst case exceeds it; undefined otherwise. */
export function overBudgetWords(budget: Budget, settings: AppSettings): string | undefined {
  if (!overBudget(budget, settings)) return undefined
  const limit = settings.fencing.budgetLimitMs ?? DEFAULT_BUDGET_LIMIT_MS
  return `over the limit of ${durationWords(limit)}`
}

/** What the budget needs of a plan's devices: order and number of candidates. */
export function budgetDevicesOf(plan: Pick<HostPlan, 'devices'>): BudgetDevice[] {
  return plan.devices.map((d) => ({
    device: d.device,
    order: d.order,
    candidateCount: d.candidates.length,
  }))
}

/** A plan's budgets as `plan --json` and the views show them. */
export interface PlanBudget {
  /** The host's budget of {@link BUDGET_ACTION} (`off`), the one the limit is checked against. */
  budget: Budget
  /** The host's budget of every action. */
  budgets: Record<PowerAction, Budget>
  /** Per device id: its budget of `off`, and of every action. */
  devices: Record<string, { budget: Budget; budgets: Record<PowerAction, Budget> }>
  /** `fencing.budgetLimitMs` in force. */
  limitMs: number
  /** The host's worst case of `off` exceeds the limit. */
  overLimit: boolean
}

const plain = (b: Budget): Budget => ({ bestMs: b.bestMs, worstMs: b.worstMs })

/** The budgets of a host's plan under `settings`. */
export function planBudget(plan: Pick<HostPlan, 'devices'>, settings: AppSettings): PlanBudget {
  const all = hostBudgets(budgetDevicesOf(plan), settings)
  const devices: PlanBudget['devices'] = {}
  plan.devices.forEach((d, i) => {
    const budgets = Object.fromEntries(
      BUDGET_ACTIONS.map((action) => [action, plain(all[action].devices[i]!.budget)]),
    ) as Record<PowerAction, Budget>
    devices[d.device] = { budget: budgets[BUDGET_ACTION], budgets }
  })
  const budgets = Object.fromEntries(
    BUDGET_ACTIONS.map((action) => [action, plain(all[action])]),
  ) as Record<PowerAction, Budget>
  return {
    budget: budgets[BUDGET_ACTION],
    budgets,
    devices,
    limitMs: settings.fencing.budgetLimitMs ?? DEFAULT_BUDGET_LIMIT_MS,
    overLimit: overBudget(budgets[BUDGET_ACTION], settings),
  }
}
