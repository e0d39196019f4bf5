/** The plan of a host (DESIGN.md §3, §7): which proxy would run which device, and why. */
import type { AttemptOutcome, PowerState } from './fencing'
import { describePoweredOff } from './knownPower'

/** Where the applying preference list came from. */
export type PreferenceSource = 'device' | 'host' | 'cluster' | 'dataCenter' | 'defaults' | 'builtin'

/**
 * Why a machine is not a candidate for a device. `status:<status>` names the host's status;
 * `powered-off`: an action or a status confirmed the host off (knownPower.ts); `unavailable`:
 * assumed down in a coverage "what if" (PlannerOptions.unavailable).
 */
export type RejectionReason =
  | 'target'
  | 'not-a-proxy'
  | `status:${string}`
  | 'disabled'
  | 'unavailable'
  | 'powered-off'
  | 'agent-missing'
  | 'not-listed'

/** A machine admitted as a candidate, in the order it would be tried. */
export interface Candidate {
  /** The machine's name (`engine` for the engine). */
  proxy: string
  /** The machine's id (`engine` for the engine). */
  proxyId: string
  /** The preference entry that admitted it. */
  via: string
  /** Its last reachability result for this device, if any. */
  reach: 'ok' | 'failed' | 'untested'
  /** When that result was tested (ISO time); absent when `untested`. */
  testedAt?: string
}

/** A machine that will not run this device's agent. */
export interface Rejection {
  proxy: string
  proxyId: string
  reason: RejectionReason
  /** The entry that would have admitted it; absent for `not-listed`. */
  via?: string
  /** For `powered-off`: when the host was confirmed off (ISO time). */
  since?: string
}

/** The plan of one device. */
export interface DevicePlan {
  device: string
  type: string
  order: number
  preferences: { list: string[]; from: PreferenceSource; fromName?: string }
  candidates: Candidate[]
  rejected: Rejection[]
  /** Named entries that match no machine of the document. */
  unknownReferences: string[]
}

/** The plan of one host. */
export interface HostPlan {
  host: string
  hostId: string
  enabled: boolean
  devices: DevicePlan[]
}

/** The last result of running a device's status through one proxy (`fencepost test`). */
export interface ReachabilityResult {
  hostId: string
  deviceId: string
  proxyId: string
  ok: boolean
  /** ISO time of the test. */
  at: string
  /** The agent's message when it failed. */
  message?: string
  /** The attempt's outcome (`agent-missing` teaches the planner what a machine lacks). */
  outcome?: AttemptOutcome
  /** The power the device reported through this proxy (readiness flags a group left mixed). */
  power?: PowerState
}

/**
 * Words for a rejection reason, as the UI and the CLI show them; `since` is the rejection's own
 * (when a `powered-off` host was confirmed off).
 */
export function describeRejection(reason: RejectionReason, since?: string): string {
  if (reason.startsWith('status:')) {
    const status = reason.slice('status:'.length)
    return status === 'maintenance' ? 'is in maintenance' : `is ${status.replace('-', ' ')}, not up`
  }
  switch (reason) {
    case 'target':
      return 'is the host being fenced'
    case 'not-a-proxy':
      return 'may not act as a proxy (canProxy is false)'
    case 'disabled':
      return 'is disabled'
    case 'unavailable':
      return 'is assumed down (what if)'
    case 'powered-off':
      return describePoweredOff(since)
    case 'agent-missing':
      return "has no fence agent for this device's type"
    case 'not-listed':
      return 'no preference entry admits it'
    default:
      return reason
  }
}
