/**
 * What a plan says Fencepost will do and what a run did, in sentences: which proxy, admitted by
 * which preference entry, in which order, and why the others were left out or failed. Pure words
 * over the plan (plan.ts) and the attempts (fencing.ts), for the UI and the CLI alike.
 */
import type { Attempt, PowerAction } from './fencing'
import { describeOutcome } from './fencing'
import type { Candidate, DevicePlan, HostPlan } from './plan'
import { describeRejection } from './plan'
import { preferenceKeyword } from './preferences'

/** `a, b and c`. */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** A preference entry as a sentence names it: `the cluster entry`, `the entry "jump1"`. */
export function entryWords(via: string): string {
  return preferenceKeyword(via) !== undefined ? `the ${via} entry` : `the entry "${via}"`
}

/** A candidate with the entry that admitted it: `jump1 (cluster)`. */
export function candidateWords(candidate: Pick<Candidate, 'proxy' | 'via'>): string {
  return `${candidate.proxy} (${candidate.via})`
}

/**
 * Why the machines a device's list names are not candidates, one clause each
 * with the entry that named them (`a3 (cluster) is in maintenance`); machines no entry admits are
 * left out.
 */
export function rejectionClauses(device: DevicePlan): string[] {
  return device.rejected
    .filter((r) => r.reason !== 'not-listed')
    .map((r) => `${r.proxy}${r.via ? ` (${r.via})` : ''} ${describeRejection(r.reason, r.since)}`)
}

/**
 * How the devices of one group (equal `order`) act together for an action (DESIGN.md §4), or
 * `undefined` for a group of one device.
 */
export function groupActionWords(
  devices: readonly string[],
  action: PowerAction,
): string | undefined {
  if (devices.length < 2) return undefined
  const names = joinWords([...devices])
  const each = devices.length === 2 ? 'both' : 'all of them'
  switch (action) {
    case 'status':
      return `${names} act together: the host counts as on if any of them reports on, as off only if ${each} report off.`
    case 'off':
      return `${names} act together: ${each} must reach off, checked by status, or the group fails.`
    case 'on':
      return `${names} act together: ${each} are powered on, then status must confirm on.`
    case 'restart':
      return `${names} act together: ${each} are powered off, checked off, then powered on — one left on would keep the host running.`
  }
}

/** The entry that admitted `proxy` for `device` in `plan`, if the plan lists it as a candidate. */
export function viaOf(
  plan: HostPlan | undefined,
  device: string,
  proxy: string,
): string | undefined {
  return plan?.devices.find((d) => d.device === device)?.candidates.find((c) => c.proxy === proxy)
    ?.via
}

/** Seconds or milliseconds for people. */
function took(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** One attempt as a sentence, with its fallback when a later attempt of the device moved on. */
function attemptLine(attempts: readonly Attempt[], index: number, plan?: HostPlan): string {
  const a = attempts[index]!
  const via = viaOf(plan, a.device, a.proxy)
  const through = `${a.device} ${a.action} through ${a.proxy}${via ? ` (${via})` : ''}`
  let what: string
  if (a.outcome === 'ok') what = a.power ? `answered, power ${a.power}` : 'succeeded'
  else if (a.passedOverFor) what = `passed over for ${a.passedOverFor}, which was ready first`
  else what = describeOutcome(a.outcome)
  let line = `${through}: ${what} (${took(a.ms)})`
  if (a.outcome !== 'ok' && a.outcome !== 'cancelled') {
    const next = attempts
      .slice(index + 1)
      .find((b) => b.device === a.device && b.action === a.action && b.proxy !== a.proxy)
    if (next) {
      const nextVia = viaOf(plan, next.device, next.proxy)
      line += ` — falls back to ${next.proxy}${nextVia ? ` (${nextVia})` : ''}`
    }
  }
  return `${line}.`
}

/** What a run did, told from its attempts. */
export interface RunStory {
  /** One sentence per attempt, in order. */
  steps: string[]
  /**
   * Per device: the proxy that answered its last call and the entry that admitted it
   * (`psu1 answered through jump1, admitted by the cluster entry, after a2 failed.`), or that
   * no proxy answered.
   */
  devices: string[]
}

/**
 * Tells a run from its attempts (in order) and, when given, the plan it ran on (for the entry that
 * admitted each proxy).
 */
export function describeRun(attempts: readonly Attempt[], plan?: HostPlan): RunStory {
  const steps = attempts.map((_, i) => attemptLine(attempts, i, plan))
  const devices: string[] = []
  const order = [...new Set(attempts.map((a) => a.device))]
  for (const device of order) {
    const mine = attempts.filter((a) => a.device === device)
    const answered = [...mine].reverse().find((a) => a.outcome === 'ok')
    if (!answered) {
      const tried = [...new Set(mine.map((a) => a.proxy))]
      const last = mine[mine.length - 1]!
      devices.push(
        last.outcome === 'cancelled'
          ? `${device}: cancelled while ${last.action} ran through ${last.proxy}.`
          : `No proxy answered for ${device}: ${joinWords(tried)} ${tried.length === 1 ? 'was' : 'were'} tried.`,
      )
      continue
    }
    const via = viaOf(plan, device, answered.proxy)
    const failed = [
      ...new Set(
        mine
          .slice(0, mine.indexOf(answered))
          .filter((a) => a.outcome !== 'ok' && a.proxy !== answered.proxy)
          .map((a) => a.proxy),
      ),
    ]
    devices.push(
      `${device} answered through ${answered.proxy}` +
        (via ? `, admitted by ${entryWords(via)}` : '') +
        (failed.length ? `, after ${joinWords(failed)} failed` : '') +
        '.',
    )
  }
  return { steps, devices }
}
