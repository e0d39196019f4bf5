/**
 * The lab-wide pass (DESIGN.md §8): for every host with devices and each device, whether any
 * machine can fence it, its first candidates and how many there are — what the tree's "no proxy"
 * warnings and coverage need. It agrees with {@link Planner.planHost} on every host, without
 * planning every machine of every host: hosts that share a cluster, a preference list and a device
 * agent share one route (the eligible machines each entry adds, in order), and each host only steps
 * over itself and the few machines a test placed before or after the others.
 */
import type { Device, Host } from '../document'
import type { Candidate } from '../plan'
import { preferenceKeyword } from '../preferences'
import { inOrder } from '../deviceGroups'
import type { Machine } from './machines'
import type { PlannerContext } from './plannerContext'

/** How many candidates per device the pass lists unless told otherwise. */
export const LAB_PASS_FIRST = 3

/** Options of the lab-wide pass. */
export interface LabPassOptions {
  /** How many candidates to list per device ({@link LAB_PASS_FIRST} by default). */
  first?: number
  /**
   * Machines (by id) to count among each device's candidates, wherever they sit in its list: who
   * would lose a proxy, or its last one, if they went.
   */
  watch?: ReadonlySet<string>
}

/** What the lab-wide pass says of one device. */
export interface DeviceSummary {
  device: string
  type: string
  order: number
  /** At least one machine can run its agent. */
  fenceable: boolean
  /** The first candidates, exactly as the host's plan lists them. */
  candidates: Candidate[]
  /** How many candidates the host's plan lists in all. */
  candidateCount: number
  /** How many of them last failed a test of this device (0 when none was tested). */
  failedCount: number
  /** With {@link LabPassOptions.watch}: how many of the candidates are watched machines. */
  watched?: number
}

/** What the lab-wide pass says of one host with devices. */
export interface HostSummary {
  hostId: string
  host: string
  /** Power management is enabled for the host. */
  enabled: boolean
  /** Its devices in plan order (by `order`, then document order). */
  devices: DeviceSummary[]
}

/** The lab-wide pass: every host with at least one device, in document order. */
export interface LabPass {
  /** How many candidates each device lists at most. */
  first: number
  hosts: HostSummary[]
}

/** The machines one preference entry adds to a route, each eligible whoever the target is. */
interface Segment {
  via: string
  machines: Machine[]
}

/** The candidates (target included, if eligible) of every device sharing a list and an agent. */
interface Route {
  segments: Segment[]
  count: number
  /** Every machine some entry admits, eligible or not. */
  admitted: ReadonlySet<Machine>
  agent: string | undefined
  /** The place in the route (entries in order) of each eligible machine a test went through. */
  where?: Map<Machine, number>
  /** Where each segment starts in that order. */
  starts: number[]
}

// A target that is no machine: the routes are built for every host of a cluster at once.
const NO_TARGET = { kind: 'host', id: '', name: '', address: '' } as Machine

function buildRoute(
  ctx: PlannerContext,
  list: readonly string[],
  target: Machine,
  agent: string | undefined,
): Route {
  const admitted = new Set<Machine>()
  const segments: Segment[] = []
  const starts: number[] = []
  let count = 0
  for (const raw of list) {
    const keyword = preferenceKeyword(raw)
    const via = keyword ?? raw.trim()
    const machines: Machine[] = []
    for (const m of ctx.admittedBy(keyword, via, target)) {
      if (admitted.has(m)) continue
      admitted.add(m)
      if (ctx.reasonFor(m, NO_TARGET, agent) === undefined) machines.push(m)
    }
    starts.push(count)
    count += machines.length
    segments.push({ via, machines })
  }
  return { segments, count, admitted, agent, starts }
}

/** The place in the route of every machine a test went through (what reorders an entry). */
function placesOf(route: Route, testedIds: ReadonlySet<string>): Map<Machine, number> {
  if (!route.where) {
    const where = new Map<Machine, number>()
    let index = 0
    for (const segment of route.segments)
      for (const m of segment.machines) {
        if (testedIds.has(m.id)) where.set(m, index)
        index++
      }
    route.where = where
  }
  return route.where
}

/** Whether `m` is one of the route's eligible machines (a host's own is then skipped). */
function holds(ctx: PlannerContext, route: Route, m: Machine): boolean {
  return route.admitted.has(m) && ctx.reasonFor(m, NO_TARGET, route.agent) === undefined
}

/** Runs the lab-wide pass over the context's document. */
export function passLab(ctx: PlannerContext, options: LabPassOptions = {}): LabPass {
  const first = Math.max(0, options.first ?? LAB_PASS_FIRST)
  const { doc, machines } = ctx
  const routes = new Map<string, Route>()

  // Which proxies a test reached each (host, device) through: those devices reorder their entries.
  const tested = new Map<string, Set<string>>()
  const testedIds = new Set<string>()
  for (const r of ctx.options.reachability ?? []) {
    const key = `${r.hostId}\u0000${r.deviceId}`
    let ids = tested.get(key)
    if (!ids) tested.set(key, (ids = new Set()))
    ids.add(r.proxyId)
    testedIds.add(r.proxyId)
  }
  let byId: Map<string, Machine[]> | undefined
  const machinesWithId = (id: string): readonly Machine[] => {
    if (!byId) {
      byId = new Map()
      for (const m of machines.machines) {
        const list = byId.get(m.id)
        if (list) list.push(m)
        else byId.set(m.id, [m])
      }
    }
    return byId.get(id) ?? []
  }

  function routeOf(host: Host, target: Machine, device: Device): Route {
    const list = ctx.preferencesOf(host, device).list
    const agent = ctx.options.agentOfType?.(device.type)
    const key = `${target.cluster ?? ''}\u0000${target.dataCenter ?? ''}\u0000${agent ?? ''}\u0000${list.join('\u0000')}`
    let route = routes.get(key)
    if (!route) routes.set(key, (route = buildRoute(ctx, list, target, agent)))
    return route
  }

  /** The first candidates of a device no test reached: the route in order, the target skipped. */
  function untestedFirst(host: Host, target: Machine, device: Device, route: Route): Candidate[] {
    const out: Candidate[] = []
    for (const segment of route.segments) {
      for (const m of segment.machines) {
        if (out.length >= first) return out
        if (m !== target) out.push(ctx.candidate(host, device, m, segment.via, 'untested'))
      }
    }
    return out
  }

  /** The first candidates of a tested device: per entry, reached first, untested, then failed. */
  function testedFirst(
    host: Host,
    target: Machine,
    device: Device,
    route: Route,
    proxyIds: ReadonlySet<string>,
  ): { candidates: Candidate[]; failed: number } {
    const where = placesOf(route, testedIds)
    const placed: { m: Machine; index: number; ok: boolean }[] = []
    const testedMachines = new Set<Machine>()
    for (const id of proxyIds) {
      for (const m of machinesWithId(id)) {
        const index = where.get(m)
        if (index === undefined || m === target) continue
        const reach = ctx.reachability.reachOf(host.id, device.id, m.id)
        if (reach === 'untested') continue
        testedMachines.add(m)
        placed.push({ m, index, ok: reach === 'ok' })
      }
    }
    placed.sort((a, b) => a.index - b.index)
    let failed = 0
    for (const p of placed) if (!p.ok) failed++
    const out: Candidate[] = []
    for (let s = 0; s < route.segments.length && out.length < first; s++) {
      const segment = route.segments[s]!
      const start = route.starts[s] ?? 0
      const end = start + segment.machines.length
      for (const p of placed)
        if (p.ok && p.index >= start && p.index < end && out.length < first)
          out.push(ctx.candidate(host, device, p.m, segment.via))
      for (const m of segment.machines) {
        if (out.length >= first) break
        if (m !== target && !testedMachines.has(m))
          out.push(ctx.candidate(host, device, m, segment.via))
      }
      for (const p of placed)
        if (!p.ok && p.index >= start && p.index < end && out.length < first)
          out.push(ctx.candidate(host, device, p.m, segment.via))
    }
    return { candidates: out, failed }
  }

  function watchedIn(route: Route, target: Machine, ids: ReadonlySet<string>): number {
    let n = 0
    for (const id of ids)
      for (const m of machinesWithId(id)) if (m !== target && holds(ctx, route, m)) n++
    return n
  }

  const hosts: HostSummary[] = []
  for (let index = 0; index < doc.hosts.length; index++) {
    const host = doc.hosts[index]!
    const target = machines.hostMachines[index]
    if (!target || !host.powerManagement?.devices.length) continue
    const devices: DeviceSummary[] = []
    for (const device of inOrder(host.powerManagement.devices)) {
      const route = routeOf(host, target, device)
      const candidateCount = route.count - (holds(ctx, route, target) ? 1 : 0)
      const proxyIds = tested.size > 0 ? tested.get(`${host.id}\u0000${device.id}`) : undefined
      const testedPart = proxyIds ? testedFirst(host, target, device, route, proxyIds) : undefined
      const summary: DeviceSummary = {
        device: device.id,
        type: device.type,
        order: device.order,
        fenceable: candidateCount > 0,
        candidates: testedPart ? testedPart.candidates : untestedFirst(host, target, device, route),
        candidateCount,
        failedCount: testedPart ? testedPart.failed : 0,
      }
      if (options.watch) summary.watched = watchedIn(route, target, options.watch)
      devices.push(summary)
    }
    hosts.push({ hostId: host.id, host: host.name, enabled: host.powerManagement.enabled, devices })
  }
  return { first, hosts }
}
