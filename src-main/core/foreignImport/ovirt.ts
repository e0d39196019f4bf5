/**
 * oVirt → document: the JSON of the oVirt REST API (`GET /ovirt-engine/api/hosts?follow=
 * fence_agents,cluster`, `GET …/clusters`, `GET …/datacenters`), read liberally: engine versions
 * write booleans and numbers as JSON values or as strings (`"true"`, `"1"`), a list as an array or
 * as `{ "host": [...] }`, and a followed link as `fence_agents` or `agents`.
 *
 * What maps to what:
 * - data centers, clusters and hosts keep oVirt's ids and names; a host's `status` maps to the
 *   document's states (`non_responsive` → `non-responsive`, …; the transient ones → `unknown`);
 *   every host may proxy (oVirt proxies are hosts);
 * - each fence agent → a device: `order` as oVirt gives it (agents of equal order act together),
 *   `address` → `ip`, `username`, `port` → `ipport`, the options by the agent's metadata names
 *   (`slot` → the plug, `secure` → `ssl`); oVirt's own defaults for a type (engine-config
 *   `FenceAgentDefaultParams`: `ilo3`/`ilo4` lanplus and power_wait, `drac7` privlvl and lanplus)
 *   are added where the agent leaves them unset, as the engine does at run time;
 * - a type runs the agent oVirt maps it to (`FenceAgentMapping`: drac7, ilo3, ilo4 → ipmilan;
 *   ilo2 → ilo), else `fence_<type>`;
 * - a host's `pm_proxies` (`cluster`, `dc`, `other_dc`) → its proxy preferences; without them the
 *   document's defaults say oVirt's own (`FenceProxyDefaultPreferences`: cluster, dc);
 * - passwords are not in the API's output: devices come without one, and a note says which.
 * The engine's address is not in the output either: the engine is written as `ovirt-engine` on
 * this workstation, not a proxy (oVirt's engine never runs agents itself).
 */
import type { FenceType } from '../../common/plugins'
import type {
  Cluster,
  DataCenter,
  Device,
  Host,
  HostStatus,
  ParamValue,
  PreferenceKeyword,
  TopologyDocument,
} from '../../common/document'
import { DOCUMENT_VERSION } from '../../common/document'
import {
  deviceParams,
  looseBoolean,
  looseInteger,
  uniqueId,
  type ForeignImport,
  type ResolveType,
} from './foreignImport'

/** oVirt's `FenceAgentMapping` default: types it runs through another agent. */
export const OVIRT_AGENT_MAPPING: Readonly<Record<string, string>> = {
  drac7: 'ipmilan',
  ilo2: 'ilo',
  ilo3: 'ipmilan',
  ilo4: 'ipmilan',
}

/** oVirt's `FenceAgentDefaultParams` default (x86): options the engine adds when unset. */
export const OVIRT_DEFAULT_OPTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  drac7: { privlvl: 'OPERATOR', lanplus: '1', delay: '10' },
  ilo3: { lanplus: '1', power_wait: '4' },
  ilo4: { lanplus: '1', power_wait: '4' },
  redfish: { ssl_insecure: '1' },
}

/** oVirt's `FenceProxyDefaultPreferences` default. */
export const OVIRT_DEFAULT_PROXIES: readonly PreferenceKeyword[] = ['cluster', 'dc']

const STATUS: Readonly<Record<string, HostStatus>> = {
  up: 'up',
  maintenance: 'maintenance',
  preparing_for_maintenance: 'maintenance',
  non_operational: 'non-operational',
  non_responsive: 'non-responsive',
  connecting: 'non-responsive',
  down: 'down',
}

const PROXY_TYPES: Readonly<Record<string, PreferenceKeyword>> = {
  cluster: 'cluster',
  dc: 'dc',
  other_dc: 'other-dc',
  'other-dc': 'other-dc',
}

/** The three API answers; any may be missing (hosts with followed clusters carry enough). */
export interface OvirtInput {
  hosts: unknown
  clusters?: unknown
  dataCenters?: unknown
}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The list inside an API answer, however it is wrapped: an array, `{ "host": [...] }`,
 * `{ "hosts": { "host": [...] } }`, or one object of the list.
 */
export function listOf(value: unknown, ...keys: string[]): Json[] {
  if (Array.isArray(value)) return value.filter(isObject)
  if (!isObject(value)) return []
  for (const key of keys) if (key in value) return listOf(value[key], ...keys)
  return 'id' in value || 'name' in value ? [value] : []
}

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : undefined

/**
 * Splits one file that holds all three answers (`{ "hosts": …, "clusters": …, "data_centers": …
 * }`) or the hosts answer alone.
 */
export function ovirtInputOf(json: unknown): OvirtInput {
  if (isObject(json) && ('clusters' in json || 'data_centers' in json || 'datacenters' in json))
    return {
      hosts: json.hosts ?? json.host,
      clusters: json.clusters,
      dataCenters: json.data_centers ?? json.datacenters ?? json.dataCenters,
    }
  return { hosts: json }
}

/** Options as oVirt writes them: `{ option: [{ name, value }] }`, an array, or `"a=1,b"`. */
function optionPairs(value: unknown): [string, string][] {
  if (typeof value === 'string')
    return value
      .split(/[,;]/)
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => {
        const eq = part.indexOf('=')
        return eq < 0 ? [part, ''] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()]
      })
  return listOf(value, 'option', 'options').flatMap((o) => {
    const name = textOf(o.name)
    return name ? [[name, textOf(o.value) ?? ''] as [string, string]] : []
  })
}

/**
 * oVirt option names that fence-agents spell otherwise, with the names to try in turn: `slot` is
 * the plug; `secure` is `ssh` for the telnet/ssh agents and `ssl` for the HTTPS ones (oVirt's
 * `VdsFenceOptionMapping`).
 */
const OPTION_NAMES: Readonly<Record<string, readonly string[]>> = {
  slot: ['plug', 'port'],
  secure: ['secure', 'ssh', 'ssl'],
}

/** The name under which `type` takes oVirt's option `name`. */
function optionName(type: FenceType, name: string): string {
  const known = (n: string): boolean =>
    type.parameters.some((p) => p.name === n || (p.aliases ?? []).includes(n))
  return (OPTION_NAMES[name] ?? []).find(known) ?? name
}

/** Translates the oVirt REST API's answers into a document (see the module's comment). */
export async function documentFromOvirt(
  input: OvirtInput,
  resolveType: ResolveType,
): Promise<Omit<ForeignImport, 'generated'>> {
  const notes: string[] = []
  const hostsJson = listOf(input.hosts, 'hosts', 'host')
  if (hostsJson.length === 0) throw new Error('no hosts found: expected the answer of GET /hosts')

  const dataCenters = new Map<string, DataCenter>()
  for (const dc of listOf(input.dataCenters, 'data_centers', 'data_center', 'datacenters')) {
    const id = textOf(dc.id)
    if (id) dataCenters.set(id, { id, name: textOf(dc.name) ?? id })
  }
  const clusters = new Map<string, Cluster>()
  const addCluster = (json: Json): string | undefined => {
    const id = textOf(json.id)
    if (!id) return undefined
    const known = clusters.get(id)
    const dcJson = isObject(json.data_center) ? json.data_center : undefined
    const dcId = textOf(dcJson?.id)
    if (known && (known.name !== id || !textOf(json.name))) return id
    if (dcId && !dataCenters.has(dcId)) {
      dataCenters.set(dcId, { id: dcId, name: textOf(dcJson?.name) ?? dcId })
      if (!textOf(dcJson?.name))
        notes.push(`data center ${dcId}: not in the data centers answer; named by its id`)
    }
    clusters.set(id, { id, name: textOf(json.name) ?? id, dataCenter: dcId ?? '' })
    return id
  }
  for (const cluster of listOf(input.clusters, 'clusters', 'cluster')) addCluster(cluster)

  const hosts: Host[] = []
  for (const json of hostsJson) {
    const id = textOf(json.id)
    const name = textOf(json.name) ?? id
    if (!id || !name) {
      notes.push('a host without an id was left out')
      continue
    }
    const where = `host ${name}`
    const clusterId = isObject(json.cluster) ? addCluster(json.cluster) : undefined
    if (!clusterId) {
      notes.push(`${where}: no cluster; left out`)
      continue
    }
    const rawStatus =
      (isObject(json.status) ? textOf(json.status.state) : textOf(json.status)) ?? ''
    const status = STATUS[rawStatus.toLowerCase()] ?? 'unknown'
    if (!STATUS[rawStatus.toLowerCase()])
      notes.push(`${where}: status "${rawStatus}" has no equivalent; imported as unknown`)
    const pm = isObject(json.power_management) ? json.power_management : {}
    const host: Host = {
      id,
      name,
      address: textOf(json.address) ?? name,
      cluster: clusterId,
      status,
      canProxy: true,
    }
    const devices = await devicesOf(json, pm, where, resolveType, notes)
    const proxies = listOf(pm.pm_proxies, 'pm_proxies', 'pm_proxy').flatMap((p) => {
      const type = textOf(p.type)?.toLowerCase()
      const entry = type ? PROXY_TYPES[type] : undefined
      if (type && !entry) notes.push(`${where}: proxy type "${type}" has no equivalent; left out`)
      return entry ? [entry] : []
    })
    if (devices.length > 0 || looseBoolean(pm.enabled) === true) {
      host.powerManagement = {
        enabled: looseBoolean(pm.enabled) ?? false,
        ...(proxies.length > 0 ? { proxyPreferences: proxies } : {}),
        devices,
      }
    }
    hosts.push(host)
  }

  for (const cluster of clusters.values()) {
    if (cluster.dataCenter !== '') continue
    const fallback = 'imported'
    if (!dataCenters.has(fallback)) dataCenters.set(fallback, { id: fallback, name: 'Imported' })
    cluster.dataCenter = fallback
    notes.push(`cluster ${cluster.name}: its data center is not in the input; put in "Imported"`)
  }
  const withoutPassword = hosts.flatMap((h) =>
    (h.powerManagement?.devices ?? []).map((d) => `${h.name}/${d.id}`),
  )
  if (withoutPassword.length > 0)
    notes.push(
      `passwords are not in oVirt's output: set them for ${withoutPassword.length} device(s) ` +
        `(${withoutPassword.slice(0, 5).join(', ')}${withoutPassword.length > 5 ? ', …' : ''})`,
    )

  const document: TopologyDocument = {
    version: DOCUMENT_VERSION,
    engine: { name: 'ovirt-engine', address: 'localhost', canProxy: false, exec: 'local' },
    defaults: { proxyPreferences: [...OVIRT_DEFAULT_PROXIES] },
    dataCenters: [...dataCenters.values()],
    clusters: [...clusters.values()],
    hosts,
    proxies: [],
  }
  return { document, notes }
}

async function devicesOf(
  json: Json,
  pm: Json,
  where: string,
  resolveType: ResolveType,
  notes: string[],
): Promise<Device[]> {
  // Followed as `fence_agents` (4.x) or `agents`; 3.x kept them under power_management.
  const agents = listOf(
    json.fence_agents ?? json.agents ?? pm.agents,
    'fence_agents',
    'agents',
    'agent',
  )
  const taken = new Set<string>()
  const devices: Device[] = []
  for (const [index, agent] of agents.entries()) {
    const typeName = textOf(agent.type)?.toLowerCase()
    const at = `${where}, agent ${index + 1}${typeName ? ` (${typeName})` : ''}`
    if (!typeName) {
      notes.push(`${at}: no type; left out`)
      continue
    }
    const agentName = `fence_${(OVIRT_AGENT_MAPPING[typeName] ?? typeName).replace(/-/g, '_')}`
    const type = await resolveType(agentName, typeName, notes)
    if (!type) continue
    const options = optionPairs(agent.options).map(
      ([name, value]) => [optionName(type, name), value] as [string, string],
    )
    const given = new Set(options.map(([name]) => name))
    const defaults = Object.entries(OVIRT_DEFAULT_OPTIONS[typeName] ?? {}).filter(
      ([name]) =>
        !given.has(name) && !type.fixed?.[name] && type.parameters.some((p) => p.name === name),
    )
    const pairs: [string, unknown][] = [
      ...(textOf(agent.address) ? [['ip', textOf(agent.address)] as [string, unknown]] : []),
      ...(textOf(agent.username)
        ? [['username', textOf(agent.username)] as [string, unknown]]
        : []),
      ...(looseInteger(agent.port) !== undefined
        ? [['ipport', looseInteger(agent.port)] as [string, unknown]]
        : []),
      ...options,
      ...defaults,
    ]
    const params: Record<string, ParamValue> = deviceParams(type, pairs, at, notes)
    const order = looseInteger(agent.order) ?? index + 1
    devices.push({
      id: uniqueId(type.deviceIdBase ?? type.id, taken),
      type: type.id,
      order: Math.max(1, order),
      params,
    })
  }
  return devices
}
