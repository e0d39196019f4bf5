// The topology as a graph: data centers and clusters as boxes, hosts and proxies inside, the
// engine on top, standalone proxies to the side. For the selected host its devices get a lane at
// the bottom, with the plan's route (proxy → device) and, after an action, the attempts.
import type { Edge, Node } from '@vue-flow/core'
import type { HostStatus, TopologyDocument } from '../../../src-main/common/document'
import type { Attempt } from '../../../src-main/common/fencing'
import type { HostPlan } from '../../../src-main/common/plan'

/**
 * How the last action went through a machine or a route: it worked, it failed, or it was only
 * cancelled there (the user stopped it — not a failure, and its result is unknown).
 */
export type GraphRoute = 'ok' | 'failed' | 'cancelled'

/** The worse-first merge of attempts on one route: ok wins, then failed, then cancelled. */
function routeOfAttempts(outcomes: readonly string[]): GraphRoute | undefined {
  if (outcomes.length === 0) return undefined
  if (outcomes.includes('ok')) return 'ok'
  return outcomes.every((o) => o === 'cancelled') ? 'cancelled' : 'failed'
}

/** What a node of the graph shows. */
export interface GraphNodeData {
  kind: 'engine' | 'dataCenter' | 'cluster' | 'host' | 'proxy' | 'device' | 'lane'
  label: string
  detail?: string
  status?: HostStatus
  selected?: boolean
  /** On the route of the last action (used, ok), tried and failed, or only cancelled there. */
  route?: GraphRoute
  /** A device no machine can fence. */
  noProxy?: boolean
  refId?: string
}

const HOST_W = 132
const HOST_H = 36
const GAP = 10
const PAD = 12
const HEAD = 30

/** Height of the zone above the devices where the route numbers sit. */
const LABEL_ZONE = 20
/**
 * Routes leave a proxy sideways into a corridor of their own beside its column of machines: the
 * first corridor this far from the machines, the next ones a step further out. Every column keeps
 * room for a corridor per machine (half on each side), so the layout does not move when a host is
 * selected and two proxies never share one.
 */
const LANE_FIRST = 4
const LANE_STEP = 6
/** Distance between two proxies' horizontal runs above the devices. */
const RUN_STEP = 8
/** Routes drawn per device beyond those the last action tried: its first candidates. */
const MAX_ROUTES = 6

/** The gutter on each side of a column of `count` machines: its corridors and a margin. */
function gutterOf(count: number): number {
  const perSide = Math.ceil(Math.max(1, count) / 2)
  return Math.max(PAD, LANE_FIRST + (perSide - 1) * LANE_STEP + LANE_FIRST)
}

/** The engine's id as a plan's candidates name it. */
const ENGINE = 'engine'
const machineNode = (id: string) => `m:${id}`
const deviceNode = (id: string) => `dev:${id}`

/** Builds nodes and edges. `attempts` are those of the host's last action, if any. */
export function buildGraph(
  doc: TopologyDocument,
  selectedHostId: string | undefined,
  plan: HostPlan | undefined,
  attempts: readonly Attempt[] = [],
): { nodes: Node<GraphNodeData>[]; edges: Edge[] } {
  const nodes: Node<GraphNodeData>[] = []
  const edges: Edge[] = []
  const nameToId = new Map<string, string>([
    [doc.engine.name, 'engine'],
    ['engine', 'engine'],
  ])
  for (const h of doc.hosts) nameToId.set(h.name, h.id)
  for (const p of doc.proxies) nameToId.set(p.name, p.id)

  const outcomesOf = new Map<string, string[]>()
  for (const a of attempts) {
    const id = nameToId.get(a.proxy) ?? a.proxy
    outcomesOf.set(id, [...(outcomesOf.get(id) ?? []), a.outcome])
  }
  const routeOf = new Map<string, GraphRoute>()
  for (const [id, outcomes] of outcomesOf) routeOf.set(id, routeOfAttempts(outcomes)!)

  nodes.push({
    id: machineNode('engine'),
    type: 'machine',
    position: { x: 20, y: 10 },
    data: {
      kind: 'engine',
      label: doc.engine.name,
      detail: doc.engine.exec === 'local' ? 'engine · local' : 'engine',
      route: routeOf.get('engine'),
      refId: 'engine',
    },
    width: HOST_W,
    height: HOST_H,
  })

  let x = 20
  const top = 80
  let bottom = top
  for (const dc of doc.dataCenters) {
    const clusters = doc.clusters.filter((c) => c.dataCenter === dc.id)
    const dcProxies = doc.proxies.filter((p) => p.dataCenter === dc.id && !p.cluster)
    const dcId = `dc:${dc.id}`
    let cx = PAD
    let maxH = 0
    const children: Node<GraphNodeData>[] = []
    for (const c of clusters) {
      const hosts = doc.hosts.filter((h) => h.cluster === c.id)
      const proxies = doc.proxies.filter((p) => p.cluster === c.id)
      const count = Math.max(1, hosts.length + proxies.length)
      const h = HEAD + count * (HOST_H + GAP) + PAD - GAP
      const gutter = gutterOf(count)
      const cid = `cl:${c.id}`
      children.push({
        id: cid,
        type: 'box',
        parentNode: dcId,
        position: { x: cx, y: HEAD },
        data: { kind: 'cluster', label: c.name, refId: c.id },
        width: HOST_W + 2 * gutter,
        height: h,
        selectable: false,
      })
      let y = HEAD
      for (const host of hosts) {
        children.push({
          id: machineNode(host.id),
          type: 'machine',
          parentNode: cid,
          position: { x: gutter, y },
          data: {
            kind: 'host',
            label: host.name,
            status: host.status,
            selected: host.id === selectedHostId,
            route: routeOf.get(host.id),
            refId: host.id,
          },
          width: HOST_W,
          height: HOST_H,
        })
        y += HOST_H + GAP
      }
      for (const p of proxies) {
        children.push({
          id: machineNode(p.id),
          type: 'machine',
          parentNode: cid,
          position: { x: gutter, y },
          data: {
            kind: 'proxy',
            label: p.name,
            detail: 'jump box',
            route: routeOf.get(p.id),
            refId: p.id,
          },
          width: HOST_W,
          height: HOST_H,
        })
        y += HOST_H + GAP
      }
      maxH = Math.max(maxH, h)
      cx += HOST_W + 2 * gutter + GAP
    }
    if (dcProxies.length) {
      let y = HEAD
      // No box of their own: the room for their corridors is kept beside them all the same.
      const extra = gutterOf(dcProxies.length) - PAD
      for (const p of dcProxies) {
        children.push({
          id: machineNode(p.id),
          type: 'machine',
          parentNode: dcId,
          position: { x: cx + extra, y },
          data: {
            kind: 'proxy',
            label: p.name,
            detail: 'jump box (dc)',
            route: routeOf.get(p.id),
            refId: p.id,
          },
          width: HOST_W,
          height: HOST_H,
        })
        y += HOST_H + GAP
      }
      maxH = Math.max(maxH, y - HEAD)
      cx += HOST_W + 2 * extra + GAP
    }
    const width = Math.max(cx + PAD - GAP, 180)
    const height = HEAD + Math.max(maxH, 40) + PAD
    nodes.push({
      id: dcId,
      type: 'box',
      position: { x, y: top },
      data: { kind: 'dataCenter', label: dc.name, refId: dc.id },
      width,
      height,
      selectable: false,
    })
    nodes.push(...children)
    x += width + 24
    bottom = Math.max(bottom, top + height)
  }

  const loose = doc.proxies.filter((p) => !p.cluster && !p.dataCenter)
  if (loose.length) {
    const laneH = HEAD + loose.length * (HOST_H + GAP) + PAD - GAP
    const gutter = gutterOf(loose.length)
    nodes.push({
      id: 'lane:proxies',
      type: 'box',
      position: { x, y: top },
      data: { kind: 'lane', label: 'standalone proxies' },
      width: HOST_W + 2 * gutter,
      height: laneH,
      selectable: false,
    })
    loose.forEach((p, i) => {
      nodes.push({
        id: machineNode(p.id),
        type: 'machine',
        parentNode: 'lane:proxies',
        position: { x: gutter, y: HEAD + i * (HOST_H + GAP) },
        data: {
          kind: 'proxy',
          label: p.name,
          detail: p.address,
          route: routeOf.get(p.id),
          refId: p.id,
        },
        width: HOST_W,
        height: HOST_H,
      })
    })
    bottom = Math.max(bottom, top + laneH)
  }

  const host = selectedHostId ? doc.hosts.find((h) => h.id === selectedHostId) : undefined
  if (host && plan) {
    const triedBy = (device: string, proxyId: string) =>
      attempts.filter((a) => a.device === device && (nameToId.get(a.proxy) ?? a.proxy) === proxyId)
    // The first candidates of each device, and every one the last action tried: in a big lab the
    // rest would only be a thicket (the plan panel lists them all).
    const shownOf = (d: HostPlan['devices'][number]) =>
      d.candidates
        .map((c, n) => ({ c, n }))
        .filter(({ c, n }) => n < MAX_ROUTES || triedBy(d.device, c.proxyId).length > 0)
    const proxyCount = new Set(plan.devices.flatMap((d) => shownOf(d).map(({ c }) => c.proxyId)))
      .size
    // Room between the boxes and the device lane for one horizontal run per proxy.
    const y = bottom + Math.max(70, 2 * LABEL_ZONE + 8 + proxyCount * RUN_STEP)
    const absolute = absolutePositions(nodes)
    const drafts: RouteDraft[] = []
    plan.devices.forEach((d, i) => {
      const id = deviceNode(d.device)
      const position = { x: 20 + i * (HOST_W + 30), y }
      const shown = shownOf(d)
      const more = d.candidates.length - shown.length
      nodes.push({
        id,
        type: 'machine',
        position,
        data: {
          kind: 'device',
          label: d.device,
          detail: `order ${d.order} · ${host.name}${more > 0 ? ` · +${more} more` : ''}`,
          noProxy: d.candidates.length === 0,
          refId: d.device,
        },
        width: HOST_W,
        height: HOST_H,
      })
      const count = shown.length
      const spread = count > 1 ? Math.min(30, (HOST_W - 30) / (count - 1)) : 0
      shown.forEach(({ c, n }, k) => {
        const from = absolute.get(machineNode(c.proxyId))
        const route = routeOfAttempts(triedBy(d.device, c.proxyId).map((a) => a.outcome))
        const edge: Edge = {
          id: `route:${d.device}:${c.proxyId}`,
          source: machineNode(c.proxyId),
          target: id,
          sourceHandle: 'bottom',
          targetHandle: 'top',
          label:
            route === 'failed' ? `${n + 1} ✕` : route === 'cancelled' ? `${n + 1} ⏹` : `${n + 1}`,
          animated: route === 'ok',
          class: route ? `edge-${route}` : 'edge-plan',
          zIndex: route === 'ok' ? 12 : route ? 11 : 10,
        }
        edges.push(edge)
        if (from)
          drafts.push({
            edge,
            proxy: c.proxyId,
            from,
            to: { x: position.x + HOST_W / 2 + (k - (count - 1) / 2) * spread, y },
            deviceX: position.x,
          })
      })
    })
    routeAlongCorridors(drafts, y)
  }
  return { nodes, edges }
}

/** What a proxy → device edge carries: its path around the machines and where its number sits. */
export interface RouteEdgeData {
  path: string
  /** The corners of the path (before rounding), from the proxy to the device. */
  points: Point[]
  labelX: number
  labelY: number
}

/** A point of the canvas. */
export interface Point {
  x: number
  y: number
}

/** A route edge before its path is known: from a proxy (its top-left corner) to a device's top. */
interface RouteDraft {
  edge: Edge
  /** The proxy's id. */
  proxy: string
  from: Point
  to: Point
  /** The left edge of the device: its entries may shift, but stay on it. */
  deviceX: number
}

/** Where each node sits on the canvas (child positions are relative to their parent box). */
function absolutePositions(nodes: readonly Node<GraphNodeData>[]): Map<string, Point> {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const result = new Map<string, Point>()
  const of = (id: string): Point => {
    const known = result.get(id)
    if (known) return known
    const node = byId.get(id)
    if (!node) return { x: 0, y: 0 }
    const parent = node.parentNode ? of(node.parentNode) : { x: 0, y: 0 }
    const point = { x: parent.x + node.position.x, y: parent.y + node.position.y }
    result.set(id, point)
    return point
  }
  for (const node of nodes) of(node.id)
  return result
}

/**
 * Routes proxy → device edges around the machines instead of through them, each proxy in a
 * corridor of its own: out of the proxy's side into the gutter of its column (the machines of a
 * column alternate between the left and the right gutter, the lowest innermost so they do not
 * cross; the engine, alone above the boxes, takes its left), down below the boxes, along the
 * proxy's own horizontal run, then down into each device, with the route number just above it.
 * Only the routes of one proxy share a line — the trunk they all leave by.
 */
function routeAlongCorridors(drafts: RouteDraft[], laneY: number): void {
  // The candidate proxies, by column (machines stacked at one x), top to bottom.
  const proxies = new Map<string, Point>()
  for (const d of drafts) proxies.set(d.proxy, d.from)
  const columns = new Map<number, string[]>()
  for (const [proxy, at] of proxies) columns.set(at.x, [...(columns.get(at.x) ?? []), proxy])
  const trunk = new Map<string, { exit: Point; x: number }>()
  for (const [x, column] of columns) {
    column.sort((a, b) => proxies.get(a)!.y - proxies.get(b)!.y)
    const sides: Record<'left' | 'right', string[]> = { left: [], right: [] }
    // The engine sits above the boxes: only its left side is clear all the way down.
    column.forEach((proxy, i) =>
      sides[proxy === ENGINE || i % 2 === 0 ? 'left' : 'right'].push(proxy),
    )
    for (const side of ['left', 'right'] as const) {
      // The lowest proxy of a side takes the innermost corridor.
      const list = [...sides[side]].reverse()
      list.forEach((proxy, lane) => {
        const at = proxies.get(proxy)!
        const offset = LANE_FIRST + lane * LANE_STEP
        const y = at.y + HOST_H / 2
        trunk.set(
          proxy,
          side === 'left'
            ? { exit: { x, y }, x: x - offset }
            : { exit: { x: x + HOST_W, y }, x: x + HOST_W + offset },
        )
      })
    }
  }
  keepEntriesOffTrunks(
    drafts,
    [...trunk.values()].map((t) => t.x),
  )
  // One horizontal run per proxy: the shortest nearest the devices, so drops cross fewest runs.
  const extent = (proxy: string): number => {
    const xs = [trunk.get(proxy)!.x, ...drafts.filter((d) => d.proxy === proxy).map((d) => d.to.x)]
    return Math.max(...xs) - Math.min(...xs)
  }
  const runs = [...proxies.keys()].sort((a, b) => extent(a) - extent(b) || a.localeCompare(b))
  const runY = new Map(runs.map((proxy, i) => [proxy, laneY - LABEL_ZONE - 4 - i * RUN_STEP]))
  for (const d of drafts) {
    const { exit, x } = trunk.get(d.proxy)!
    const busY = runY.get(d.proxy)!
    const points = [exit, { x, y: exit.y }, { x, y: busY }, { x: d.to.x, y: busY }, d.to]
    d.edge.type = 'route'
    const data: RouteEdgeData = {
      path: roundedPath(points),
      points,
      labelX: d.to.x,
      labelY: laneY - LABEL_ZONE / 2,
    }
    d.edge.data = data
  }
}

/**
 * Places the entries on each device's top, in candidate order, as evenly as the trunks allow: none
 * within a corridor's width of a proxy's trunk — where a trunk reaches down into the runs, a drop
 * beside it would read as the same line. The spacing shrinks as needed, never below a corridor's.
 */
function keepEntriesOffTrunks(drafts: RouteDraft[], trunks: number[]): void {
  const byDevice = new Map<number, RouteDraft[]>()
  for (const d of drafts) byDevice.set(d.deviceX, [...(byDevice.get(d.deviceX) ?? []), d])
  const clear = (x: number) => trunks.every((t) => Math.abs(t - x) >= LANE_STEP)
  for (const [left, entries] of byDevice) {
    const xs = entriesOn(left, entries.length, clear)
    if (xs) entries.forEach((d, k) => (d.to = { x: xs[k]!, y: d.to.y }))
  }
}

/** `count` x positions on a device's top, left to right, each `clear`; undefined if none fit. */
function entriesOn(
  left: number,
  count: number,
  clear: (x: number) => boolean,
): number[] | undefined {
  const lo = left + 8
  const hi = left + HOST_W - 8
  const widest = count > 1 ? Math.min(30, (hi - lo) / (count - 1)) : 0
  for (let gap = widest; gap >= (count > 1 ? LANE_STEP : 0); gap -= 2) {
    const centred = lo + (hi - lo - gap * (count - 1)) / 2
    for (const start of [centred, lo]) {
      const xs: number[] = []
      let x = start
      for (let k = 0; k < count; k++) {
        while (x <= hi && !clear(x)) x += 1
        xs.push(x)
        x += gap
      }
      if (xs.every((v) => v <= hi)) return xs
    }
    if (count <= 1) break
  }
  return undefined
}

/** An SVG path through orthogonal points with small rounded corners. */
export function roundedPath(points: readonly Point[], radius = 4): string {
  const [first, ...rest] = points
  if (!first) return ''
  let path = `M ${first.x} ${first.y}`
  rest.forEach((p, i) => {
    const prev = i === 0 ? first : rest[i - 1]!
    const next = rest[i + 1]
    if (!next) {
      path += ` L ${p.x} ${p.y}`
      return
    }
    const r = Math.min(
      radius,
      Math.hypot(p.x - prev.x, p.y - prev.y) / 2,
      Math.hypot(next.x - p.x, next.y - p.y) / 2,
    )
    const toward = (a: Point, b: Point, d: number): Point => {
      const len = Math.hypot(b.x - a.x, b.y - a.y) || 1
      return { x: a.x + ((b.x - a.x) / len) * d, y: a.y + ((b.y - a.y) / len) * d }
    }
    const before = toward(p, prev, r)
    const after = toward(p, next, r)
    path += ` L ${before.x} ${before.y} Q ${p.x} ${p.y} ${after.x} ${after.y}`
  })
  return path
}
