/**
 * What one cluster of the document becomes in Pacemaker (DESIGN.md §8 "Export to Pacemaker"): its
 * nodes, a stonith primitive per device, fencing levels from device order, location constraints
 * from the plans, and warnings for what Pacemaker cannot express. The CIB (pacemakerCib.ts) and
 * the pcs script (pacemakerPcs.ts) are both written from this one model, so they never disagree.
 * Pure: the caller plans the hosts and resolves secrets.
 */
import type { Device, Host, ParamValue, TopologyDocument } from '../document'
import { groupByOrder } from '../deviceGroups'
import type { HostPlan } from '../plan'
import type { FenceType } from '../plugins'
import { withParameterDefaults } from '../parameterDefaults'
import { ENGINE_ID } from '../planner/machines'
import type { IsSecretParam } from '../secretParams'
import { formatPath } from '../validation'
import { createIdAllocator } from './xmlText'

/** Pacemaker tries at most nine fencing levels per target (index 1..9). */
export const MAX_FENCING_LEVELS = 9

/** The score step between two candidates: the first of n node candidates gets n × 100. */
export const SCORE_STEP = 100

/** A Pacemaker node: a host of the cluster. */
export interface PacemakerNode {
  /** `1`…`n` in the cluster's document order: the corosync node ids `pcs cluster setup` gives. */
  id: string
  /** The host's name. */
  uname: string
}

/** One instance attribute of a primitive, named as the agent's metadata names it. */
export interface PacemakerParam {
  id: string
  name: string
  value: string
}

/** A stonith primitive: one device of one host. */
export interface StonithPrimitive {
  id: string
  /** The fence agent (`fence_ipmilan`). */
  agent: string
  /** The host it fences (its name, also `pcmk_host_list`). */
  host: string
  /** The device's id in the document. */
  device: string
  attributesId: string
  /** The agent's parameters, then `pcmk_host_list`. */
  params: PacemakerParam[]
  /** The recurring monitor `pcs stonith create` adds (60 s). */
  monitorId: string
}

/** One fencing level: the devices of one order of one host. */
export interface FencingLevel {
  id: string
  /** The host's name. */
  target: string
  /** 1…9, ascending with device order. */
  index: number
  /** Primitive ids; more than one for devices of equal order (all must succeed). */
  devices: string[]
}

/** A location constraint of a primitive on one node. */
export interface LocationConstraint {
  id: string
  rsc: string
  node: string
  /** `-INFINITY` on the target; a positive whole number for a candidate. */
  score: string
}

/** One cluster as Pacemaker sees it. */
export interface PacemakerModel {
  cluster: { id: string; name: string }
  nodes: PacemakerNode[]
  primitives: StonithPrimitive[]
  levels: FencingLevel[]
  locations: LocationConstraint[]
  /** What the export could not carry over, in words; never a secret's value. */
  warnings: string[]
  /** True when secret parameters were written (`--include-secrets`). */
  withSecrets: boolean
}

/** What {@link pacemakerModel} needs beside the document. */
export interface PacemakerModelInput {
  doc: TopologyDocument
  /** The id of the cluster to export. */
  clusterId: string
  /** The plan of a host of the cluster whose power management is enabled. */
  planOf: (hostId: string) => HostPlan
  /** A device type (the loaded plugins'). */
  typeOf: (typeId: string) => FenceType | undefined
  isSecretParam: IsSecretParam
  /** True for a type run inside Fencepost (the demo's `sim`): no such agent on a cluster. */
  runsInProcess?: (typeId: string) => boolean
  /**
   * The plain values of the secret parameters, by {@link secretKey}: written when given
   * (`--include-secrets`), left out with a warning otherwise.
   */
  secrets?: ReadonlyMap<string, string>
}

/** Bad input for the export: the message names the field (a JSON path), never a secret. */
export class PacemakerExportError extends Error {
  override readonly name = 'PacemakerExportError'
}

/** The key of a secret parameter in {@link PacemakerModelInput.secrets}. */
export function secretKey(hostId: string, deviceId: string, param: string): string {
  return `${hostId}/${deviceId}/${param}`
}

/** A secret parameter the export writes only with `--include-secrets`. */
export interface ExportedSecret {
  key: string
  /** What needs it, for messages: `parameter password of device psu1 of a1`. */
  subject: string
  value: ParamValue
}

/** The hosts of a cluster, in document order. */
export function clusterHosts(doc: TopologyDocument, clusterId: string): Host[] {
  return doc.hosts.filter((h) => h.cluster === clusterId)
}

function exportsDevicesOf(host: Host): boolean {
  return host.powerManagement?.enabled === true && host.powerManagement.devices.length > 0
}

/** Every secret parameter the devices of a cluster set: what `--include-secrets` must resolve. */
export function secretsOfCluster(
  doc: TopologyDocument,
  clusterId: string,
  isSecretParam: IsSecretParam,
): ExportedSecret[] {
  const secrets: ExportedSecret[] = []
  for (const host of clusterHosts(doc, clusterId)) {
    if (!exportsDevicesOf(host)) continue
    for (const device of host.powerManagement!.devices) {
      for (const [name, value] of Object.entries(device.params)) {
        if (!isSecretParam(device.type, name)) continue
        secrets.push({
          key: secretKey(host.id, device.id, name),
          subject: `parameter ${name} of device ${device.id} of ${host.name}`,
          value,
        })
      }
    }
  }
  return secrets
}

/**
 * Characters a node name may not hold: `pcmk_host_list` splits on whitespace, `,` and `;`, a
 * `pcmk_host_map` on `:`, and pcs reads `%` (target kinds) and `=` (scores) in its arguments.
 */
const NOT_IN_NODE_NAME = /[\s,;:%=]/

/** `true` → `1`, as the runner writes agent options (agentStdin.ts). */
function optionText(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
}

/** The parameter's name in the agent's metadata: the manifest name, not one of its aliases. */
function metadataName(type: FenceType, key: string): string {
  return type.parameters.find((p) => p.aliases?.includes(key))?.name ?? key
}

/**
 * Builds the Pacemaker model of one cluster.
 * @throws PacemakerExportError for a cluster that does not exist, a host name Pacemaker cannot
 *   take, a device of an unknown type, more than nine distinct orders on one host, or a secret
 *   missing from `secrets` when secrets are included.
 */
export function pacemakerModel(input: PacemakerModelInput): PacemakerModel {
  const { doc, clusterId } = input
  const cluster = doc.clusters.find((c) => c.id === clusterId)
  if (!cluster) throw new PacemakerExportError(`cluster: no cluster with id "${clusterId}"`)
  const id = createIdAllocator()
  const warnings: string[] = []
  const hosts = clusterHosts(doc, clusterId)

  hosts.forEach((host) => {
    if (NOT_IN_NODE_NAME.test(host.name)) {
      const at = formatPath(['hosts', doc.hosts.indexOf(host), 'name'])
      throw new PacemakerExportError(
        `${at}: "${host.name}" cannot be a Pacemaker node name (no spaces, ",", ";", ":", "%" or "=")`,
      )
    }
  })
  const nodes = hosts.map((host, i) => ({ id: String(i + 1), uname: host.name }))
  const nodeIds = new Set(hosts.map((h) => h.id))
  const hostById = new Map(doc.hosts.map((h) => [h.id, h]))
  const proxyIds = new Set(doc.proxies.map((p) => p.id))

  /** What a candidate is when it is no node of this cluster, in words. */
  const notANode = (proxyId: string): string => {
    if (proxyId === ENGINE_ID) return 'the engine'
    if (proxyIds.has(proxyId)) return 'a standalone proxy'
    const other = hostById.get(proxyId)
    const otherCluster = doc.clusters.find((c) => c.id === other?.cluster)
    return `cluster ${otherCluster?.name ?? other?.cluster ?? '?'}`
  }

  const primitives: StonithPrimitive[] = []
  const levels: FencingLevel[] = []
  const locations: LocationConstraint[] = []
  const notes: Notes = { simulated: [], leftOut: new Map() }

  for (const host of hosts) {
    const h = doc.hosts.indexOf(host)
    if (!exportsDevicesOf(host)) {
      warnings.push(
        `${host.name}: ${
          host.powerManagement?.enabled ? 'has no fence devices' : 'power management is disabled'
        }; nothing can fence it in Pacemaker`,
      )
      continue
    }
    const devices = host.powerManagement!.devices
    const groups = groupByOrder(devices)
    if (groups.length > MAX_FENCING_LEVELS) {
      throw new PacemakerExportError(
        `${formatPath(['hosts', h, 'powerManagement', 'devices'])}: ${host.name} has ` +
          `${groups.length} distinct device orders (${groups.map((g) => g.order).join(', ')}); ` +
          `Pacemaker allows at most ${MAX_FENCING_LEVELS} fencing levels per node`,
      )
    }
    const plan = input.planOf(host.id)
    const primitiveOf = new Map<Device, string>()
    for (const device of groups.flatMap((g) => g.members)) {
      const rsc = id('fence', host.name, device.id)
      primitiveOf.set(device, rsc)
      primitives.push(primitive(input, host, device, rsc, id, notes))
      const devicePlan = plan.devices.find((d) => d.device === device.id)
      const label = `${host.name}: device ${device.id} (${rsc})`
      locations.push({
        id: id('location', rsc, host.name, '-INFINITY'),
        rsc,
        node: host.name,
        score: '-INFINITY',
      })
      const candidates = devicePlan?.candidates ?? []
      const onNodes = candidates.filter((c) => nodeIds.has(c.proxyId))
      onNodes.forEach((candidate, i) => {
        const score = String((onNodes.length - i) * SCORE_STEP)
        locations.push({
          id: id('location', rsc, candidate.proxy, score),
          rsc,
          node: candidate.proxy,
          score,
        })
      })
      const elsewhere = candidates.filter((c) => !nodeIds.has(c.proxyId))
      if (elsewhere.length > 0) {
        // Grouped by what they are: "a1, a2 (cluster east-a), jump1 (a standalone proxy)".
        const byKind = new Map<string, string[]>()
        for (const c of elsewhere) {
          const kind = notANode(c.proxyId)
          byKind.set(kind, [...(byKind.get(kind) ?? []), c.proxy])
        }
        const list = [...byKind].map(([kind, names]) => `${names.join(', ')} (${kind})`)
        warnings.push(
          `${label}: ${elsewhere.length === 1 ? 'candidate' : 'candidates'} ${list.join(', ')} ` +
            `${elsewhere.length === 1 ? 'is no node' : 'are no nodes'} of cluster ` +
            `${cluster.name}: Pacemaker cannot run the device there`,
        )
      }
      if (onNodes.length === 0) {
        warnings.push(
          `${label}: no candidate of its plan is a node of cluster ${cluster.name}; Pacemaker ` +
            `may run it on any node but ${host.name}`,
        )
      }
    }
    groups.forEach((group, i) => {
      levels.push({
        id: id('fl', host.name, String(i + 1)),
        target: host.name,
        index: i + 1,
        devices: group.members.map((d) => primitiveOf.get(d)!),
      })
    })
  }

  // Said once for the whole export, before the warnings of single devices.
  const once: string[] = []
  if (notes.simulated.length > 0) {
    once.push(
      `${notes.simulated.join(', ')}: simulated inside Fencepost (the demo lab); their agent ` +
        'does not exist on a real cluster',
    )
  }
  for (const [name, rscs] of notes.leftOut) {
    once.push(`${name} left out of ${rscs.join(', ')} (secret; --include-secrets writes it)`)
  }
  warnings.unshift(...once)
  return {
    cluster: { id: cluster.id, name: cluster.name },
    nodes,
    primitives,
    levels,
    locations,
    warnings,
    withSecrets: input.secrets !== undefined,
  }
}

/** What is said once for the whole export: simulated devices, secrets left out (by name). */
interface Notes {
  simulated: string[]
  leftOut: Map<string, string[]>
}

function primitive(
  input: PacemakerModelInput,
  host: Host,
  device: Device,
  rsc: string,
  id: (...parts: string[]) => string,
  notes: Notes,
): StonithPrimitive {
  const at = formatPath([
    'hosts',
    input.doc.hosts.indexOf(host),
    'powerManagement',
    'devices',
    host.powerManagement!.devices.indexOf(device),
  ])
  const type = input.typeOf(device.type)
  if (!type) throw new PacemakerExportError(`${at}.type: no plugin for type "${device.type}"`)
  if (input.runsInProcess?.(device.type)) notes.simulated.push(rsc)
  const attributesId = id(rsc, 'instance_attributes')
  const values = new Map<string, string>()
  // As the runner sends them (agentStdin.ts): fixed options win, then the device's parameters,
  // then the manifest defaults of those it leaves unset.
  const fixed = type.fixed ?? {}
  for (const [key, value] of Object.entries(fixed)) values.set(key, optionText(value))
  for (const [key, value] of Object.entries(
    withParameterDefaults(type.parameters, device.params),
  )) {
    const name = metadataName(type, key)
    if (key === 'action' || key in fixed || name in fixed) continue
    if (input.isSecretParam(device.type, key)) {
      const secret = input.secrets?.get(secretKey(host.id, device.id, key))
      if (input.secrets === undefined)
        notes.leftOut.set(name, [...(notes.leftOut.get(name) ?? []), rsc])
      else if (secret === undefined)
        throw new PacemakerExportError(`${at}.params.${key}: its secret could not be read`)
      else values.set(name, secret)
      continue
    }
    if (typeof value === 'object') {
      throw new PacemakerExportError(`${at}.params.${key}: a secret reference on a plain parameter`)
    }
    values.set(name, optionText(value))
  }
  values.set('pcmk_host_list', host.name)
  return {
    id: rsc,
    agent: type.agent,
    host: host.name,
    device: device.id,
    attributesId,
    params: [...values].map(([name, value]) => ({ id: id(attributesId, name), name, value })),
    monitorId: id(rsc, 'monitor-interval-60s'),
  }
}
