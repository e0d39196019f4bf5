// The demo's guided scenarios in words generated from the plan and the faults, never written by
// hand: what a scenario breaks, and what Fencepost will do under it (which proxy, admitted by which
// entry, in order; why others fail or are left out). What a run did is told by common/runWords.
import type { DemoFaults } from '../../../src-main/common/api'
import { groupByOrder } from '../../../src-main/common/deviceGroups'
import {
  cutOffKey,
  hasSimulatedDevice,
  simulatedDeviceOf,
} from '../../../src-main/common/demoScenarios'
import type { Host } from '../../../src-main/common/document'
import type { AttemptOutcome, PowerAction } from '../../../src-main/common/fencing'
import { describeOutcome } from '../../../src-main/common/fencing'
import type { HostPlan } from '../../../src-main/common/plan'
import type { DemoContribution } from '../../../src-main/common/plugins'
import {
  candidateWords,
  groupActionWords,
  joinWords,
  rejectionClauses,
} from '../../../src-main/common/runWords'

/** What a demo fault makes of an attempt through one proxy, and why. */
export interface RouteFault {
  outcome: AttemptOutcome
  /** The fault in words: `a2 is down`. */
  why: string
}

const has = (list: readonly string[] | undefined, entry: string | undefined): boolean =>
  entry !== undefined && (list ?? []).includes(entry)

/**
 * The outcome the demo's simulated world gives an attempt on BMC `bmc` through proxy `proxyId`
 * (named `proxyName`), in the order the core meets the faults (plugins/sim/index.js): the
 * password is resolved before anything runs, then the proxy is reached, its host key checked, the
 * login made and the agent found, then the BMC is called. `undefined`: no fault stands in the way.
 */
export function routeFault(
  faults: DemoFaults,
  bmc: string | undefined,
  proxyId: string,
  proxyName = proxyId,
): RouteFault | undefined {
  if (has(faults.secretMissing, bmc))
    return { outcome: 'secret-missing', why: `the password of ${bmc} cannot be resolved` }
  if (has(faults.proxiesDown, proxyId))
    return { outcome: 'proxy-unreachable', why: `${proxyName} is down` }
  if (has(faults.hostKeyChanged, proxyId))
    return { outcome: 'host-key-mismatch', why: `${proxyName}'s host key changed` }
  if (has(faults.authFailing, proxyId))
    return { outcome: 'auth-failed', why: `${proxyName} refuses the login` }
  if (has(faults.agentMissing, proxyId))
    return { outcome: 'agent-missing', why: `${proxyName} has no fence agent` }
  if (bmc !== undefined && faults.cutOff.includes(cutOffKey(bmc, proxyId)))
    return { outcome: 'device-error', why: `${bmc} cannot be reached from ${proxyName}` }
  if (has(faults.failing, bmc)) return { outcome: 'device-error', why: `${bmc} fails every call` }
  return undefined
}

/**
 * The simulated BMC a device of a host names (the parameter `demo` says), if it is a device of the
 * demo world.
 */
export function bmcOfDevice(
  host: Host | undefined,
  device: string,
  demo: DemoContribution | undefined,
): string | undefined {
  return simulatedDeviceOf(
    host?.powerManagement?.devices.find((x) => x.id === device),
    demo,
  )
}

/**
 * What the demo's faults make of each route of a host's simulated devices, for the plan panel;
 * `undefined` when no fault is set or the host has no simulated device.
 */
export function demoRouteFaults(
  host: Host | undefined,
  faults: DemoFaults,
  demo: DemoContribution | undefined,
): ((device: string, proxyId: string, proxyName: string) => RouteFault | undefined) | undefined {
  const any = Object.values(faults).some((list) => Array.isArray(list) && list.length > 0)
  if (!any || !hasSimulatedDevice(host, demo)) return undefined
  return (device, proxyId, proxyName) => {
    const bmc = bmcOfDevice(host, device, demo)
    return bmc === undefined ? undefined : routeFault(faults, bmc, proxyId, proxyName)
  }
}

/** What a scenario breaks, in sentences (`a2 and jump1 are down.`); ids shown by `nameOf`. */
export function describeFaults(
  faults: DemoFaults,
  nameOf: (id: string) => string = (id) => id,
): string[] {
  const names = (ids: readonly string[] | undefined): string[] => (ids ?? []).map(nameOf)
  const lines: string[] = []
  const are = (ids: string[], one: string, many: string): string =>
    `${joinWords(ids)} ${ids.length === 1 ? one : many}`
  const down = names(faults.proxiesDown)
  if (down.length) lines.push(`${are(down, 'is', 'are')} down.`)
  const cut = new Map<string, string[]>()
  for (const key of faults.cutOff) {
    const at = key.lastIndexOf('|')
    const bmc = key.slice(0, at)
    cut.set(bmc, [...(cut.get(bmc) ?? []), nameOf(key.slice(at + 1))])
  }
  for (const [bmc, proxies] of cut)
    lines.push(`${bmc} cannot be reached from ${joinWords(proxies)}.`)
  if (faults.failing.length) lines.push(`${are(faults.failing, 'fails', 'fail')} every call.`)
  if (faults.slow.length) lines.push(`${are(faults.slow, 'answers', 'answer')} slowly.`)
  const auth = names(faults.authFailing)
  if (auth.length) lines.push(`${are(auth, 'refuses', 'refuse')} the login.`)
  const keys = names(faults.hostKeyChanged)
  if (keys.length) lines.push(`The host key of ${joinWords(keys)} changed.`)
  const agent = names(faults.agentMissing)
  if (agent.length) lines.push(`${are(agent, 'has', 'have')} no fence agent.`)
  if (faults.secretMissing?.length)
    lines.push(`The password of ${joinWords(faults.secretMissing)} cannot be resolved.`)
  return lines.length ? lines : ['Nothing is broken.']
}

/** One candidate of a device's route under the faults. */
export interface RouteStep {
  proxy: string
  proxyId: string
  via: string
  /** What stops an attempt through it; absent when it should answer. */
  fault?: RouteFault
  /** Its BMC answers slowly (it still answers). */
  slow?: boolean
}

/** One device: its route in plan order, the candidate expected to answer, who was left out. */
export interface DeviceForecast {
  device: string
  steps: RouteStep[]
  /** The first candidate no fault stops. */
  answers?: RouteStep
  /** Why listed machines are not candidates (`a3 (cluster) is in maintenance`). */
  rejected: string[]
}

/** One device group (equal `order`) and whether it should succeed. */
export interface GroupForecast {
  order: number
  devices: DeviceForecast[]
  /** Status needs one device to answer; on, off and restart need every one. */
  succeeds: boolean
}

/** What Fencepost will do for an action on a host under the demo's faults. */
export interface Forecast {
  host: string
  action: PowerAction
  /** The groups in the order they are tried; tried ones come first. */
  groups: GroupForecast[]
  /** How many groups will be tried: up to the first that succeeds. */
  tried: number
}

/** The forecast of `action` on the host `plan` is for, under `faults`. */
export function forecastScenario(
  plan: HostPlan,
  faults: DemoFaults,
  action: PowerAction,
  bmcOf: (device: string) => string | undefined,
): Forecast {
  const groups = groupByOrder(plan.devices).map(({ order, members }): GroupForecast => {
    const devices = members.map((d): DeviceForecast => {
      const bmc = bmcOf(d.device)
      const steps = d.candidates.map((c): RouteStep => {
        const fault = routeFault(faults, bmc, c.proxyId, c.proxy)
        return {
          proxy: c.proxy,
          proxyId: c.proxyId,
          via: c.via,
          ...(fault ? { fault } : {}),
          ...(has(faults.slow, bmc) ? { slow: true } : {}),
        }
      })
      const answers = steps.find((s) => !s.fault)
      return {
        device: d.device,
        steps,
        ...(answers ? { answers } : {}),
        rejected: rejectionClauses(d),
      }
    })
    const answering = devices.filter((d) => d.answers).length
    const succeeds = action === 'status' ? answering > 0 : answering === devices.length
    return { order, devices, succeeds }
  })
  const first = groups.findIndex((g) => g.succeeds)
  return { host: plan.host, action, groups, tried: first < 0 ? groups.length : first + 1 }
}

function stepWords(step: RouteStep): string {
  if (step.fault)
    return `${candidateWords(step)}, where ${step.fault.why}: ${describeOutcome(step.fault.outcome)}`
  return `${candidateWords(step)}, which should answer${step.slow ? ' (slowly)' : ''}`
}

/** The route of a device in words: tried in order up to the one expected to answer. */
function routeWords(d: DeviceForecast): string {
  if (d.steps.length === 0) return 'no candidate at all'
  const until = d.answers ? d.steps.indexOf(d.answers) + 1 : d.steps.length
  const tried = d.steps.slice(0, until).map(stepWords)
  let words = `tries ${tried[0]}`
  for (const step of tried.slice(1)) words += `; then ${step}`
  const unused = d.steps.slice(until)
  if (unused.length)
    words += `; ${joinWords(unused.map(candidateWords))} ${unused.length === 1 ? 'is' : 'are'} not needed`
  if (!d.answers) words += '; no candidate can answer under these faults'
  return words
}

/** A forecast as sentences, group by group; devices with the same route share a sentence. */
export function describeForecast(forecast: Forecast): string[] {
  const lines: string[] = []
  const names = (g: GroupForecast): string => joinWords(g.devices.map((d) => d.device))
  forecast.groups.slice(0, forecast.tried).forEach((group, i) => {
    if (i > 0)
      lines.push(
        `Group ${i} cannot succeed under these faults, so Fencepost falls back to group ${i + 1} (${names(group)}).`,
      )
    const together = groupActionWords(
      group.devices.map((d) => d.device),
      forecast.action,
    )
    if (together) lines.push(together)
    const byRoute = new Map<string, string[]>()
    for (const d of group.devices) {
      const rejected = d.rejected.length ? ` Not candidates: ${d.rejected.join('; ')}.` : ''
      const key = `${routeWords(d)}.${rejected}`
      byRoute.set(key, [...(byRoute.get(key) ?? []), d.device])
    }
    for (const [words, devices] of byRoute) lines.push(`${joinWords(devices)}: ${words}`)
  })
  const next = forecast.groups[forecast.tried]
  if (next && forecast.tried > 0 && forecast.groups[forecast.tried - 1]!.succeeds)
    lines.push(
      `Group ${forecast.tried + 1} (${names(next)}) is only tried if group ${forecast.tried} fails, so it is not needed.`,
    )
  if (!forecast.groups.some((g) => g.succeeds))
    lines.push(`No group can succeed under these faults: the ${forecast.action} fails.`)
  return lines
}
