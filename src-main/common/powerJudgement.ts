/**
 * What a power action leaves behind (DESIGN.md §4, cancel): the power this run last confirmed for
 * each device, how each concurrent group stands (all off / all on / mixed / unknown), and the next
 * safe step for each case. The orchestrator, the CLI and the UI judge with these and nothing else.
 */
import { groupByOrder } from './deviceGroups'
import type { ActionResult, Attempt, DevicePower, PowerAction, PowerState } from './fencing'

/** How a group of devices (or the host) stands. */
export type GroupState = 'off' | 'on' | 'mixed' | 'unknown'

/** One concurrent group (devices of equal order) and how it stands. */
export interface GroupPower {
  order: number
  state: GroupState
  devices: DevicePower[]
}

/** How the host stands after an action: its groups, and the state that speaks for the host. */
export interface PowerJudgement {
  state: GroupState
  groups: GroupPower[]
}

/** A next step offered after an action: the action to start and its button's words. */
export interface NextStep {
  action: PowerAction
  label: string
}

/** What is left after an action, as the run panel and the CLI say it. */
export interface LeftState extends PowerJudgement {
  /** {@link MIXED_WARNING} when some group is mixed (and no whole group is off). */
  warning?: string
  /** The next safe steps, safest first; none after an action that did what it was asked. */
  steps: NextStep[]
}

/** The warning for a group left mixed (one supply off, another on or unknown). */
export const MIXED_WARNING = 'mixed — the host may be half-powered'

// Outcomes of an on/off call that may have reached the device: after one, its power is unknown
// until a status confirms it again. The others failed before the agent ran.
const MAY_HAVE_ACTED: ReadonlySet<Attempt['outcome']> = new Set([
  'ok',
  'device-error',
  'timeout',
  'cancelled',
])

/**
 * The power `attempts` last confirmed for each of `devices` (in the order given): a status that
 * answered on or off, unless an on/off call that may have reached the device came after it.
 */
export function lastKnownPower(
  devices: readonly { device: string; order: number }[],
  attempts: readonly Attempt[],
): DevicePower[] {
  return devices.map(({ device, order }) => {
    let known: DevicePower = { device, order, power: 'unknown' }
    for (const a of attempts) {
      if (a.device !== device) continue
      if (a.action === 'status') {
        if (a.outcome === 'ok' && (a.power === 'on' || a.power === 'off')) {
          const at = a.startedAt ? Date.parse(a.startedAt) + a.ms : NaN
          known = {
            device,
            order,
            power: a.power,
            ...(Number.isNaN(at) ? {} : { at: new Date(at).toISOString() }),
          }
        }
      } else if (MAY_HAVE_ACTED.has(a.outcome)) {
        known = { device, order, power: 'unknown' }
      }
    }
    return known
  })
}

/**
 * How one group stands: `off` when every device is off, `on` when every device is on, `mixed`
 * when some are off and others on or unknown, else `unknown`. Unknown is never off.
 */
export function judgeGroup(powers: readonly PowerState[]): GroupState {
  if (powers.length === 0) return 'unknown'
  const off = powers.filter((p) => p === 'off').length
  if (off === powers.length) return 'off'
  if (off > 0) return 'mixed'
  return powers.every((p) => p === 'on') ? 'on' : 'unknown'
}

/**
 * Judges every group of `devices` (by order) and the host: `off` when one whole group is off (it
 * cuts the host's power), else `mixed` when a group is mixed, else `on` when a group is all on,
 * else `unknown`.
 */
export function judgePower(devices: readonly DevicePower[]): PowerJudgement {
  const groups = groupByOrder(devices).map(({ order, members }) => ({
    order,
    state: judgeGroup(members.map((d) => d.power)),
    devices: members,
  }))
  const has = (state: GroupState): boolean => groups.some((g) => g.state === state)
  const state: GroupState = has('off')
    ? 'off'
    : has('mixed')
      ? 'mixed'
      : has('on')
        ? 'on'
        : 'unknown'
  return { state, groups }
}

/**
 * The next safe steps after `action` left the host `state`, safest first. Mixed after an off or a
 * restart: finish the power off, or power on; mixed after an on: finish it, or power off. Unknown:
 * ask the devices first. A restart stopped with the host off: power it on.
 */
export function nextSafeSteps(action: PowerAction, state: GroupState): NextStep[] {
  switch (state) {
    case 'mixed':
      if (action === 'on')
        return [
          { action: 'on', label: 'Finish power on' },
          { action: 'off', label: 'Power off' },
        ]
      if (action === 'status')
        return [
          { action: 'on', label: 'Power on' },
          { action: 'off', label: 'Power off' },
        ]
      return [
        { action: 'off', label: 'Finish power off' },
        { action: 'on', label: 'Power on' },
      ]
    case 'unknown':
      return [{ action: 'status', label: 'Check status' }]
    case 'off':
      return action === 'restart' ? [{ action: 'on', label: 'Power on' }] : []
    case 'on':
      return []
  }
}

/**
 * What `result` left: the judgement of its devices' last known power, the mixed warning, and the
 * next safe steps — offered when the action did not do what it was asked, or left a group mixed.
 * Undefined for a dry run or a result without `devicePower` (history written before it existed).
 */
export function leftState(result: ActionResult): LeftState | undefined {
  if (result.dryRunSteps || !result.devicePower?.length) return undefined
  const judgement = judgePower(result.devicePower)
  const mixed = judgement.state === 'mixed'
  return {
    ...judgement,
    ...(mixed ? { warning: MIXED_WARNING } : {}),
    steps: result.result !== 'ok' || mixed ? nextSafeSteps(result.action, judgement.state) : [],
  }
}

/** `psu1 off, psu2 unknown, pdu unknown`: the last known power of each device. */
export function describeDevicePower(devices: readonly DevicePower[]): string {
  return devices.map((d) => `${d.device} ${d.power}`).join(', ')
}

/**
 * The message of a cancelled action: what each device was last confirmed to be and, when a group
 * was left mixed, the warning. `Cancelled — mixed — the host may be half-powered: psu1 off, …`.
 */
export function cancelledMessage(devices: readonly DevicePower[]): string {
  const { state } = judgePower(devices)
  const known = describeDevicePower(devices)
  return state === 'mixed'
    ? `cancelled — ${MIXED_WARNING}: ${known}`
    : `cancelled — last known power: ${known}`
}
