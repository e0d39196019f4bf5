// The topology tree flattened into visible rows: engine › data centers › clusters › hosts, then the
// standalone proxies. Search keeps matches and their ancestors, all expanded.
import type { HostStatus, TopologyDocument } from '../../../src-main/common/document'
import type { NodeRef } from './model'
import { nodeKey } from './model'

/** One visible row of the tree. */
export interface TreeRow {
  key: string
  node: NodeRef
  depth: number
  label: string
  /** Secondary text: address, placement, counts. */
  detail?: string
  icon: 'engine' | 'dataCenter' | 'cluster' | 'host' | 'proxy' | 'group'
  expandable: boolean
  expanded: boolean
  parentKey?: string
  status?: HostStatus
  /** Power management is configured but switched off. */
  pmOff?: boolean
  disabled?: boolean
  /** The row matches the search itself (not only as an ancestor of a match). */
  match?: boolean
}

interface Draft {
  node: NodeRef
  label: string
  detail?: string
  icon: TreeRow['icon']
  children: Draft[]
  status?: HostStatus
  pmOff?: boolean
  disabled?: boolean
  /** Text the search matches against. */
  search: string
}

function groupBy<T>(list: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of list) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

function drafts(doc: TopologyDocument): Draft[] {
  const dcIds = new Set(doc.dataCenters.map((d) => d.id))
  const clusterIds = new Set(doc.clusters.map((c) => c.id))
  const hostDraft = (h: TopologyDocument['hosts'][number]): Draft => {
    const pm = h.powerManagement
    const devices = pm?.devices.length ?? 0
    return {
      node: { kind: 'host', id: h.id },
      label: h.name,
      detail: h.address,
      icon: 'host',
      children: [],
      status: h.status,
      pmOff: devices > 0 && pm?.enabled === false,
      search: `${h.name} ${h.address} ${h.id}`,
    }
  }
  // Grouped once: a filter per cluster would be clusters × hosts (80,000 steps at 2,000 hosts).
  const hostsOf = groupBy(doc.hosts, (h) => h.cluster)
  const clustersOf = groupBy(doc.clusters, (c) => c.dataCenter)
  const clusterDraft = (c: TopologyDocument['clusters'][number]): Draft => {
    const hosts = hostsOf.get(c.id) ?? []
    return {
      node: { kind: 'cluster', id: c.id },
      label: c.name,
      detail: `${hosts.length}`,
      icon: 'cluster',
      children: hosts.map(hostDraft),
      search: `${c.name} ${c.id}`,
    }
  }
  const engineChildren: Draft[] = doc.dataCenters.map((dc) => ({
    node: { kind: 'dataCenter', id: dc.id },
    label: dc.name,
    icon: 'dataCenter',
    children: (clustersOf.get(dc.id) ?? []).map(clusterDraft),
    search: `${dc.name} ${dc.id}`,
  }))
  // Clusters and hosts whose parent is missing (an invalid document) stay reachable.
  for (const c of doc.clusters) if (!dcIds.has(c.dataCenter)) engineChildren.push(clusterDraft(c))
  for (const h of doc.hosts) if (!clusterIds.has(h.cluster)) engineChildren.push(hostDraft(h))

  const clusterName = new Map(doc.clusters.map((c) => [c.id, c.name]))
  const dcName = new Map(doc.dataCenters.map((d) => [d.id, d.name]))
  return [
    {
      node: { kind: 'engine' },
      label: doc.engine.name,
      detail: doc.engine.exec === 'local' ? 'engine · this workstation' : 'engine',
      icon: 'engine',
      children: engineChildren,
      disabled: doc.engine.disabled === true,
      search: `${doc.engine.name} ${doc.engine.address} engine`,
    },
    {
      node: { kind: 'proxies' },
      label: 'Standalone proxies',
      detail: `${doc.proxies.length}`,
      icon: 'group',
      children: doc.proxies.map((p) => ({
        node: { kind: 'proxy', id: p.id },
        label: p.name,
        detail: p.cluster
          ? `in ${clusterName.get(p.cluster) ?? p.cluster}`
          : p.dataCenter
            ? `in ${dcName.get(p.dataCenter) ?? p.dataCenter}`
            : p.address,
        icon: 'proxy',
        children: [],
        disabled: p.disabled === true,
        search: `${p.name} ${p.address} ${p.id}`,
      })),
      search: 'standalone proxies',
    },
  ]
}

function matches(draft: Draft, query: string): boolean {
  return draft.search.toLowerCase().includes(query)
}

function hasMatch(draft: Draft, query: string): boolean {
  return matches(draft, query) || draft.children.some((c) => hasMatch(c, query))
}

/** The whole tree, built from a document once: what {@link visibleRows} walks. */
export interface TreeDrafts {
  readonly roots: readonly Draft[]
}

/**
 * The tree of a document, every node in it (open or not). Built once per document change; opening,
 * closing and searching only walk it again.
 */
export function treeDrafts(doc: TopologyDocument): TreeDrafts {
  return { roots: drafts(doc) }
}

/**
 * The visible rows. Without a query, `expanded` (node keys) decides what is open; with one, every
 * match is shown with its ancestors, expanded.
 */
export function treeRows(
  doc: TopologyDocument,
  expanded: ReadonlySet<string>,
  query = '',
): TreeRow[] {
  return visibleRows(treeDrafts(doc), expanded, query)
}

/** The visible rows of a tree built by {@link treeDrafts} (as {@link treeRows}). */
export function visibleRows(
  tree: TreeDrafts,
  expanded: ReadonlySet<string>,
  query = '',
): TreeRow[] {
  const q = query.trim().toLowerCase()
  const rows: TreeRow[] = []
  const walk = (list: Draft[], depth: number, parentKey?: string, ancestorMatched = false) => {
    for (const draft of list) {
      const own = q !== '' && matches(draft, q)
      if (q && !ancestorMatched && !hasMatch(draft, q)) continue
      const key = nodeKey(draft.node)
      const open = q ? draft.children.some((c) => hasMatch(c, q)) : expanded.has(key)
      const row: TreeRow = {
        key,
        node: draft.node,
        depth,
        label: draft.label,
        icon: draft.icon,
        expandable: draft.children.length > 0,
        expanded: open && draft.children.length > 0,
      }
      if (draft.detail !== undefined) row.detail = draft.detail
      if (parentKey !== undefined) row.parentKey = parentKey
      if (draft.status !== undefined) row.status = draft.status
      if (draft.pmOff) row.pmOff = true
      if (draft.disabled) row.disabled = true
      if (own) row.match = true
      rows.push(row)
      if (row.expanded) walk(draft.children, depth + 1, key, ancestorMatched || own)
    }
  }
  walk(tree.roots as Draft[], 0)
  return rows
}

/** Keys of every node on the way to `node` (to expand so it is visible). */
export function ancestorKeys(doc: TopologyDocument, node: NodeRef): string[] {
  const keys: string[] = []
  if (node.kind === 'proxy') return ['proxies']
  if (node.kind === 'engine' || node.kind === 'proxies') return keys
  keys.push('engine')
  let clusterId: string | undefined
  if (node.kind === 'host') clusterId = doc.hosts.find((h) => h.id === node.id)?.cluster
  if (node.kind === 'cluster') clusterId = node.id
  const cluster = clusterId ? doc.clusters.find((c) => c.id === clusterId) : undefined
  if (cluster) keys.push(`dataCenter:${cluster.dataCenter}`)
  if (node.kind === 'host' && clusterId) keys.push(`cluster:${clusterId}`)
  return keys
}
