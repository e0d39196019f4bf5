// The node the editor shows must exist: an undo, redo or import can remove it, and the panes then
// showed "Readiness in undefined". The selection moves to the closest ancestor still there.
import type { TopologyDocument } from '../../../src-main/common/document'
import { findCluster, findHost, findProxy, nodeExists } from './model'
import type { NodeRef } from './model'

/** The node and its ancestors, closest first, ending with the engine. */
export function ancestry(doc: TopologyDocument, ref: NodeRef): NodeRef[] {
  const chain: NodeRef[] = [ref]
  let at: NodeRef | undefined = ref
  while (at && at.kind !== 'engine') {
    at = parentOf(doc, at)
    if (at) chain.push(at)
  }
  if (chain[chain.length - 1]?.kind !== 'engine') chain.push({ kind: 'engine' })
  return chain
}

function parentOf(doc: TopologyDocument, ref: NodeRef): NodeRef | undefined {
  switch (ref.kind) {
    case 'host': {
      const cluster = findHost(doc, ref.id)?.cluster
      return cluster ? { kind: 'cluster', id: cluster } : { kind: 'engine' }
    }
    case 'cluster': {
      const dc = findCluster(doc, ref.id)?.dataCenter
      return dc ? { kind: 'dataCenter', id: dc } : { kind: 'engine' }
    }
    case 'proxy': {
      const proxy = findProxy(doc, ref.id)
      if (proxy?.cluster) return { kind: 'cluster', id: proxy.cluster }
      if (proxy?.dataCenter) return { kind: 'dataCenter', id: proxy.dataCenter }
      return { kind: 'proxies' }
    }
    default:
      return { kind: 'engine' }
  }
}

/** The first node of `chain` (a selection and its ancestors, as they were) that still exists. */
export function closestExisting(doc: TopologyDocument, chain: readonly NodeRef[]): NodeRef {
  return chain.find((ref) => nodeExists(doc, ref)) ?? { kind: 'engine' }
}
