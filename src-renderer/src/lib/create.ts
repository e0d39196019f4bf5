// New nodes with sensible defaults; ids come from names and are unique across the document.
import type {
  Cluster,
  DataCenter,
  Host,
  Proxy,
  TopologyDocument,
} from '../../../src-main/common/document'
import { allIds, uniqueId } from './model'

/** What the create dialog asks for. */
export interface NewNode {
  kind: 'dataCenter' | 'cluster' | 'host' | 'proxy'
  name: string
  /** Hosts and proxies. */
  address?: string
  /** Cluster: its data center. Host: its cluster. Proxy: a cluster or data center it serves. */
  parentId?: string
}

/** Adds a node to the document; returns its id. */
export function addNode(doc: TopologyDocument, node: NewNode): string {
  const id = uniqueId(node.name, allIds(doc))
  const name = node.name.trim()
  switch (node.kind) {
    case 'dataCenter': {
      const dc: DataCenter = { id, name }
      doc.dataCenters.push(dc)
      break
    }
    case 'cluster': {
      const cluster: Cluster = { id, name, dataCenter: node.parentId ?? '' }
      doc.clusters.push(cluster)
      break
    }
    case 'host': {
      const host: Host = {
        id,
        name,
        address: node.address?.trim() || name,
        cluster: node.parentId ?? '',
        status: 'up',
        canProxy: true,
        powerManagement: { enabled: true, devices: [] },
      }
      doc.hosts.push(host)
      break
    }
    case 'proxy': {
      const proxy: Proxy = { id, name, address: node.address?.trim() || name }
      if (node.parentId) {
        if (doc.clusters.some((c) => c.id === node.parentId)) proxy.cluster = node.parentId
        else if (doc.dataCenters.some((d) => d.id === node.parentId))
          proxy.dataCenter = node.parentId
      }
      doc.proxies.push(proxy)
      break
    }
  }
  return id
}

/** A device id not yet used on the host: `bmc`, `bmc-2`… */
export function newDeviceId(host: Host, base: string): string {
  return uniqueId(
    base,
    (host.powerManagement?.devices ?? []).map((d) => d.id),
  )
}
