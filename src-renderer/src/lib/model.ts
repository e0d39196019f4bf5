// Queries and structural edits of the topology document as the editor needs them: finding nodes,
// naming what references a node before it is deleted, moving and creating. Domain rules (which
// entry names which machine, device order) are src-main/common's; this file only keeps the
// document consistent with them.
import {
  namesMachine,
  referenceKey,
  referenceKeysOf,
  sameEntry,
  type MachineNames,
} from '../../../src-main/common/planner/entryMatching'
import { ENGINE_ID, listMachines } from '../../../src-main/common/planner/machines'
import { preferenceKeyword } from '../../../src-main/common/preferences'
import type {
  Cluster,
  DataCenter,
  Host,
  PreferenceList,
  Proxy,
  TopologyDocument,
} from '../../../src-main/common/document'

/** A node of the topology tree: what the editor and the inspector show. */
export type NodeRef =
  | { kind: 'engine' }
  | { kind: 'proxies' }
  | { kind: 'dataCenter'; id: string }
  | { kind: 'cluster'; id: string }
  | { kind: 'host'; id: string }
  | { kind: 'proxy'; id: string }

/** A stable string key of a node (`host:h1`). */
export function nodeKey(ref: NodeRef): string {
  return 'id' in ref ? `${ref.kind}:${ref.id}` : ref.kind
}

/** True when two node refs name the same node. */
export function sameNode(a: NodeRef | undefined, b: NodeRef | undefined): boolean {
  return !!a && !!b && nodeKey(a) === nodeKey(b)
}

/** Words for a node kind. */
export const KIND_WORDS: Record<NodeRef['kind'], string> = {
  engine: 'engine',
  proxies: 'standalone proxies',
  dataCenter: 'data center',
  cluster: 'cluster',
  host: 'host',
  proxy: 'standalone proxy',
}

export const findHost = (doc: TopologyDocument, id: string): Host | undefined =>
  doc.hosts.find((h) => h.id === id)
export const findCluster = (doc: TopologyDocument, id: string): Cluster | undefined =>
  doc.clusters.find((c) => c.id === id)
export const findDataCenter = (doc: TopologyDocument, id: string): DataCenter | undefined =>
  doc.dataCenters.find((d) => d.id === id)
export const findProxy = (doc: TopologyDocument, id: string): Proxy | undefined =>
  doc.proxies.find((p) => p.id === id)

/** The display name of a node, or undefined if it no longer exists. */
export function nodeName(doc: TopologyDocument, ref: NodeRef): string | undefined {
  switch (ref.kind) {
    case 'engine':
      return doc.engine.name
    case 'proxies':
      return 'Standalone proxies'
    case 'dataCenter':
      return findDataCenter(doc, ref.id)?.name
    case 'cluster':
      return findCluster(doc, ref.id)?.name
    case 'host':
      return findHost(doc, ref.id)?.name
    case 'proxy':
      return findProxy(doc, ref.id)?.name
  }
}

/** True if the node exists in the document. */
export function nodeExists(doc: TopologyDocument, ref: NodeRef): boolean {
  return nodeName(doc, ref) !== undefined
}

/** The JSON path of a node in the document (`hosts[3]`), as validation issues name it. */
export function nodePath(doc: TopologyDocument, ref: NodeRef): string | undefined {
  const at = (list: { id: string }[], key: string, id: string): string | undefined => {
    const index = list.findIndex((item) => item.id === id)
    return index < 0 ? undefined : `${key}[${index}]`
  }
  switch (ref.kind) {
    case 'engine':
      return 'engine'
    case 'proxies':
      return 'proxies'
    case 'dataCenter':
      return at(doc.dataCenters, 'dataCenters', ref.id)
    case 'cluster':
      return at(doc.clusters, 'clusters', ref.id)
    case 'host':
      return at(doc.hosts, 'hosts', ref.id)
    case 'proxy':
      return at(doc.proxies, 'proxies', ref.id)
  }
}

/** The node a JSON path points into (`hosts[2].powerManagement…` → that host). */
export function nodeOfPath(doc: TopologyDocument, path: string): NodeRef {
  const match = /^(dataCenters|clusters|hosts|proxies)\[(\d+)\]/.exec(path)
  if (!match) return path.startsWith('proxies') ? { kind: 'proxies' } : { kind: 'engine' }
  const index = Number(match[2])
  switch (match[1]) {
    case 'dataCenters': {
      const dc = doc.dataCenters[index]
      return dc ? { kind: 'dataCenter', id: dc.id } : { kind: 'engine' }
    }
    case 'clusters': {
      const cluster = doc.clusters[index]
      return cluster ? { kind: 'cluster', id: cluster.id } : { kind: 'engine' }
    }
    case 'hosts': {
      const host = doc.hosts[index]
      return host ? { kind: 'host', id: host.id } : { kind: 'engine' }
    }
    default: {
      const proxy = doc.proxies[index]
      return proxy ? { kind: 'proxy', id: proxy.id } : { kind: 'proxies' }
    }
  }
}

/** An id made from a name: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export function slugId(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 56)
  return slug || 'item'
}

/** `base`, or `base-2`, `base-3`… — the first not in `taken`. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  const start = slugId(base)
  if (!used.has(start)) return start
  for (let n = 2; ; n++) {
    const candidate = `${start}-${n}`
    if (!used.has(candidate)) return candidate
  }
}

/** Every id used by a machine, data center or cluster (one namespace keeps ids unambiguous). */
export function allIds(doc: TopologyDocument): string[] {
  return [
    ENGINE_ID,
    ...doc.dataCenters.map((d) => d.id),
    ...doc.clusters.map((c) => c.id),
    ...doc.hosts.map((h) => h.id),
    ...doc.proxies.map((p) => p.id),
  ]
}

/** A machine that a named preference entry can point at. */
export interface MachineChoice extends MachineNames {
  kind: 'engine' | 'host' | 'proxy'
  id: string
  name: string
  address: string
  /** Where it sits, in words (`cluster-a`, `Default`, `standalone`). */
  where: string
}

/** Every machine of the document, engine first (as the planner lists them), for pickers. */
export function machineChoices(doc: TopologyDocument): MachineChoice[] {
  const clusterName = new Map(doc.clusters.map((c) => [c.id, c.name]))
  const dcName = new Map(doc.dataCenters.map((d) => [d.id, d.name]))
  return listMachines(doc).map((m) => ({
    kind: m.kind,
    id: m.id,
    name: m.name,
    address: m.address,
    ...(m.ssh?.host === undefined ? {} : { sshHost: m.ssh.host }),
    where:
      m.kind === 'engine'
        ? 'engine'
        : m.cluster !== undefined
          ? (clusterName.get(m.cluster) ?? m.cluster)
          : m.kind === 'proxy' && m.dataCenter !== undefined
            ? (dcName.get(m.dataCenter) ?? m.dataCenter)
            : 'standalone',
  }))
}

/** The machine a named preference entry matches (the planner's rule), if any. */
export function machineOfEntry(doc: TopologyDocument, entry: string): MachineChoice | undefined {
  if (preferenceKeyword(entry) !== undefined) return undefined
  return machineChoices(doc).find((m) => namesMachine(entry, m))
}

/** A preference list somewhere in the document, with words for where it is. */
export interface PreferenceListSite {
  /** JSON path of the list. */
  path: string
  /** `device psu1 of a1`, `cluster cluster-a`, … */
  label: string
  list: PreferenceList
  /** Replaces the list (undefined removes it: inherit). */
  set(list: PreferenceList | undefined): void
}

/** Every preference list of the document. */
export function preferenceSites(doc: TopologyDocument): PreferenceListSite[] {
  const sites: PreferenceListSite[] = []
  const defaults = doc.defaults
  if (defaults?.proxyPreferences)
    sites.push({
      path: 'defaults.proxyPreferences',
      label: 'the defaults',
      list: defaults.proxyPreferences,
      set: (list) => setOptional(defaults, list),
    })
  doc.dataCenters.forEach((dc, i) => {
    if (dc.proxyPreferences)
      sites.push({
        path: `dataCenters[${i}].proxyPreferences`,
        label: `data center ${dc.name}`,
        list: dc.proxyPreferences,
        set: (list) => setOptional(dc, list),
      })
  })
  doc.clusters.forEach((cluster, i) => {
    if (cluster.proxyPreferences)
      sites.push({
        path: `clusters[${i}].proxyPreferences`,
        label: `cluster ${cluster.name}`,
        list: cluster.proxyPreferences,
        set: (list) => setOptional(cluster, list),
      })
  })
  doc.hosts.forEach((host, i) => {
    const pm = host.powerManagement
    if (!pm) return
    if (pm.proxyPreferences)
      sites.push({
        path: `hosts[${i}].powerManagement.proxyPreferences`,
        label: `host ${host.name}`,
        list: pm.proxyPreferences,
        set: (list) => setOptional(pm, list),
      })
    pm.devices.forEach((device, j) => {
      if (device.proxyPreferences)
        sites.push({
          path: `hosts[${i}].powerManagement.devices[${j}].proxyPreferences`,
          label: `device ${device.id} of ${host.name}`,
          list: device.proxyPreferences,
          set: (list) => setOptional(device, list),
        })
    })
  })
  return sites
}

function setOptional(
  target: { proxyPreferences?: PreferenceList | undefined },
  list: PreferenceList | undefined,
): void {
  if (list === undefined || list.length === 0) delete target.proxyPreferences
  else target.proxyPreferences = list
}

/** The keys a machine answers to in a preference list (`referenceKeysOf`). */
function machineKeys(machine: {
  name: string
  address: string
  ssh?: { host?: string }
}): string[] {
  return referenceKeysOf({
    name: machine.name,
    address: machine.address,
    sshHost: machine.ssh?.host,
  })
}

/** Preference lists that name one of these machines. */
function sitesNaming(doc: TopologyDocument, keys: Set<string>): PreferenceListSite[] {
  return preferenceSites(doc).filter((site) =>
    site.list.some((entry) => keys.has(referenceKey(entry))),
  )
}

/** What a deletion takes with it and what it touches, in words, for the confirmation. */
export interface DeletionImpact {
  /** The node itself, in words: `host a1`. */
  subject: string
  /** Nodes deleted with it: `cluster cluster-a`, `host a2`… */
  cascade: string[]
  /** Preference lists whose entries naming a deleted machine will be removed. */
  preferenceLists: string[]
  /** Standalone proxies that lose their placement. */
  unplaced: string[]
}

interface Removal {
  dataCenters: Set<string>
  clusters: Set<string>
  hosts: Set<string>
  proxies: Set<string>
}

function removalOf(doc: TopologyDocument, ref: NodeRef): Removal {
  const removal: Removal = {
    dataCenters: new Set(),
    clusters: new Set(),
    hosts: new Set(),
    proxies: new Set(),
  }
  if (ref.kind === 'dataCenter') {
    removal.dataCenters.add(ref.id)
    for (const c of doc.clusters) if (c.dataCenter === ref.id) removal.clusters.add(c.id)
  }
  if (ref.kind === 'cluster') removal.clusters.add(ref.id)
  for (const h of doc.hosts) if (removal.clusters.has(h.cluster)) removal.hosts.add(h.id)
  if (ref.kind === 'host') removal.hosts.add(ref.id)
  if (ref.kind === 'proxy') removal.proxies.add(ref.id)
  return removal
}

function removedMachineKeys(doc: TopologyDocument, removal: Removal): Set<string> {
  const keys = new Set<string>()
  for (const h of doc.hosts) if (removal.hosts.has(h.id)) machineKeys(h).forEach((k) => keys.add(k))
  for (const p of doc.proxies)
    if (removal.proxies.has(p.id)) machineKeys(p).forEach((k) => keys.add(k))
  return keys
}

/** What deleting a node would take with it. */
export function deletionImpact(doc: TopologyDocument, ref: NodeRef): DeletionImpact {
  const removal = removalOf(doc, ref)
  const subject = `${KIND_WORDS[ref.kind]} ${nodeName(doc, ref) ?? ''}`.trim()
  const cascade = [
    ...doc.clusters
      .filter((c) => removal.clusters.has(c.id) && !(ref.kind === 'cluster' && c.id === ref.id))
      .map((c) => `cluster ${c.name}`),
    ...doc.hosts
      .filter((h) => removal.hosts.has(h.id) && !(ref.kind === 'host' && h.id === ref.id))
      .map((h) => `host ${h.name}`),
  ]
  const keys = removedMachineKeys(doc, removal)
  const preferenceLists = sitesNaming(doc, keys)
    .filter((site) => !siteIsRemoved(doc, site.path, removal))
    .map((site) => site.label)
  const unplaced = doc.proxies
    .filter(
      (p) =>
        !removal.proxies.has(p.id) &&
        ((p.dataCenter !== undefined && removal.dataCenters.has(p.dataCenter)) ||
          (p.cluster !== undefined && removal.clusters.has(p.cluster))),
    )
    .map((p) => `proxy ${p.name}`)
  return { subject, cascade, preferenceLists, unplaced }
}

function siteIsRemoved(doc: TopologyDocument, path: string, removal: Removal): boolean {
  const ref = nodeOfPath(doc, path)
  if (ref.kind === 'host') return removal.hosts.has(ref.id)
  if (ref.kind === 'cluster') return removal.clusters.has(ref.id)
  if (ref.kind === 'dataCenter') return removal.dataCenters.has(ref.id)
  return false
}

/** Deletes a node (and what it contains), removing preference entries that named it. */
export function deleteNode(doc: TopologyDocument, ref: NodeRef): void {
  if (ref.kind === 'engine' || ref.kind === 'proxies') return
  const removal = removalOf(doc, ref)
  const keys = removedMachineKeys(doc, removal)
  for (const site of sitesNaming(doc, keys)) {
    site.set(site.list.filter((entry) => !keys.has(referenceKey(entry))))
  }
  for (const p of doc.proxies) {
    if (p.dataCenter !== undefined && removal.dataCenters.has(p.dataCenter)) delete p.dataCenter
    if (p.cluster !== undefined && removal.clusters.has(p.cluster)) delete p.cluster
  }
  doc.hosts = doc.hosts.filter((h) => !removal.hosts.has(h.id))
  doc.clusters = doc.clusters.filter((c) => !removal.clusters.has(c.id))
  doc.dataCenters = doc.dataCenters.filter((d) => !removal.dataCenters.has(d.id))
  doc.proxies = doc.proxies.filter((p) => !removal.proxies.has(p.id))
}

/** Renames the entries of every preference list that named a machine by its old name. */
export function renameMachineReferences(doc: TopologyDocument, from: string, to: string): number {
  if (!referenceKey(from) || preferenceKeyword(from) !== undefined) return 0
  let changed = 0
  for (const site of preferenceSites(doc)) {
    if (!site.list.some((e) => sameEntry(e, from))) continue
    site.set(site.list.map((e) => (sameEntry(e, from) ? to : e)))
    changed++
  }
  return changed
}

/** How many preference lists name a machine (by name, address or ssh host). */
export function referencesToMachine(
  doc: TopologyDocument,
  machine: { name: string; address: string; ssh?: { host?: string } },
): string[] {
  return sitesNaming(doc, new Set(machineKeys(machine))).map((site) => site.label)
}

/** The hosts of a cluster, in document order. */
export function hostsOf(doc: TopologyDocument, clusterId: string): Host[] {
  return doc.hosts.filter((h) => h.cluster === clusterId)
}

/** How many hosts each cluster holds, by cluster id: one pass, for lists that count per cluster. */
export function hostCountByCluster(doc: TopologyDocument): Map<string, number> {
  const counts = new Map<string, number>()
  for (const h of doc.hosts) counts.set(h.cluster, (counts.get(h.cluster) ?? 0) + 1)
  return counts
}

/** The clusters of a data center, in document order. */
export function clustersOf(doc: TopologyDocument, dataCenterId: string): Cluster[] {
  return doc.clusters.filter((c) => c.dataCenter === dataCenterId)
}

/** A new, empty topology: just the engine on this workstation. */
export function emptyDocument(): TopologyDocument {
  return {
    version: 1,
    engine: { name: 'engine', address: 'localhost', canProxy: true, exec: 'local' },
    dataCenters: [],
    clusters: [],
    hosts: [],
    proxies: [],
  }
}
