// The graph of a big lab (issue 9): the cluster in focus drawn in full, the other clusters of its
// data center and the other data centers folded into summary nodes with their counts, a click
// opening one; routes from folded machines leave from their summary node. A small lab is drawn
// whole, as before.
import type { Edge, Node } from '@vue-flow/core'
import { describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import { planHost } from '../../../src-main/common/planner/planHost'
import type { HostPlan } from '../../../src-main/common/plan'
import { buildGraph, rankWords } from '../../../src-renderer/src/lib/graphLayout'
import type { GraphNodeData, RouteEdgeData } from '../../../src-renderer/src/lib/graphLayout'
import {
  FULL_GRAPH_LIMIT,
  foldKey,
  graphScope,
  groupLab,
  openKey,
  summarize,
} from '../../../src-renderer/src/lib/graphScope'
import demoLab from '../../../resources/demo-lab.json'
import { BIG_LAB, bigLab, bigLabHostId } from '../../e2e/support/bigLab'

const big = (): TopologyDocument => bigLab(BIG_LAB)
const ids = (nodes: Node<GraphNodeData>[], type: string) =>
  nodes.filter((n) => n.type === type).map((n) => n.id)
const machines = (nodes: Node<GraphNodeData>[]) =>
  nodes.filter((n) => n.type === 'machine' && n.data?.kind !== 'device')

describe('graphScope', () => {
  it('opens everything in a lab up to the limit', () => {
    const doc = structuredClone(demoLab) as TopologyDocument
    const scope = graphScope(doc, groupLab(doc), {})
    expect(scope.collapsing).toBe(false)
    expect(doc.clusters.every((c) => scope.isOpenCluster(c.id))).toBe(true)
    expect(doc.hosts.length + doc.proxies.length).toBeLessThanOrEqual(FULL_GRAPH_LIMIT)
  })

  it("in a big lab opens the selected host's cluster and data center, and what was expanded", () => {
    const doc = big()
    const groups = groupLab(doc)
    const scope = graphScope(doc, groups, { hostId: bigLabHostId(1, 2, 7) }, new Set(['cl:c3-4']))
    expect(scope.collapsing).toBe(true)
    expect([scope.focusCluster, scope.focusDataCenter]).toEqual(['c1-2', 'dc1'])
    const open = doc.clusters.filter((c) => scope.isOpenCluster(c.id)).map((c) => c.id)
    expect(open).toEqual(['c1-2', 'c3-4'])
    const openDcs = doc.dataCenters.filter((d) => scope.isOpenDataCenter(d.id)).map((d) => d.id)
    expect(openDcs).toEqual(['dc1', 'dc3'])
  })

  it('opens a selected cluster or data center when no host is selected', () => {
    const doc = big()
    const groups = groupLab(doc)
    expect(graphScope(doc, groups, { clusterId: 'c2-1' }).isOpenCluster('c2-1')).toBe(true)
    const dc = graphScope(doc, groups, { dataCenterId: 'dc2' })
    expect([dc.isOpenDataCenter('dc2'), dc.isOpenCluster('c2-1')]).toEqual([true, false])
  })

  it('opens and folds keys; folding a data center folds the clusters opened in it', () => {
    const doc = big()
    const groups = groupLab(doc)
    const opened = openKey(openKey(openKey(new Set(), 'dc:dc2'), 'cl:c2-3'), 'cl:c1-1')
    expect([...foldKey(opened, 'cl:c2-3', groups)].sort()).toEqual(['cl:c1-1', 'dc:dc2'])
    expect([...foldKey(opened, 'dc:dc2', groups)]).toEqual(['cl:c1-1'])
  })

  it('counts hosts, jump boxes and hosts without a proxy per cluster and data center', () => {
    const doc = big()
    const without = new Set([bigLabHostId(0, 1, 0), bigLabHostId(0, 1, 5), bigLabHostId(2, 0, 0)])
    const { clusters, dataCenters } = summarize(doc, groupLab(doc), without)
    expect(clusters.get('c0-1')).toEqual({ hosts: 50, proxies: 0, withoutProxy: 2, clusters: 0 })
    expect(dataCenters.get('dc0')).toEqual({
      hosts: 500,
      proxies: 1,
      withoutProxy: 2,
      clusters: 10,
    })
    expect(dataCenters.get('dc2')?.withoutProxy).toBe(1)
  })
})

describe('buildGraph of a 2,000-host lab', () => {
  const doc = big()
  const hostId = bigLabHostId(1, 2, 7)
  const plan: HostPlan = planHost(doc, hostId)

  it('draws the focus cluster in full and folds the rest into summary nodes', () => {
    const { nodes } = buildGraph(doc, hostId, plan)
    // 50 hosts of c1-2 and the data center's jump box, the engine; nothing of the other clusters.
    expect(machines(nodes).map((n) => n.data?.refId)).toHaveLength(52)
    expect(machines(nodes).filter((n) => n.data?.kind === 'host')).toHaveLength(50)
    expect(ids(nodes, 'summary').filter((id) => id.startsWith('sum:cl:'))).toHaveLength(9)
    expect(ids(nodes, 'summary').filter((id) => id.startsWith('sum:dc:'))).toEqual([
      'sum:dc:dc0',
      'sum:dc:dc2',
      'sum:dc:dc3',
    ])
    expect(nodes.length).toBeLessThan(100)
    const summary = nodes.find((n) => n.id === 'sum:cl:c1-5')?.data
    expect(summary).toMatchObject({
      kind: 'clusterSummary',
      label: 'cluster-1-5',
      expand: 'cl:c1-5',
    })
    expect(summary?.summary).toMatchObject({ hosts: 50, withoutProxy: 0 })
  })

  it('wraps a 50-host cluster into columns instead of one tall one', () => {
    const { nodes } = buildGraph(doc, hostId, plan)
    const box = nodes.find((n) => n.id === 'cl:c1-2')!
    expect(Number(box.height)).toBeLessThan(900)
    const xs = new Set(nodes.filter((n) => n.parentNode === 'cl:c1-2').map((n) => n.position.x))
    expect(xs.size).toBe(3)
  })

  it('opens a folded cluster, keeping the focus open', () => {
    const { nodes } = buildGraph(doc, hostId, plan, [], { expanded: new Set(['cl:c3-1']) })
    expect(machines(nodes).filter((n) => n.data?.kind === 'host')).toHaveLength(100)
    expect(ids(nodes, 'summary')).not.toContain('sum:dc:dc3')
    expect(ids(nodes, 'summary')).not.toContain('sum:cl:c3-1')
    expect(ids(nodes, 'summary')).toContain('sum:cl:c3-2')
    expect(nodes.find((n) => n.id === 'cl:c3-1')?.data?.fold).toBe('cl:c3-1')
    expect(nodes.find((n) => n.id === 'cl:c1-2')?.data?.fold).toBeUndefined()
  })

  it('with nothing in focus shows one node per data center', () => {
    const { nodes } = buildGraph(doc, undefined, undefined)
    expect(ids(nodes, 'summary')).toEqual(['sum:dc:dc0', 'sum:dc:dc1', 'sum:dc:dc2', 'sum:dc:dc3'])
    expect(nodes.find((n) => n.id === 'sum:dc:dc1')?.data?.summary).toEqual({
      hosts: 500,
      proxies: 1,
      withoutProxy: 0,
      clusters: 10,
    })
  })

  it('counts the hosts without a proxy it is told of', () => {
    const { nodes } = buildGraph(doc, undefined, undefined, [], {
      withoutProxy: new Set([bigLabHostId(2, 0, 1), bigLabHostId(2, 9, 9)]),
    })
    expect(nodes.find((n) => n.id === 'sum:dc:dc2')?.data?.summary?.withoutProxy).toBe(2)
  })

  it('routes a candidate of a folded cluster from its summary node, numbered with its places', () => {
    // A device whose list starts with the data center: its first candidates are in other clusters.
    const d = structuredClone(doc)
    const target = d.hosts.find((h) => h.id === hostId)!
    target.powerManagement!.devices = [
      { ...target.powerManagement!.devices[0]!, proxyPreferences: ['dc'] },
    ]
    const p = planHost(d, hostId)
    const { nodes, edges } = buildGraph(d, hostId, p)
    const routes = edges.filter((e: Edge) => e.id.startsWith('route:'))
    const sources = new Set(nodes.map((n) => n.id))
    expect(routes.every((e) => sources.has(e.source))).toBe(true)
    const folded = routes.filter((e) => e.source.startsWith('sum:cl:'))
    expect(folded.length).toBeGreaterThan(0)
    // Every route has a drawn path and its places add up to the six first candidates.
    expect(routes.every((e) => (e.data as RouteEdgeData | undefined)?.path)).toBe(true)
    const places = routes.flatMap((e) => expand(String(e.label)))
    expect(places.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6])
  })
})

/** `3`, `3,5`, `2–6` back to the places. */
function expand(label: string): number[] {
  const range = /^(\d+)–(\d+)$/.exec(label)
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])]
    return Array.from({ length: to - from + 1 }, (_, i) => from + i)
  }
  return label.split(',').map(Number)
}

describe('rankWords', () => {
  it('says one place, a few places, or a run of places', () => {
    expect(rankWords([3])).toBe('3')
    expect(rankWords([3, 5])).toBe('3,5')
    expect(rankWords([2, 3])).toBe('2,3')
    expect(rankWords([2, 3, 4, 5, 6])).toBe('2–6')
  })
})
