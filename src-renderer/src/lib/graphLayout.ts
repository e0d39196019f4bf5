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
const CLUSTER_W = HOST_W + 2 * PAD

/** Height of the zone above the devices where the route numbers sit. */
const LABEL_ZONE = 20
/** Distance between two parallel horizontal runs of routes. */
const BUS_STEP = 5

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
      const cid = `cl:${c.id}`
      children.push({
        id: cid,
        type: 'box',
        parentNode: dcId,
        position: { x: cx, y: HEAD },
        data: { kind: 'cluster', label: c.name, refId: c.id },
        width: CLUSTER_W,
        height: h,
        selectable: false,
      })
      let y = HEAD
      for (const host of hosts) {
        children.push({
          id: machineNode(host.id),
          type: 'machine',
          parentNode: cid,
          position: { x: PAD, y },
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
          position: { x: PAD, y },
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
      cx += CLUSTER_W + GAP
    }
    if (dcProxies.length) {
      let y = HEAD
      for (const p of dcProxies) {
        children.push({
          id: machineNode(p.id),
          type: 'machine',
          parentNode: dcId,
          position: { x: cx, y },
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
      cx += HOST_W + GAP
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
    nodes.push({
      id: 'lane:proxies',
      type: 'box',
      position: { x, y: top },
      data: { kind: 'lane', label: 'standalone proxies' },
      width: CLUSTER_W,
      height: laneH,
      selectable: false,
    })
    loose.forEach((p, i) => {
      nodes.push({
        id: machineNode(p.id),
        type: 'machine',
        parentNode: 'lane:proxies',
        position: { x: PAD, y: HEAD + i * (HOST_H + GAP) },
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
    const routeCount = plan.devices.reduce((n, d) => n + d.candidates.length, 0)
    // Room between the boxes and the device lane for one horizontal run per route.
    const y = bottom + Math.max(70, 2 * LABEL_ZONE + routeCount * BUS_STEP)
    const absolute = absolutePositions(nodes)
    const drafts: RouteDraft[] = []
    plan.devices.forEach((d, i) => {
      const id = deviceNode(d.device)
      const position = { x: 20 + i * (HOST_W + 30), y }
      nodes.push({
        id,
        type: 'machine',
        position,
        data: {
          kind: 'device',
          label: d.device,
          detail: `order ${d.order} · ${host.name}`,
          noProxy: d.candidates.length === 0,
          refId: d.device,
        },
        width: HOST_W,
        height: HOST_H,
      })
      const count = d.candidates.length
      const spread = count > 1 ? Math.min(30, (HOST_W - 30) / (count - 1)) : 0
      d.candidates.forEach((c, n) => {
        const from = absolute.get(machineNode(c.proxyId))
        const tried = attempts.filter(
          (a) => a.device === d.device && (nameToId.get(a.proxy) ?? a.proxy) === c.proxyId,
        )
        const route = routeOfAttempts(tried.map((a) => a.outcome))
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
            from: { x: from.x, y: from.y + HOST_H / 2 },
            to: { x: position.x + HOST_W / 2 + (n - (count - 1) / 2) * spread, y },
          })
      })
    })
    routeAlongGutters(drafts, y)
  }
  return { nodes, edges }
}

/** What a proxy → device edge carries: its path around the machines and where its number sits. */
export interface RouteEdgeData {
  path: string
  labelX: number
  labelY: number
}

interface Point {
  x: number
  y: number
}

/** A route edge before its path is known: from a proxy's left side to a spot on a device's top. */
interface RouteDraft {
  edge: Edge
  from: Point
  to: Point
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
 * Routes proxy → device edges around the machines instead of through them: out of the proxy's
 * left side into the padding of its box (one lane per edge, the lowest proxy innermost so the
 * lanes do not cross), down below the boxes, along its own horizontal run, then down into the
 * device, with the route number just above the device.
 */
function routeAlongGutters(drafts: RouteDraft[], laneY: number): void {
  const columns = new Map<number, RouteDraft[]>()
  for (const d of drafts) columns.set(d.from.x, [...(columns.get(d.from.x) ?? []), d])
  const gutterX = new Map<RouteDraft, number>()
  for (const [x, column] of columns) {
    column.sort((a, b) => b.from.y - a.from.y)
    const step = Math.min(3, (PAD - 4) / Math.max(1, column.length - 1))
    column.forEach((d, i) => gutterX.set(d, x - 3 - i * step))
  }
  // Short horizontal runs nearest the devices, long ones above them.
  const byRun = [...drafts].sort(
    (a, b) => Math.abs(gutterX.get(a)! - a.to.x) - Math.abs(gutterX.get(b)! - b.to.x),
  )
  byRun.forEach((d, i) => {
    const gx = gutterX.get(d)!
    const busY = laneY - LABEL_ZONE - 4 - i * BUS_STEP
    d.edge.type = 'route'
    const data: RouteEdgeData = {
      path: roundedPath([
        d.from,
        { x: gx, y: d.from.y },
        { x: gx, y: busY },
        { x: d.to.x, y: busY },
        d.to,
      ]),
      labelX: d.to.x,
      labelY: laneY - LABEL_ZONE / 2,
    }
    d.edge.data = data
  })
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
