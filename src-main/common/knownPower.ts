/**
 * What Fencepost knows of a host's power (DESIGN.md §4): the power an action or a status last
 * confirmed. A host known to be off is not used as a proxy (`powered-off`) until a status says
 * on. The core records it, the planner reads it, the UI shows it — all with these rules.
 */
import type { ActionResult } from './fencing'
import { judgePower } from './powerJudgement'

/** A host's power as an action or a status last confirmed it. */
export interface KnownPower {
  hostId: string
  /** The confirmed power; an unknown result is never recorded. */
  power: 'on' | 'off'
  /** When it was confirmed (ISO time). */
  at: string
  /** The action that confirmed it. */
  action: ActionResult['action']
}

/**
 * The power `result` confirmed for its host, or undefined when it confirmed nothing: a dry run,
 * or a result whose groups were left unknown or mixed. A result that says on or off confirmed it
 * (`status` of a group, a verified on/off/restart); a failed or cancelled action counts when this
 * run's own status polls confirmed a whole group off or on.
 */
export function confirmedPower(result: ActionResult): 'on' | 'off' | undefined {
  if (result.dryRunSteps) return undefined
  if (result.power === 'on' || result.power === 'off') return result.power
  const state = result.devicePower?.length ? judgePower(result.devicePower).state : 'unknown'
  return state === 'on' || state === 'off' ? state : undefined
}

/** `records` with `record` replacing the earlier record of its host. */
export function withKnownPower(records: readonly KnownPower[], record: KnownPower): KnownPower[] {
  return [...records.filter((r) => r.hostId !== record.hostId), record]
}

/** When the host was confirmed off (ISO time), or undefined when it is not known to be off. */
export function knownOffSince(
  records: readonly KnownPower[] | undefined,
  hostId: string,
): string | undefined {
  const found = records?.find((r) => r.hostId === hostId)
  return found?.power === 'off' ? found.at : undefined
}

const two = (n: number): string => String(n).padStart(2, '0')

/**
 * A confirmation time as people read it: `14:02` today, `2026-11-26 14:02` on another day (local
 * time); the text as given when it is not a time.
 */
export function formatConfirmedAt(at: string, now: Date = new Date()): string {
  const when = new Date(at)
  if (Number.isNaN(when.getTime())) return at
  const clock = `${two(when.getHours())}:${two(when.getMinutes())}`
  const sameDay =
    when.getFullYear() === now.getFullYear() &&
    when.getMonth() === now.getMonth() &&
    when.getDate() === now.getDate()
  return sameDay
    ? clock
    : `${when.getFullYear()}-${two(when.getMonth() + 1)}-${two(when.getDate())} ${clock}`
}

/** What a status must say to make a host known off a proxy again, as the UI and CLI say it. */
export const POWERED_OFF_HINT = 'a status that says on makes it a proxy again'

/**
 * `is powered off (confirmed 14:02) — a status that says on makes it a proxy again`: the words of
 * the `powered-off` rejection and of the tree's and graph's marker.
 */
export function describePoweredOff(since?: string, now?: Date): string {
  const confirmed = since ? ` (confirmed ${formatConfirmedAt(since, now)})` : ''
  return `is powered off${confirmed} — ${POWERED_OFF_HINT}`
}
