// The topology as a graph: data centers and clusters as boxes, hosts and proxies inside, the
// engine on top, standalone proxies to the side. For the selected host its devices get a lane at
// the bottom, with the plan's route (proxy → device) and, after an action, the attempts.
import type { Edge, Node } from '@vue-flow/core'
import type { HostStatus, TopologyDocument } from '../../../src-main/common/document'
import type { Attempt } from '../../../src-main/common/fencing'
import type { HostPlan } from '../../../src-main/common/plan'

/** What a node of the graph shows. */
export interface GraphNodeData {
  kind: 'engine' | 'dataCenter' | 'cluster' | 'host' | 'proxy' | 'device' | 'lane'
  label: string
  detail?: string
  status?: HostStatus
  selected?: boolean
  /** On the route of the last action (used, ok), or tried and failed. */
  route?: 'ok' | 'failed'
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

  const routeOf = new Map<string, 'ok' | 'failed'>()
  for (const a of attempts) {
    const id = nameToId.get(a.proxy) ?? a.proxy
    if (a.outcome === 'ok') routeOf.set(id, 'ok')
    else if (!routeOf.has(id)) routeOf.set(id, 'failed')
  }

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
    const y = bottom + 70
    plan.devices.forEach((d, i) => {
      const id = deviceNode(d.device)
      nodes.push({
        id,
        type: 'machine',
        position: { x: 20 + i * (HOST_W + 30), y },
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
      edges.push({
        id: `powers:${d.device}`,
        source: id,
        target: machineNode(host.id),
        sourceHandle: 'top',
        targetHandle: 'bottom',
        class: 'edge-powers',
      })
      d.candidates.forEach((c, n) => {
        const tried = attempts.filter(
          (a) => a.device === d.device && (nameToId.get(a.proxy) ?? a.proxy) === c.proxyId,
        )
        const ok = tried.some((a) => a.outcome === 'ok')
        const failed = !ok && tried.length > 0
        edges.push({
          id: `route:${d.device}:${c.proxyId}`,
          source: machineNode(c.proxyId),
          target: id,
          sourceHandle: 'bottom',
          targetHandle: 'top',
          label: failed ? `${n + 1} ✕` : `${n + 1}`,
          animated: ok,
          class: ok ? 'edge-ok' : failed ? 'edge-failed' : 'edge-plan',
          zIndex: ok || failed ? 10 : 1,
        })
      })
    })
  }
  return { nodes, edges }
}
