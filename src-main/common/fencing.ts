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
  /**
   * Set when the agent never ran here because this proxy had no SSH handshake yet when another
   * candidate (named here) was ready: the hedged fallback of DESIGN.md §5 passed it over.
   */
  passedOverFor?: string
}

/** What one run last confirmed for one device (DESIGN.md §4: cancel reports it). */
export interface DevicePower {
  device: string
  /** The device's group (its `order`): devices of equal order act together. */
  order: number
  /** `unknown` when this run never confirmed it, or sent on/off after it last did. */
  power: PowerState
  /** When status confirmed `power` (ISO time); absent when unknown. */
  at?: string
}

/**
 * The result of a power action (`--json` shape of DESIGN.md §7). `cancelled`: the user stopped it;
 * `devicePower` then says what each device was last confirmed to be (powerJudgement.ts judges it).
 */
export interface ActionResult {
  host: string
  action: PowerAction
  result: 'ok' | 'failed' | 'cancelled'
  power: PowerState
  attempts: Attempt[]
  /** The last known power of every device of the host, in plan order (not for dry runs). */
  devicePower?: DevicePower[]
  /** Why it failed, in words; for a dry run, why the real action would be refused. */
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

/** Seconds for people: `1.5 s`. */
function seconds(ms: number): string {
  return `${(Math.round(ms / 100) / 10).toFixed(1)} s`
}

/** What a hedge did (DESIGN.md §5), in words: the CLI line and the UI's note. */
export function describeHedge(hedge: {
  device: string
  slowProxy: string
  nextProxy: string
  afterMs: number
}): string {
  return (
    `${hedge.device}: ${hedge.slowProxy} has not completed the SSH handshake after ` +
    `${seconds(hedge.afterMs)} — connecting to ${hedge.nextProxy} in parallel`
  )
}

/** Why a proxy was passed over by the hedged fallback: the message of its attempt. */
export function passedOverMessage(chosenProxy: string, waitedMs: number): string {
  return (
    `no SSH handshake after ${seconds(waitedMs)}; passed over for ${chosenProxy}, ` +
    'which was ready first (the agent ran there)'
  )
}
