/** Power actions and their results (DESIGN.md §4, §7). */

/** A power action on a host. */
export type PowerAction = 'status' | 'on' | 'off' | 'restart'

/** A power state as the agents report it. */
export type PowerState = 'on' | 'off' | 'unknown'

/** The outcome of one attempt (one device through one proxy). */
export type AttemptOutcome =
  | 'ok'
  | 'proxy-unreachable'
  | 'auth-failed'
  | 'host-key-mismatch'
  | 'agent-missing'
  | 'secret-missing'
  | 'device-error'
  | 'timeout'
  | 'cancelled'

/** One attempt: an agent call for one device through one proxy. */
export interface Attempt {
  device: string
  proxy: string
  action: 'status' | 'on' | 'off'
  outcome: AttemptOutcome
  ms: number
  /** When the attempt started (ISO time). */
  startedAt?: string
  /** The power state the agent reported, for status calls. */
  power?: PowerState
  /** What the agent (or the connection) said when it failed. */
  message?: string
  /** The stdin sent, secrets shown as `***`. */
  stdin?: string
  /** The last lines the agent printed (stdout, then stderr). */
  output?: string
}

/** The result of a power action (`--json` shape of DESIGN.md §7). */
export interface ActionResult {
  host: string
  action: PowerAction
  result: 'ok' | 'failed'
  power: PowerState
  attempts: Attempt[]
  /** Why it failed, in words. */
  message?: string
  /** A dry run: what would be tried, nothing executed. */
  dryRunSteps?: DryRunStep[]
}

/** One device of a dry run: the proxies in plan order and the exact stdin (secrets as `***`). */
export interface DryRunStep {
  device: string
  order: number
  action: 'status' | 'on' | 'off'
  proxies: string[]
  stdin: string
}

/** Words for an outcome code, as UX.md asks. */
export function describeOutcome(outcome: AttemptOutcome): string {
  switch (outcome) {
    case 'ok':
      return 'succeeded'
    case 'proxy-unreachable':
      return 'could not reach proxy'
    case 'auth-failed':
      return 'could not log into proxy'
    case 'host-key-mismatch':
      return "proxy's host key does not match"
    case 'agent-missing':
      return 'fence agent not installed on proxy'
    case 'secret-missing':
      return 'a secret could not be resolved'
    case 'device-error':
      return 'the device refused or failed'
    case 'timeout':
      return 'no answer in time'
    case 'cancelled':
      return 'cancelled'
  }
}
