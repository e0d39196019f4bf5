/**
 * Coverage (DESIGN.md §8): can every host be fenced, by how many independent routes, through which
 * first route and in how long — and which single machine, or shared power unit, would take a
 * host's last route with it. Pure: the same code answers `fencepost coverage` and the UI's view.
 *
 * Definitions, for a host with power management enabled and at least one device:
 * - A device's **working candidates** are its plan's candidates (DESIGN.md §3) less those whose
 *   last test of this device failed: a route through a proxy known not to reach the device is
 *   broken. A device whose power unit is assumed down has none.
 * - A **group** is the devices of one `order` (a concurrent group). It can fence when every one of
 *   its devices has a working candidate. The host is **fenceable** when some group can.
 * - **paths**: the number of distinct (group, k-th working candidate) routes — per group that can
 *   fence, the working candidates of its poorest device (route k takes each device's k-th), summed
 *   over the groups. 1 means a single broken machine or device stops fencing the host. Two groups
 *   that both lean on one machine count as 2 here; that machine is still listed in
 *   `singlePointsOfFailure` (and in the host's `dependsOn`), which is the exact answer to "what
 *   breaks if this one machine goes".
 * - **route**: the first group that can fence, with each device's first working candidate — what
 *   the engine would try first.
 * - A machine is a **single point of failure** for a host when every group that can fence has a
 *   device whose only working candidate is that machine. One pass of the lab-wide planner finds
 *   them for every machine at once (no re-planning per machine).
 * - A power unit (sharedDevices.ts) **takes** a host when every group that can fence has a device
 *   on it.
 * - **budget**: the time budget of `off` (budget.ts) from the plan's candidates, failed ones
 *   included: the engine still tries them, last.
 */
import type { AppSettings } from '../api'
import { BUDGET_ACTION, hostBudget, overBudget } from '../budget'
import type { Budget } from '../budget'
import type { Host, TopologyDocument } from '../document'
import { groupByOrder } from '../deviceGroups'
import { describeRejection } from '../plan'
import type { Candidate } from '../plan'
import type { DeviceSummary } from '../planner/labPass'
import { createPlanner } from '../planner/planHost'
import type { Planner, PlannerOptions } from '../planner/planHost'
import { formatPreferenceList } from '../preferences'
import { DEFAULT_SETTINGS } from '../settings'
import { powerUnitOf, powerUnits, unitName } from '../sharedDevices'
import type { PowerUnit } from '../sharedDevices'
import { emptyWithout, resolveWithout } from './without'
import type { WithoutSet } from './without'

/** One step of a route: a device and the proxy that would run its agent. */
export interface RouteStep {
  device: string
  proxy: string
}

/** What coverage says of one host. */
export interface HostCoverage {
  host: string
  hostId: string
  fenceable: boolean
  /** Independent routes (see the module comment); 0 when not fenceable. */
  paths: number
  /** The first route; empty when not fenceable. */
  route: RouteStep[]
  /** Best and worst case of `off` (budget.ts). */
  budget: Budget
  /** The worst case exceeds `fencing.budgetLimitMs`. */
  overBudget: boolean
  /** Machines (names) whose loss alone leaves the host with no route. */
  dependsOn: string[]
  /** Why the host cannot be fenced, in words; absent when it can. */
  why?: string
}

/** A machine whose loss alone leaves some hosts with no route. */
export interface SinglePointOfFailure {
  /** The machine's name (the engine's for the engine). */
  machine: string
  machineId: string
  kind: 'engine' | 'host' | 'proxy'
  /** The hosts (names) it would leave unfenceable, document order. */
  hosts: string[]
}

/** A power unit (PDU, chassis) that powers several hosts. */
export interface SharedDevice {
  /** The unit's address as its devices give it; `address:port` in `name` when it has a port. */
  address: string
  port?: string
  /** How `--without` and the words name it. */
  name: string
  type: string
  /** The hosts it powers (names, document order). */
  hosts: string[]
  /** Of those, the hosts its loss alone would leave with no route. */
  hostsLost: string[]
  /** Assumed down in this report's "what if". */
  down: boolean
}

/** The coverage of a lab (`coverage --json`, DESIGN.md §8). */
export interface CoverageReport {
  /** Every host with power management enabled and a device, in document order. */
  hosts: HostCoverage[]
  /** Machines whose loss alone leaves some host with no route, most hosts first. */
  singlePointsOfFailure: SinglePointOfFailure[]
  /** Power units that power more than one host. */
  sharedDevices: SharedDevice[]
  /** What this report assumes down ("what if"), by name. */
  without: { machines: string[]; units: string[] }
  /**
   * Counts over {@link hosts}; `singleRoute`: fenceable, but with one route or one machine to
   * lose (not {@link hasSpareRoute}).
   */
  summary: {
    hosts: number
    fenceable: number
    singleRoute: number
    noRoute: number
    overBudget: number
  }
}

/** Options of {@link computeCoverage}. */
export interface CoverageOptions {
  /**
   * Machines (id, name, address) and power units (address, `address:port`) assumed down. A
   * reference that names nothing is ignored here; resolve it first ({@link resolveWithout}) to
   * report it. A resolved set may be given instead.
   */
  without?: readonly string[] | WithoutSet
  /** Settings for the budgets and their limit ({@link DEFAULT_SETTINGS} if left out). */
  settings?: AppSettings
}

/** How many failing candidates or rejected machines a `why` names per device. */
const WHY_NAMES = 3

interface DeviceState {
  summary: DeviceSummary
  order: number
  /** Its power unit, when shared or assumed down. */
  unit: PowerUnit | undefined
  unitDown: boolean
  working: number
}

function isWithoutSet(value: readonly string[] | WithoutSet): value is WithoutSet {
  return !Array.isArray(value)
}

function namesWithMore(names: readonly string[], total: number): string {
  const more = total - names.length
  return names.join(', ') + (more > 0 ? ` and ${more} more` : '')
}

/** Fenceable, and no single machine or route to lose: what the UI colours green. */
export function hasSpareRoute(host: HostCoverage): boolean {
  return host.fenceable && host.paths > 1 && host.dependsOn.length === 0
}

/**
 * The coverage of a document (see the module comment for every definition).
 * @param options the planner's options (test results, known power, agents: plannerInputs.ts).
 */
export function computeCoverage(
  doc: TopologyDocument,
  plannerOptions: PlannerOptions = {},
  options: CoverageOptions = {},
): CoverageReport {
  const settings = options.settings ?? DEFAULT_SETTINGS
  const given = options.without
  const without: WithoutSet =
    given === undefined ? emptyWithout() : isWithoutSet(given) ? given : resolveWithout(doc, given)
  const unavailable = new Set([...(plannerOptions.unavailable ?? []), ...without.machineIds])
  const planner: Planner = createPlanner(doc, { ...plannerOptions, unavailable })
  const pass = planner.labPass()

  const hostsById = new Map<string, Host>()
  for (const host of doc.hosts) if (!hostsById.has(host.id)) hostsById.set(host.id, host)
  const machineOf = new Map<string, { name: string; kind: SinglePointOfFailure['kind'] }>()
  machineOf.set('engine', { name: doc.engine.name, kind: 'engine' })
  for (const host of doc.hosts)
    if (!machineOf.has(host.id)) machineOf.set(host.id, { name: host.name, kind: 'host' })
  for (const proxy of doc.proxies)
    if (!machineOf.has(proxy.id)) machineOf.set(proxy.id, { name: proxy.name, kind: 'proxy' })

  /** The device's full plan: for the rare device whose first listed candidates all failed. */
  const fullCandidates = (hostId: string, deviceId: string): Candidate[] =>
    planner.planHost(hostId, deviceId, { notListed: false }).devices[0]?.candidates ?? []
  const firstWorking = (hostId: string, state: DeviceState): Candidate | undefined =>
    state.summary.candidates.find((c) => c.reach !== 'failed') ??
    fullCandidates(hostId, state.summary.device).find((c) => c.reach !== 'failed')

  const hosts: HostCoverage[] = []
  const spofHosts = new Map<string, string[]>()
  const unitHostsLost = new Map<string, string[]>()

  // Only units that power several hosts, or are assumed down, matter: a host's own BMC is no news.
  const units = powerUnits(doc)
  const watchedUnits = new Set(
    units.filter((u) => u.hosts.length > 1 || without.unitKeys.has(u.key)).map((u) => u.key),
  )

  for (const summary of pass.hosts) {
    if (!summary.enabled) continue
    const docDevices = hostsById.get(summary.hostId)?.powerManagement?.devices ?? []
    const states: DeviceState[] = summary.devices.map((d) => {
      const device = docDevices.find((x) => x.id === d.device)
      const unit = device && watchedUnits.size > 0 ? powerUnitOf(device) : undefined
      const unitDown = unit !== undefined && without.unitKeys.has(unit.key)
      return {
        summary: d,
        order: d.order,
        unit: unit && watchedUnits.has(unit.key) ? unit : undefined,
        unitDown,
        working: unitDown ? 0 : Math.max(0, d.candidateCount - d.failedCount),
      }
    })
    const groups = groupByOrder(states).map((g) => g.members)
    const usable = groups.filter((g) => g.every((s) => s.working > 0))

    let paths = 0
    for (const g of usable) {
      let poorest = Infinity
      for (const s of g) poorest = Math.min(poorest, s.working)
      paths += poorest
    }

    const route: RouteStep[] = []
    for (const s of usable[0] ?? []) {
      const c = firstWorking(summary.hostId, s)
      if (c) route.push({ device: s.summary.device, proxy: c.proxy })
    }

    // What every group that can fence would fall with: each group's devices' sole working
    // candidate, and the shared units its devices are on; kept where all groups agree.
    let sole: string[] | undefined
    let lostWith: string[] | undefined
    for (const g of usable) {
      const mine: string[] = []
      const myUnits: string[] = []
      for (const s of g) {
        if (s.unit) myUnits.push(s.unit.key)
        if (s.working !== 1) continue
        const c = firstWorking(summary.hostId, s)
        if (c) mine.push(c.proxyId)
      }
      sole = sole ? sole.filter((id) => mine.includes(id)) : mine
      lostWith = lostWith ? lostWith.filter((k) => myUnits.includes(k)) : myUnits
    }
    const dependsOn: string[] = []
    for (const id of new Set(sole)) {
      dependsOn.push(machineOf.get(id)?.name ?? id)
      let list = spofHosts.get(id)
      if (!list) spofHosts.set(id, (list = []))
      list.push(summary.host)
    }
    for (const key of new Set(lostWith)) {
      let list = unitHostsLost.get(key)
      if (!list) unitHostsLost.set(key, (list = []))
      list.push(summary.host)
    }

    const budget = hostBudget(summary.devices, BUDGET_ACTION, settings)
    const bestWorst: Budget = { bestMs: budget.bestMs, worstMs: budget.worstMs }
    const entry: HostCoverage = {
      host: summary.host,
      hostId: summary.hostId,
      fenceable: usable.length > 0,
      paths,
      route,
      budget: bestWorst,
      overBudget: overBudget(bestWorst, settings),
      dependsOn,
    }
    if (usable.length === 0) entry.why = whyNot(planner, summary.hostId, groups)
    hosts.push(entry)
  }

  const singlePointsOfFailure: SinglePointOfFailure[] = [...spofHosts.entries()]
    .map(([machineId, list]) => {
      const m = machineOf.get(machineId)
      return { machine: m?.name ?? machineId, machineId, kind: m?.kind ?? 'host', hosts: list }
    })
    // Stable: equal counts keep the order the hosts first met them.
    .sort((a, b) => b.hosts.length - a.hosts.length)

  const sharedDevices: SharedDevice[] = []
  for (const unit of units) {
    const down = without.unitKeys.has(unit.key)
    if (unit.hosts.length < 2 && !down) continue
    sharedDevices.push({
      address: unit.address,
      ...(unit.port === undefined ? {} : { port: unit.port }),
      name: unitName(unit),
      type: unit.type,
      hosts: unit.hosts,
      hostsLost: unitHostsLost.get(unit.key) ?? [],
      down,
    })
  }

  let fenceable = 0
  let singleRoute = 0
  let over = 0
  for (const h of hosts) {
    if (h.fenceable) fenceable++
    if (h.fenceable && !hasSpareRoute(h)) singleRoute++
    if (h.overBudget) over++
  }
  return {
    hosts,
    singlePointsOfFailure,
    sharedDevices,
    without: { machines: without.machines, units: without.units },
    summary: {
      hosts: hosts.length,
      fenceable,
      singleRoute,
      noRoute: hosts.length - fenceable,
      overBudget: over,
    },
  }
}

/** Why no group of a host can fence, device by device, in the plan's words. */
function whyNot(planner: Planner, hostId: string, groups: DeviceState[][]): string {
  if (groups.length === 0) return 'it has no fence devices'
  const parts: string[] = []
  for (const g of groups) {
    for (const s of g) {
      if (s.working > 0) continue
      const name = s.summary.device
      if (s.unitDown && s.unit) {
        parts.push(`${name}: its power unit ${unitName(s.unit)} is assumed down`)
        continue
      }
      const plan = planner.planHost(hostId, name, { notListed: false }).devices[0]
      if (!plan) continue
      if (plan.candidates.length > 0) {
        const names = plan.candidates.slice(0, WHY_NAMES).map((c) => c.proxy)
        parts.push(
          `${name}: every candidate last failed its test (${namesWithMore(names, plan.candidates.length)})`,
        )
        continue
      }
      const listed = plan.rejected.filter((r) => r.reason !== 'not-listed')
      // The target admitted by its own cluster is named only when nothing else was admitted.
      const others = listed.filter((r) => r.reason !== 'target')
      const rejected = others.length > 0 ? others : listed
      if (rejected.length === 0) {
        const unknown = plan.unknownReferences.length
          ? `; ${plan.unknownReferences.join(', ')} ${plan.unknownReferences.length === 1 ? 'names' : 'name'} no machine`
          : ''
        parts.push(
          `${name}: its preferences (${formatPreferenceList(plan.preferences.list)}) admit no machine${unknown}`,
        )
        continue
      }
      const words = rejected
        .slice(0, WHY_NAMES)
        .map((r) => `${r.proxy} ${describeRejection(r.reason, r.since)}`)
      const more = rejected.length - words.length
      parts.push(
        `${name}: no proxy — ${words.join('; ')}${more > 0 ? `; and ${more} more rejected` : ''}`,
      )
    }
  }
  return parts.join(' · ')
}
