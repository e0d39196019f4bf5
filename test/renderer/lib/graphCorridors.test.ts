// The graph's proxy → device routes (issue 8: "at 9 hosts all edges share one corridor"): every
// candidate proxy gets a corridor of its own — no two proxies' routes run along each other, closer
// than a line's width apart — and no route passes through a machine, at the demo's size and at ~50.
import type { Edge, Node } from '@vue-flow/core'
import { describe, expect, it } from 'vitest'
import type { Device, Host, TopologyDocument } from '../../../src-main/common/document'
import { planHost } from '../../../src-main/common/planner/planHost'
import { buildGraph } from '../../../src-renderer/src/lib/graphLayout'
import demoLab from '../../../resources/demo-lab.json'
import { BIG_LAB, bigLab as bigGeneratedLab, bigLabHostId } from '../../e2e/support/bigLab'
import type { GraphNodeData, Point, RouteEdgeData } from '../../../src-renderer/src/lib/graphLayout'

/** Parallel runs of two proxies closer than this (px) read as one line. */
const MIN_SEPARATION = 6
/** Parallel runs sharing less than this length (px) only touch where they turn. */
const MIN_SHARED = 8

const demo = (): TopologyDocument => structuredClone(demoLab) as TopologyDocument

/** 50 hosts: 2 data centers, 5 clusters of 10, every host with two supplies and a BMC. */
function bigLab(): TopologyDocument {
  const doc = demo()
  doc.dataCenters = [
    { id: 'dc-1', name: 'one' },
    { id: 'dc-2', name: 'two' },
  ]
  doc.clusters = Array.from({ length: 5 }, (_, c) => ({
    id: `c${c}`,
    name: `cluster-${c}`,
    dataCenter: c < 3 ? 'dc-1' : 'dc-2',
  }))
  const device = (id: string, order: number): Device => ({
    id,
    type: 'sim',
    order,
    params: { bmc: id },
  })
  doc.hosts = Array.from({ length: 50 }, (_, i): Host => ({
    id: `h${i}`,
    name: `h${i}`,
    address: `h${i}.lab.example`,
    cluster: `c${Math.floor(i / 10)}`,
    status: 'up',
    canProxy: true,
    powerManagement: {
      enabled: true,
      devices: [device('psu1', 1), device('psu2', 1), device('bmc', 2)],
    },
  }))
  doc.proxies = [
    { id: 'j1', name: 'jump1', address: 'jump1.lab.example', cluster: 'c1' },
    { id: 'j2', name: 'jump2', address: 'jump2.lab.example', dataCenter: 'dc-2' },
    { id: 'j3', name: 'jump3', address: 'jump3.lab.example' },
  ]
  doc.defaults = { proxyPreferences: ['cluster', 'dc', 'engine', 'jump3'] }
  return doc
}

interface Segment {
  proxy: string
  a: Point
  b: Point
}

function routeSegments(edges: Edge[]): Segment[] {
  return edges
    .filter((e) => e.type === 'route')
    .flatMap((e) => {
      const points = (e.data as RouteEdgeData).points
      return points.slice(1).map((b, i) => ({ proxy: e.source, a: points[i]!, b }))
    })
}

const vertical = (s: Segment) => s.a.x === s.b.x && s.a.y !== s.b.y
const horizontal = (s: Segment) => s.a.y === s.b.y && s.a.x !== s.b.x

/** How long two parallel segments run side by side closer than MIN_SEPARATION; 0 if they don't. */
function sharedRun(s: Segment, t: Segment): number {
  const along = vertical(s) && vertical(t) ? 'y' : horizontal(s) && horizontal(t) ? 'x' : undefined
  if (!along) return 0
  const across = along === 'y' ? 'x' : 'y'
  if (Math.abs(s.a[across] - t.a[across]) >= MIN_SEPARATION) return 0
  const [s0, s1] = [Math.min(s.a[along], s.b[along]), Math.max(s.a[along], s.b[along])]
  const [t0, t1] = [Math.min(t.a[along], t.b[along]), Math.max(t.a[along], t.b[along])]
  return Math.max(0, Math.min(s1, t1) - Math.max(s0, t0))
}

/** Pairs of routes of different proxies that run along each other. */
function sharedCorridors(edges: Edge[]): string[] {
  const segments = routeSegments(edges)
  const found: string[] = []
  for (const [i, s] of segments.entries()) {
    for (const t of segments.slice(i + 1)) {
      if (s.proxy === t.proxy) continue
      const shared = sharedRun(s, t)
      if (shared >= MIN_SHARED) found.push(`${s.proxy} & ${t.proxy}: ${Math.round(shared)} px`)
    }
  }
  return found
}

/** Absolute rectangles of the machines (hosts, proxies, engine, devices). */
function machineRects(nodes: Node<GraphNodeData>[]) {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const abs = (n: Node<GraphNodeData>): Point => {
    const parent = n.parentNode ? byId.get(n.parentNode) : undefined
    const at = parent ? abs(parent) : { x: 0, y: 0 }
    return { x: at.x + n.position.x, y: at.y + n.position.y }
  }
  return nodes
    .filter((n) => n.type === 'machine' || n.type === 'summary')
    .map((n) => ({ id: n.id, ...abs(n), w: Number(n.width), h: Number(n.height) }))
}

/** Route segments that cross the inside of a machine other than their own ends. */
function throughMachines(nodes: Node<GraphNodeData>[], edges: Edge[]): string[] {
  const rects = machineRects(nodes)
  const found: string[] = []
  for (const e of edges.filter((x) => x.type === 'route')) {
    const points = (e.data as RouteEdgeData).points
    points.slice(1).forEach((b, i) => {
      const a = points[i]!
      for (const r of rects) {
        if (r.id === e.source || r.id === e.target) continue
        const [x0, x1] = [Math.min(a.x, b.x), Math.max(a.x, b.x)]
        const [y0, y1] = [Math.min(a.y, b.y), Math.max(a.y, b.y)]
        if (x1 > r.x + 1 && x0 < r.x + r.w - 1 && y1 > r.y + 1 && y0 < r.y + r.h - 1)
          found.push(`${e.id} through ${r.id}`)
      }
    })
  }
  return found
}

describe('graph routes', () => {
  it('at the demo size (9 machines), every proxy has its own corridor', () => {
    const doc = demo()
    const plan = planHost(doc, 'a1')
    const { nodes, edges } = buildGraph(doc, 'a1', plan)
    const routes = edges.filter((e) => e.type === 'route')
    expect(routes).toHaveLength(plan.devices.reduce((n, d) => n + d.candidates.length, 0))
    expect(new Set(routes.map((e) => e.source)).size).toBeGreaterThanOrEqual(4)
    expect(sharedCorridors(edges)).toEqual([])
    expect(throughMachines(nodes, edges)).toEqual([])
  })

  it.each(['h0', 'h15', 'h47'])('at 50 hosts too (selected %s)', (host) => {
    const doc = bigLab()
    const plan = planHost(doc, host)
    const { nodes, edges } = buildGraph(doc, host, plan)
    // Each device draws its first six candidates and says how many more the plan has.
    for (const d of plan.devices) {
      expect(d.candidates.length).toBeGreaterThan(20)
      const drawn = edges.filter((e) => e.type === 'route' && e.target === `dev:${d.device}`)
      expect(drawn.map((e) => e.label)).toEqual(['1', '2', '3', '4', '5', '6'])
      const node = nodes.find((n) => n.id === `dev:${d.device}`)
      expect(node?.data?.detail).toContain(`+${d.candidates.length - 6} more`)
    }
    expect(sharedCorridors(edges)).toEqual([])
    expect(throughMachines(nodes, edges)).toEqual([])
  })

  it.each([
    ['cluster, dc', ['cluster', 'dc']],
    ['dc first (routes from folded clusters)', ['dc', 'engine']],
    ['other-dc (routes from folded data centers)', ['other-dc', 'cluster']],
  ])('at 2,000 hosts, folded around the focus, too (%s)', (_, list) => {
    const doc = bigGeneratedLab(BIG_LAB)
    const host = bigLabHostId(1, 2, 7)
    const target = doc.hosts.find((h) => h.id === host)!
    target.powerManagement!.devices.forEach((d) => (d.proxyPreferences = list))
    const plan = planHost(doc, host)
    const { nodes, edges } = buildGraph(doc, host, plan)
    expect(edges.filter((e) => e.type === 'route').length).toBeGreaterThan(0)
    expect(sharedCorridors(edges)).toEqual([])
    expect(throughMachines(nodes, edges)).toEqual([])
  })

  it('keeps the boxes where they are whichever host is selected', () => {
    const doc = demo()
    const place = (selected: string | undefined) =>
      buildGraph(doc, selected, selected ? planHost(doc, selected) : undefined)
        .nodes.filter((n) => n.type !== 'machine' || !n.id.startsWith('dev:'))
        .map((n) => [n.id, n.position.x, n.position.y, n.width])
    expect(place('a1')).toEqual(place(undefined))
    expect(place('w2')).toEqual(place(undefined))
  })
})
