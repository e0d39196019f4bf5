// The topology as a graph: data centers and clusters as boxes, hosts and proxies inside, the
// engine on top, standalone proxies to the side. For the selected host its devices get a lane at
// the bottom, with the plan's route (proxy → device) and, after an action, the attempts. A big lab
// is drawn around the cluster in focus, the rest folded into summary nodes (graphScope.ts): the
// layout grows with what is drawn, and every pass over the lab is one pass (no hosts × clusters).
import type { Edge, Node } from '@vue-flow/core'
import type { HostStatus, Proxy, TopologyDocument } from '../../../src-main/common/document'
import type { Attempt } from '../../../src-main/common/fencing'
import type { HostPlan } from '../../../src-main/common/plan'
import { clusterKey, dataCenterKey, graphScope, groupLab, summarize } from './graphScope'
import type { GraphFocus, GraphSummary } from './graphScope'

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
  kind:
    | 'engine'
    | 'dataCenter'
    | 'cluster'
    | 'host'
    | 'proxy'
    | 'device'
    | 'lane'
    | 'clusterSummary'
    | 'dataCenterSummary'
  label: string
  detail?: string
  status?: HostStatus
  selected?: boolean
  /** On the route of the last action (used, ok), tried and failed, or only cancelled there. */
  route?: GraphRoute
  /** A device no machine can fence. */
  noProxy?: boolean
  refId?: string
  /** A summary node's counts. */
  summary?: GraphSummary
  /** A summary node: the key that opens it (graphScope.ts `expanded`). */
  expand?: string
  /** An opened cluster or data center box: the key that folds it again. */
  fold?: string
}

const HOST_W = 132
const HOST_H = 36
const GAP = 10
const PAD = 12
const HEAD = 30
/** A summary node: its name, its counts, how many hosts lack a proxy. */
const SUMMARY_H = 54
/** Summary nodes per column at most (the columns are balanced). */
const SUMMARY_ROWS = 10
/** Machines per column of a cluster box; a bigger cluster wraps into more columns. */
const COLUMN_ROWS = 17

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
const clusterSummaryNode = (id: string) => `sum:cl:${id}`
const dataCenterSummaryNode = (id: string) => `sum:dc:${id}`

/** How the graph draws a big lab: what is opened, what is in focus, which hosts lack a proxy. */
export interface GraphOptions {
  /** Clusters and data centers the admin opened (`cl:<id>`, `dc:<id>`; see graphScope.ts). */
  expanded?: ReadonlySet<string>
  /** A selected cluster or data center, drawn open when no host is selected. */
  focus?: Omit<GraphFocus, 'hostId'>
  /** Hosts with a device no machine can fence: the summary nodes count them. */
  withoutProxy?: ReadonlySet<string>
}

/** Where a machine is drawn: its own node, or the summary node of what holds it. */
interface DrawnAt {
  node: string
  /** The part of a route edge's id after the device: the proxy's id, or the summary's key. */
  key: string
}

/** The drawn graph. */
export interface GraphLayout {
  nodes: Node<GraphNodeData>[]
  edges: Edge[]
  /**
   * In a big lab, the nodes worth fitting the view to: the focus cluster (or data center) and the
   * selected host's devices. Absent in a small lab: the whole graph fits.
   */
  focus?: string[]
}

/** Builds nodes and edges. `attempts` are those of the host's last action, if any. */
export function buildGraph(
  doc: TopologyDocument,
  selectedHostId: string | undefined,
  plan: HostPlan | undefined,
  attempts: readonly Attempt[] = [],
  options: GraphOptions = {},
): GraphLayout {
  const nodes: Node<GraphNodeData>[] = []
  const edges: Edge[] = []
  const groups = groupLab(doc)
  const scope = graphScope(
    doc,
    groups,
    { ...options.focus, ...(selectedHostId ? { hostId: selectedHostId } : {}) },
    options.expanded,
  )
  const summaries = scope.collapsing
    ? summarize(doc, groups, options.withoutProxy ?? new Set())
    : undefined
  const nameToId = new Map<string, string>([
    [doc.engine.name, 'engine'],
    ['engine', 'engine'],
  ])
  for (const h of doc.hosts) nameToId.set(h.name, h.id)
  for (const p of doc.proxies) nameToId.set(p.name, p.id)

  // Where each machine is drawn: in a big lab, most of them inside a summary node.
  const hostCluster = new Map(doc.hosts.map((h) => [h.id, h.cluster]))
  const proxyById = new Map(doc.proxies.map((p) => [p.id, p]))
  const placeIn = (
    clusterId: string | undefined,
    dcId: string | undefined,
    id: string,
  ): DrawnAt => {
    const dc = clusterId ? groups.dataCenterOfCluster.get(clusterId) : dcId
    if (dc !== undefined && !scope.isOpenDataCenter(dc))
      return { node: dataCenterSummaryNode(dc), key: `@dc.${dc}` }
    if (clusterId && dc !== undefined && !scope.isOpenCluster(clusterId))
      return { node: clusterSummaryNode(clusterId), key: `@cl.${clusterId}` }
    return { node: machineNode(id), key: id }
  }
  const drawnAt = (id: string): DrawnAt => {
    const cluster = hostCluster.get(id)
    if (cluster !== undefined) return placeIn(cluster, undefined, id)
    const proxy = proxyById.get(id)
    if (proxy) return placeIn(proxy.cluster, proxy.dataCenter, id)
    return { node: machineNode(id), key: id }
  }

  const outcomesOf = new Map<string, string[]>()
  for (const a of attempts) {
    const node = drawnAt(nameToId.get(a.proxy) ?? a.proxy).node
    outcomesOf.set(node, [...(outcomesOf.get(node) ?? []), a.outcome])
  }
  const routeOf = new Map<string, GraphRoute>()
  for (const [node, outcomes] of outcomesOf) routeOf.set(node, routeOfAttempts(outcomes)!)

  nodes.push({
    id: machineNode('engine'),
    type: 'machine',
    position: { x: 20, y: 10 },
    data: {
      kind: 'engine',
      label: doc.engine.name,
      detail: doc.engine.exec === 'local' ? 'engine · local' : 'engine',
      route: routeOf.get(machineNode('engine')),
      refId: 'engine',
    },
    width: HOST_W,
    height: HOST_H,
  })

  const summaryNode = (
    id: string,
    kind: 'clusterSummary' | 'dataCenterSummary',
    refId: string,
    label: string,
    summary: GraphSummary,
    position: Point,
    parentNode?: string,
  ): Node<GraphNodeData> => ({
    id,
    type: 'summary',
    ...(parentNode ? { parentNode } : {}),
    position,
    data: {
      kind,
      label,
      refId,
      summary,
      expand: kind === 'clusterSummary' ? clusterKey(refId) : dataCenterKey(refId),
      route: routeOf.get(id),
    },
    width: HOST_W,
    height: SUMMARY_H,
  })

  let x = 20
  const top = 80
  let bottom = top
  /** Summary nodes stacked in balanced columns from `left`: their width. */
  const stack = (
    count: number,
    left: number,
    y0: number,
    place: (i: number, at: Point) => void,
  ): { width: number; height: number } => {
    const columns = Math.ceil(count / SUMMARY_ROWS)
    const rows = Math.ceil(count / columns)
    const gutter = gutterOf(rows)
    for (let i = 0; i < count; i++)
      place(i, {
        x: left + Math.floor(i / rows) * (HOST_W + 2 * gutter) + gutter,
        y: y0 + (i % rows) * (SUMMARY_H + GAP),
      })
    return { width: columns * (HOST_W + 2 * gutter), height: rows * (SUMMARY_H + GAP) - GAP }
  }
  const foldedDcs: TopologyDocument['dataCenters'] = []
  for (const dc of doc.dataCenters) {
    if (!scope.isOpenDataCenter(dc.id)) {
      foldedDcs.push(dc)
      continue
    }
    const clusters = groups.clustersOf.get(dc.id) ?? []
    const dcProxies = groups.dataCenterProxiesOf.get(dc.id) ?? []
    const dcId = `dc:${dc.id}`
    let cx = PAD
    let maxH = 0
    const children: Node<GraphNodeData>[] = []
    const folded: typeof clusters = []
    for (const c of clusters) {
      if (!scope.isOpenCluster(c.id)) {
        folded.push(c)
        continue
      }
      const machines: Array<{ node: Node<GraphNodeData>['data'] & object; id: string }> = [
        ...(groups.hostsOf.get(c.id) ?? []).map((host) => ({
          id: host.id,
          node: {
            kind: 'host' as const,
            label: host.name,
            status: host.status,
            selected: host.id === selectedHostId,
            route: routeOf.get(machineNode(host.id)),
            refId: host.id,
          },
        })),
        ...(groups.clusterProxiesOf.get(c.id) ?? []).map((p) => ({
          id: p.id,
          node: {
            kind: 'proxy' as const,
            label: p.name,
            detail: 'jump box',
            route: routeOf.get(machineNode(p.id)),
            refId: p.id,
          },
        })),
      ]
      // A big cluster wraps into columns, each with the gutters for its corridors.
      const columns = Math.max(1, Math.ceil(machines.length / COLUMN_ROWS))
      const rows = Math.max(1, Math.ceil(machines.length / columns))
      const h = HEAD + rows * (HOST_H + GAP) + PAD - GAP
      const gutter = gutterOf(rows)
      const columnW = HOST_W + 2 * gutter
      const cid = `cl:${c.id}`
      const foldable = scope.collapsing && c.id !== scope.focusCluster
      children.push({
        id: cid,
        type: 'box',
        parentNode: dcId,
        position: { x: cx, y: HEAD },
        data: {
          kind: 'cluster',
          label: c.name,
          refId: c.id,
          ...(foldable ? { fold: clusterKey(c.id) } : {}),
        },
        width: columns * columnW,
        height: h,
        selectable: false,
      })
      machines.forEach((m, i) => {
        children.push({
          id: machineNode(m.id),
          type: 'machine',
          parentNode: cid,
          position: {
            x: Math.floor(i / rows) * columnW + gutter,
            y: HEAD + (i % rows) * (HOST_H + GAP),
          },
          data: m.node,
          width: HOST_W,
          height: HOST_H,
        })
      })
      maxH = Math.max(maxH, h)
      cx += columns * columnW + GAP
    }
    const dcProxyNode = (p: Proxy, position: Point): Node<GraphNodeData> => ({
      id: machineNode(p.id),
      type: 'machine',
      parentNode: dcId,
      position,
      data: {
        kind: 'proxy',
        label: p.name,
        detail: 'jump box (dc)',
        route: routeOf.get(machineNode(p.id)),
        refId: p.id,
      },
      width: HOST_W,
      height: HOST_H,
    })
    if (folded.length) {
      // The closed clusters: a summary node each, stacked in columns beside the open ones, the
      // data center's own jump boxes under them (one column less to fit in the pane).
      const size = stack(folded.length + dcProxies.length, cx, HEAD, (i, at) => {
        const c = folded[i]
        if (!c) return void children.push(dcProxyNode(dcProxies[i - folded.length]!, at))
        const id = clusterSummaryNode(c.id)
        const sum = summaries!.clusters.get(c.id)!
        children.push(summaryNode(id, 'clusterSummary', c.id, c.name, sum, at, dcId))
      })
      maxH = Math.max(maxH, size.height)
      cx += size.width + GAP
    } else if (dcProxies.length) {
      let y = HEAD
      // No box of their own: the room for their corridors is kept beside them all the same.
      const extra = gutterOf(dcProxies.length) - PAD
      for (const p of dcProxies) {
        children.push(dcProxyNode(p, { x: cx + extra, y }))
        y += HOST_H + GAP
      }
      maxH = Math.max(maxH, y - HEAD)
      cx += HOST_W + 2 * extra + GAP
    }
    const width = Math.max(cx + PAD - GAP, 180)
    const height = HEAD + Math.max(maxH, 40) + PAD
    const foldable = scope.collapsing && dc.id !== scope.focusDataCenter
    nodes.push({
      id: dcId,
      type: 'box',
      position: { x, y: top },
      data: {
        kind: 'dataCenter',
        label: dc.name,
        refId: dc.id,
        ...(foldable ? { fold: dataCenterKey(dc.id) } : {}),
      },
      width,
      height,
      selectable: false,
    })
    nodes.push(...children)
    x += width + 24
    bottom = Math.max(bottom, top + height)
  }

  if (foldedDcs.length) {
    // The closed data centers: one node each, stacked beside the open ones.
    const size = stack(foldedDcs.length, x, top, (i, at) => {
      const dc = foldedDcs[i]!
      const id = dataCenterSummaryNode(dc.id)
      const sum = summaries!.dataCenters.get(dc.id)!
      nodes.push(summaryNode(id, 'dataCenterSummary', dc.id, dc.name, sum, at))
    })
    x += size.width + 24
    bottom = Math.max(bottom, top + size.height)
  }

  const loose = groups.loose
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
          route: routeOf.get(machineNode(p.id)),
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
    // rest would only be a thicket (the plan panel lists them all). Candidates inside one summary
    // node share one route, numbered with all their places.
    const sourcesOf = (d: HostPlan['devices'][number]) => {
      const sources = new Map<string, DrawnAt & { ranks: number[]; proxies: string[] }>()
      d.candidates.forEach((c, n) => {
        if (n >= MAX_ROUTES && triedBy(d.device, c.proxyId).length === 0) return
        const at = drawnAt(c.proxyId)
        const known = sources.get(at.node)
        if (known) {
          known.ranks.push(n + 1)
          known.proxies.push(c.proxyId)
        } else sources.set(at.node, { ...at, ranks: [n + 1], proxies: [c.proxyId] })
      })
      return [...sources.values()]
    }
    const shown = plan.devices.map((d) => ({ d, sources: sourcesOf(d) }))
    const proxyCount = new Set(shown.flatMap(({ sources }) => sources.map((s) => s.node))).size
    // Room between the boxes and the device lane for one horizontal run per proxy.
    const y = bottom + Math.max(70, 2 * LABEL_ZONE + 8 + proxyCount * RUN_STEP)
    const absolute = absolutePositions(nodes)
    const drafts: RouteDraft[] = []
    shown.forEach(({ d, sources }, i) => {
      const id = deviceNode(d.device)
      const position = { x: 20 + i * (HOST_W + 30), y }
      const drawn = sources.reduce((n, s) => n + s.ranks.length, 0)
      const more = d.candidates.length - drawn
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
      const count = sources.length
      const spread = count > 1 ? Math.min(30, (HOST_W - 30) / (count - 1)) : 0
      sources.forEach((source, k) => {
        const from = absolute.get(source.node)
        const route = routeOfAttempts(
          source.proxies.flatMap((p) => triedBy(d.device, p).map((a) => a.outcome)),
        )
        const places = rankWords(source.ranks)
        const edge: Edge = {
          id: `route:${d.device}:${source.key}`,
          source: source.node,
          target: id,
          sourceHandle: 'bottom',
          targetHandle: 'top',
          label:
            route === 'failed' ? `${places} ✕` : route === 'cancelled' ? `${places} ⏹` : places,
          animated: route === 'ok',
          class: route ? `edge-${route}` : 'edge-plan',
          zIndex: route === 'ok' ? 12 : route ? 11 : 10,
        }
        edges.push(edge)
        if (from)
          drafts.push({
            edge,
            proxy: source.node,
            from,
            to: { x: position.x + HOST_W / 2 + (k - (count - 1) / 2) * spread, y },
            deviceX: position.x,
          })
      })
    })
    routeAlongCorridors(drafts, y)
  }
  if (!scope.collapsing) return { nodes, edges }
  // The data center in focus: its open cluster and, beside it, its folded ones.
  const focusBox = scope.focusDataCenter ? `dc:${scope.focusDataCenter}` : undefined
  const devices = nodes.filter((n) => n.data?.kind === 'device').map((n) => n.id)
  return { nodes, edges, ...(focusBox ? { focus: [focusBox, ...devices] } : {}) }
}

/** The places of the candidates one route stands for: `3`, `3,5`, `2–6`. */
export function rankWords(ranks: readonly number[]): string {
  const contiguous = ranks.every((r, i) => i === 0 || r === ranks[i - 1]! + 1)
  return contiguous && ranks.length > 2 ? `${ranks[0]}–${ranks[ranks.length - 1]}` : ranks.join(',')
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
  /** The node the route leaves from: the proxy's, or the summary node holding it. */
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
      sides[proxy === machineNode(ENGINE) || i % 2 === 0 ? 'left' : 'right'].push(proxy),
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
