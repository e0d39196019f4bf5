/**
 * References by id: a cluster's data center, a host's cluster, a proxy's data center and cluster.
 * A collection that is not an array is left to the schema, so one missing `clusters` does not turn
 * into one dangling reference per host.
 */
import { quote, type IssueList } from './issues'
import { ownString, type RawDocument, type RawItem } from './rawDocument'

/** Every string id of a collection, valid or not: a bad id is reported once, by the schema. */
function idsOf(items: RawItem[] | undefined): Set<string> | undefined {
  if (!items) return undefined
  const ids = new Set<string>()
  for (const item of items) {
    const id = ownString(item.value, 'id')
    if (id !== undefined) ids.add(id)
  }
  return ids
}

function checkReference(
  item: RawItem,
  field: string,
  targets: Set<string> | undefined,
  noun: string,
  out: IssueList,
): void {
  const ref = ownString(item.value, field)
  if (ref === undefined || !targets || targets.has(ref)) return
  out.add([...item.path, field], `no ${noun} has the id ${quote(ref)}`)
}

/** Appends an issue for every dangling id reference and every inconsistent proxy placement. */
export function checkReferences(doc: RawDocument, out: IssueList): void {
  const dataCenterIds = idsOf(doc.dataCenters)
  const clusterIds = idsOf(doc.clusters)
  const clusterDataCenter = new Map<string, string>()
  for (const cluster of doc.clusters ?? []) {
    const id = ownString(cluster.value, 'id')
    const dataCenter = ownString(cluster.value, 'dataCenter')
    if (id !== undefined && dataCenter !== undefined && !clusterDataCenter.has(id)) {
      clusterDataCenter.set(id, dataCenter)
    }
    checkReference(cluster, 'dataCenter', dataCenterIds, 'data center', out)
  }
  for (const host of doc.hosts ?? []) checkReference(host, 'cluster', clusterIds, 'cluster', out)
  for (const proxy of doc.proxies ?? []) {
    checkReference(proxy, 'dataCenter', dataCenterIds, 'data center', out)
    checkReference(proxy, 'cluster', clusterIds, 'cluster', out)
    const cluster = ownString(proxy.value, 'cluster')
    const dataCenter = ownString(proxy.value, 'dataCenter')
    const actual = cluster === undefined ? undefined : clusterDataCenter.get(cluster)
    if (dataCenter !== undefined && actual !== undefined && actual !== dataCenter) {
      out.add(
        [...proxy.path, 'dataCenter'],
        `cluster ${quote(cluster ?? '')} is in data center ${quote(actual)}, not ${quote(dataCenter)}`,
      )
    }
  }
}
