/**
 * Pacemaker → document: a CIB (`cibadmin --query`, or a file made with `pcs -f`) read for its
 * nodes, stonith primitives, `fencing-topology` and location constraints.
 *
 * What maps to what:
 * - the cluster (named by `cluster-name`, else `pacemaker`) in one data center; every node a host
 *   (its `uname` is its name and address; its id the node id); `up` unless the status section says
 *   the node is not online; remote and guest nodes cannot run devices, so they are no proxies;
 * - a stonith primitive → one device per node it fences: `pcmk_host_list` names them,
 *   `pcmk_host_map` (`n1:1;n2:2,3`) names them with their plugs (a node with two plugs gets two
 *   devices of equal order: both must act), its parameters by the agent's metadata names;
 *   Pacemaker's own `pcmk_*` settings are left out with a note;
 * - a node's `fencing-topology` levels → its devices' orders (level index = order; the devices of
 *   one level act together); a node without levels gets its devices in document order, each an
 *   alternative (orders 1, 2, …);
 * - `rsc_location` constraints of a device → its proxy preferences: the nodes with positive scores
 *   in descending order, then `cluster` (Pacemaker may use any other node) unless some other node
 *   is banned (`-INFINITY`), which a preference list cannot say: then only the named nodes, and a
 *   note. Without constraints the document's default `cluster` applies.
 * Pacemaker has no engine: the engine is this workstation, not a proxy.
 */
import type { Device, Host, HostStatus, TopologyDocument } from '../../common/document'
import { DOCUMENT_VERSION } from '../../common/document'
import { child, childrenNamed, parseXml, type XmlElement } from '../plugins/xml'
import {
  deviceParams,
  idFrom,
  uniqueId,
  type ForeignImport,
  type ResolveType,
} from './foreignImport'

/** Scores as Pacemaker writes them; `INFINITY` is 1,000,000. */
function score(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const t = text.trim().toUpperCase()
  if (t === 'INFINITY' || t === '+INFINITY') return 1_000_000
  if (t === '-INFINITY') return -1_000_000
  const n = Number(t)
  return Number.isFinite(n) ? n : undefined
}

/** Every element named `name` under `root`, depth first. */
function descendants(root: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = []
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.name === name) found.push(c)
      walk(c)
    }
  }
  walk(root)
  return found
}

function nvpairs(element: XmlElement | undefined, set: string): [string, string][] {
  if (!element) return []
  return childrenNamed(element, set).flatMap((attrs) =>
    childrenNamed(attrs, 'nvpair').flatMap((p) =>
      p.attrs.name !== undefined ? [[p.attrs.name, p.attrs.value ?? ''] as [string, string]] : [],
    ),
  )
}

/** `n1:1;n2:2,3` → n1 → [1], n2 → [2, 3] (also `n1=1 n2=2`, as Pacemaker accepts). */
export function parseHostMap(map: string): Map<string, string[]> {
  const result = new Map<string, string[]>()
  for (const entry of map.split(/[;\s]+/).filter((e) => e !== '')) {
    const sep = entry.search(/[:=]/)
    if (sep < 0) continue
    const node = entry.slice(0, sep)
    const plugs = entry
      .slice(sep + 1)
      .split(',')
      .filter((p) => p !== '')
    result.set(node, [...(result.get(node) ?? []), ...plugs])
  }
  return result
}

/** Translates a CIB into a document (see the module's comment). */
export async function documentFromCib(
  xml: string,
  resolveType: ResolveType,
): Promise<Omit<ForeignImport, 'generated'>> {
  const notes: string[] = []
  const cib = parseXml(xml)
  if (cib.name !== 'cib') throw new Error(`not a CIB: the root element is <${cib.name}>`)
  const configuration = child(cib, 'configuration')
  if (!configuration) throw new Error('not a CIB: no <configuration>')

  const properties = new Map(nvpairs(child(configuration, 'crm_config'), 'cluster_property_set'))
  const clusterName = properties.get('cluster-name') || 'pacemaker'
  const clusterId = idFrom(clusterName, 'pacemaker')

  const online = new Map<string, boolean>()
  const status = child(cib, 'status')
  for (const state of status ? childrenNamed(status, 'node_state') : []) {
    const name = state.attrs.uname
    if (name) online.set(name, state.attrs.crmd === 'online' || state.attrs.crmd === 'member')
  }

  const hosts: Host[] = []
  const hostByName = new Map<string, Host>()
  const hostIds = new Set<string>()
  const nodes = child(configuration, 'nodes')
  for (const node of nodes ? childrenNamed(nodes, 'node') : []) {
    const name = node.attrs.uname
    if (!name) continue
    const remote = node.attrs.type === 'remote' || node.attrs.type === 'guest'
    const nodeStatus: HostStatus = online.has(name) ? (online.get(name) ? 'up' : 'down') : 'up'
    const host: Host = {
      id: uniqueId(idFrom(node.attrs.id ?? name, name), hostIds),
      name,
      address: name,
      cluster: clusterId,
      status: nodeStatus,
      canProxy: !remote,
      powerManagement: { enabled: true, devices: [] },
    }
    hosts.push(host)
    hostByName.set(name, host)
  }
  if (hosts.length === 0) throw new Error('no nodes in the CIB (<nodes> is empty)')

  const levels = new Map<string, { index: number; devices: string[] }[]>()
  const topology = child(configuration, 'fencing-topology')
  for (const level of topology ? childrenNamed(topology, 'fencing-level') : []) {
    const index = Number(level.attrs.index)
    const devices = (level.attrs.devices ?? '').split(',').filter((d) => d !== '')
    let targets: string[] = []
    if (level.attrs.target) targets = [level.attrs.target]
    else if (level.attrs['target-pattern']) {
      const pattern = new RegExp(level.attrs['target-pattern'])
      targets = [...hostByName.keys()].filter((n) => pattern.test(n))
    } else
      notes.push(
        `fencing level ${level.attrs.id ?? index}: a target by attribute is not carried over`,
      )
    for (const target of targets)
      levels.set(target, [...(levels.get(target) ?? []), { index, devices }])
  }

  const locations = new Map<string, { node: string; score: number }[]>()
  const constraints = child(configuration, 'constraints')
  for (const location of constraints ? childrenNamed(constraints, 'rsc_location') : []) {
    const rsc = location.attrs.rsc
    const s = score(location.attrs.score)
    if (!rsc || !location.attrs.node || s === undefined) {
      if (rsc)
        notes.push(
          `constraint ${location.attrs.id ?? rsc}: rules and patterns are not carried over`,
        )
      continue
    }
    locations.set(rsc, [...(locations.get(rsc) ?? []), { node: location.attrs.node, score: s }])
  }

  // Devices per target node, in CIB order, before orders are set.
  const pending = new Map<string, { primitive: string; device: Device }[]>()
  for (const primitive of descendants(configuration, 'primitive')) {
    if (primitive.attrs.class !== 'stonith') continue
    const rsc = primitive.attrs.id ?? ''
    const agent = primitive.attrs.type ?? ''
    const where = `device ${rsc}`
    const type = await resolveType(agent, agent, notes)
    if (!type) continue
    const params = nvpairs(primitive, 'instance_attributes')
    const pcmk = new Map(params.filter(([n]) => n.startsWith('pcmk_')))
    for (const name of pcmk.keys())
      if (!['pcmk_host_list', 'pcmk_host_map', 'pcmk_host_argument'].includes(name))
        notes.push(`${where}: ${name} is Pacemaker's own setting; left out`)
    const own = params.filter(([n]) => !n.startsWith('pcmk_'))
    const plugArg = pcmk.get('pcmk_host_argument') ?? 'plug'
    const targets = new Map<string, string[]>()
    if (pcmk.has('pcmk_host_map'))
      for (const [n, p] of parseHostMap(pcmk.get('pcmk_host_map')!)) targets.set(n, p)
    for (const n of (pcmk.get('pcmk_host_list') ?? '').split(/[\s,;]+/).filter((x) => x !== ''))
      if (!targets.has(n)) targets.set(n, [])
    if (targets.size === 0)
      for (const [node, nodeLevels] of levels)
        if (nodeLevels.some((l) => l.devices.includes(rsc))) targets.set(node, [])
    if (targets.size === 0) {
      notes.push(`${where}: no pcmk_host_list or pcmk_host_map names its nodes; left out`)
      continue
    }
    const shared = targets.size > 1
    const bans = (locations.get(rsc) ?? []).filter((l) => l.score <= -1_000_000)
    const preferred = (locations.get(rsc) ?? [])
      .filter((l) => l.score > 0)
      .sort((a, b) => b.score - a.score)
      .map((l) => l.node)
    for (const [node, plugs] of targets) {
      const host = hostByName.get(node)
      if (!host) {
        notes.push(`${where}: node ${node} is not in <nodes>; left out for it`)
        continue
      }
      const otherBans = bans.filter((b) => b.node !== node)
      const list = preferred.filter((n) => n !== node)
      const preferences =
        list.length === 0 && otherBans.length === 0
          ? undefined
          : otherBans.length > 0
            ? list
            : [...list, 'cluster']
      if (otherBans.length > 0)
        notes.push(
          `${where}: banned from ${otherBans.map((b) => b.node).join(', ')}; the preferences list ` +
            'only its preferred nodes',
        )
      for (const plug of plugs.length > 0 ? plugs : [undefined]) {
        const pairs: [string, unknown][] = plug === undefined ? own : [...own, [plugArg, plug]]
        const base =
          shared || plugs.length > 1 ? `${rsc}-${node}${plugs.length > 1 ? `-${plug}` : ''}` : rsc
        const device: Device = {
          id: idFrom(base, 'device'),
          type: type.id,
          order: 1,
          params: deviceParams(type, pairs, `${where} (for ${node})`, notes),
          ...(preferences ? { proxyPreferences: preferences } : {}),
        }
        pending.set(node, [...(pending.get(node) ?? []), { primitive: rsc, device }])
      }
    }
  }

  for (const host of hosts) {
    const devices = pending.get(host.name) ?? []
    const nodeLevels = levels.get(host.name)
    const taken = new Set<string>()
    const placed: Device[] = []
    // Without levels each primitive is an alternative; the plugs of one primitive act together.
    const primitives = [...new Set(devices.map((d) => d.primitive))]
    for (const { primitive, device } of devices) {
      const level = nodeLevels?.find((l) => l.devices.includes(primitive))
      if (nodeLevels && !level) {
        notes.push(
          `device ${primitive}: in no fencing level of ${host.name}; Pacemaker does not use it ` +
            'there, left out',
        )
        continue
      }
      const order = level ? level.index : primitives.indexOf(primitive) + 1
      placed.push({ ...device, id: uniqueId(device.id, taken), order })
    }
    host.powerManagement = { enabled: placed.length > 0, devices: placed }
  }

  const document: TopologyDocument = {
    version: DOCUMENT_VERSION,
    engine: { name: 'workstation', address: 'localhost', canProxy: false, exec: 'local' },
    defaults: { proxyPreferences: ['cluster'] },
    dataCenters: [{ id: 'pacemaker', name: 'Pacemaker' }],
    clusters: [{ id: clusterId, name: clusterName, dataCenter: 'pacemaker' }],
    hosts,
    proxies: [],
  }
  return { document, notes }
}
