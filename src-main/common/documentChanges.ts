/**
 * What differs between two topology documents, by id, in words people read: the import
 * confirmation, the backups list and the stale-tab compare all show the same summary.
 *
 * Things are matched by id (a renamed id is one removed and one added); devices by their host's id
 * and their own. Secrets are compared by presence only — a summary never holds, nor hints at, a
 * secret's value, so a plain password in a file and the `{ ref }` the store keeps for it are equal.
 */
import type {
  Cluster,
  DataCenter,
  Device,
  Engine,
  Host,
  Proxy,
  SshSettings,
  TopologyDocument,
} from './document'
import { defaultIsSecretParam, isSecretPointer, type IsSecretParam } from './secretParams'

/** One field that differs. */
export interface FieldChange {
  /** The field's path in the thing: `address`, `ssh.user`, `params.ip`, `proxyPreferences`. */
  field: string
  /** The field in words: `address`, `SSH user`, `ip`, `preferences`. */
  label: string
  /** For a secret: whether it became set or was removed (values are never compared). */
  secret?: 'set' | 'removed'
}

/** A data center, cluster, host or proxy, by id with its display name. */
export interface NamedThing {
  id: string
  /** The name people see (the newer one when it changed). */
  name: string
}

/** A thing present on both sides whose fields differ. */
export interface ChangedThing extends NamedThing {
  fields: FieldChange[]
}

/** A fence device, named with its host. */
export interface DeviceThing {
  /** The device id (`psu2`), which is also its display name. */
  id: string
  hostId: string
  /** The host's display name (`a1`). */
  hostName: string
}

/** A device present on both sides whose fields differ. */
export interface ChangedDevice extends DeviceThing {
  fields: FieldChange[]
}

/** What was added, removed and changed among one kind of thing. */
export interface ThingChanges<Added, Changed> {
  added: Added[]
  removed: Added[]
  changed: Changed[]
}

/** The summary of {@link summarizeChanges}. */
export interface DocumentChanges {
  dataCenters: ThingChanges<NamedThing, ChangedThing>
  clusters: ThingChanges<NamedThing, ChangedThing>
  hosts: ThingChanges<NamedThing, ChangedThing>
  /** Standalone proxies (machines outside clusters). */
  proxies: ThingChanges<NamedThing, ChangedThing>
  /** Devices, including those of added and removed hosts. */
  devices: ThingChanges<DeviceThing, ChangedDevice>
  /** Fields of the engine that differ (empty when none). */
  engine: FieldChange[]
  /** Fields of the lab-wide defaults that differ (empty when none). */
  defaults: FieldChange[]
}

/** Options of {@link summarizeChanges}. */
export interface SummarizeOptions {
  /** Which device parameters are secret (the plugins'); by name alone unless given. */
  isSecretParam?: IsSecretParam
  /** A parameter in words (a plugin's label); the parameter name unless given. */
  paramLabel?: (deviceType: string, paramName: string) => string | undefined
}

/** Options of {@link describeChanges}. */
export interface DescribeOptions {
  /** How many names a line lists before `and N more` (default 5). */
  maxNames?: number
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'name',
  address: 'address',
  cluster: 'cluster',
  dataCenter: 'data center',
  status: 'status',
  canProxy: 'can proxy',
  disabled: 'disabled',
  proxyPreferences: 'preferences',
  'powerManagement.enabled': 'power management',
  'powerManagement.proxyPreferences': 'device preferences',
  type: 'type',
  order: 'order',
  exec: 'runs agents',
  'ssh.host': 'SSH host',
  'ssh.port': 'SSH port',
  'ssh.user': 'SSH user',
  'ssh.identityFile': 'identity file',
  'ssh.password': 'SSH password',
  'ssh.agent': 'SSH agent',
  'ssh.hostKey': 'host key',
}

/** Deep equality of JSON values, ignoring key order and keys whose value is `undefined`. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]))
  }
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)])
  for (const key of keys) if (!sameValue(ra[key], rb[key])) return false
  return true
}

/** Whether a secret field holds something (an empty string counts as nothing). */
function secretPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== ''
}

/** Compares one field; a secret by presence only. */
function compareField(
  changes: FieldChange[],
  field: string,
  before: unknown,
  after: unknown,
  secret = false,
  label = FIELD_LABELS[field] ?? field,
): void {
  if (secret) {
    const had = secretPresent(before)
    const has = secretPresent(after)
    if (had !== has) changes.push({ field, label, secret: has ? 'set' : 'removed' })
    return
  }
  if (!sameValue(before, after)) changes.push({ field, label })
}

function compareSsh(
  changes: FieldChange[],
  prefix: string,
  before: SshSettings | undefined,
  after: SshSettings | undefined,
): void {
  const keys: (keyof SshSettings)[] = ['host', 'port', 'user', 'identityFile', 'agent', 'hostKey']
  for (const key of keys) {
    compareField(
      changes,
      `${prefix}ssh.${key}`,
      before?.[key],
      after?.[key],
      false,
      FIELD_LABELS[`ssh.${key}`],
    )
  }
  compareField(
    changes,
    `${prefix}ssh.password`,
    before?.password,
    after?.password,
    true,
    FIELD_LABELS['ssh.password'],
  )
}

function compareFields<T extends object>(
  before: T,
  after: T,
  keys: readonly (keyof T & string)[],
): FieldChange[] {
  const changes: FieldChange[] = []
  for (const key of keys) compareField(changes, key, before[key], after[key])
  return changes
}

function dataCenterFields(a: DataCenter, b: DataCenter): FieldChange[] {
  return compareFields(a, b, ['name', 'proxyPreferences'])
}

function clusterFields(a: Cluster, b: Cluster): FieldChange[] {
  return compareFields(a, b, ['name', 'dataCenter', 'proxyPreferences'])
}

function hostFields(a: Host, b: Host): FieldChange[] {
  const changes = compareFields(a, b, ['name', 'address', 'cluster', 'status', 'canProxy'])
  compareSsh(changes, '', a.ssh, b.ssh)
  compareField(
    changes,
    'powerManagement.enabled',
    a.powerManagement?.enabled ?? false,
    b.powerManagement?.enabled ?? false,
  )
  compareField(
    changes,
    'powerManagement.proxyPreferences',
    a.powerManagement?.proxyPreferences,
    b.powerManagement?.proxyPreferences,
  )
  return changes
}

function proxyFields(a: Proxy, b: Proxy): FieldChange[] {
  const changes = compareFields(a, b, [
    'name',
    'address',
    'dataCenter',
    'cluster',
    'canProxy',
    'disabled',
  ])
  compareSsh(changes, '', a.ssh, b.ssh)
  return changes
}

function engineFields(a: Engine, b: Engine): FieldChange[] {
  const changes = compareFields(a, b, ['name', 'address', 'canProxy', 'disabled'])
  const aSsh = typeof a.exec === 'object' ? a.exec.ssh : undefined
  const bSsh = typeof b.exec === 'object' ? b.exec.ssh : undefined
  if (!aSsh !== !bSsh) changes.push({ field: 'exec', label: 'runs agents' })
  compareSsh(changes, 'exec.', aSsh, bSsh)
  return changes
}

function deviceFields(a: Device, b: Device, options: Required<SummarizeOptions>): FieldChange[] {
  const changes = compareFields(a, b, ['type', 'order', 'proxyPreferences'])
  const names = new Set([...Object.keys(a.params), ...Object.keys(b.params)])
  for (const name of names) {
    const before = a.params[name]
    const after = b.params[name]
    const secret =
      options.isSecretParam(a.type, name) ||
      options.isSecretParam(b.type, name) ||
      isSecretPointer(before) ||
      isSecretPointer(after)
    const label = options.paramLabel(b.type, name) ?? options.paramLabel(a.type, name) ?? name
    compareField(changes, `params.${name}`, before, after, secret, label)
  }
  return changes
}

/** Added, removed and changed things of one kind, matched by id, in document order. */
function diffById<T extends { id: string }, Out>(
  before: readonly T[],
  after: readonly T[],
  describe: (thing: T) => Out,
  fields: (a: T, b: T) => FieldChange[],
): ThingChanges<Out, Out & { fields: FieldChange[] }> {
  const beforeById = new Map(before.map((thing) => [thing.id, thing]))
  const afterIds = new Set(after.map((thing) => thing.id))
  const result: ThingChanges<Out, Out & { fields: FieldChange[] }> = {
    added: [],
    removed: [],
    changed: [],
  }
  for (const thing of after) {
    const old = beforeById.get(thing.id)
    if (!old) {
      result.added.push(describe(thing))
      continue
    }
    const changes = fields(old, thing)
    if (changes.length > 0) result.changed.push({ ...describe(thing), fields: changes })
  }
  for (const thing of before) if (!afterIds.has(thing.id)) result.removed.push(describe(thing))
  return result
}

function named(thing: { id: string; name: string }): NamedThing {
  return { id: thing.id, name: thing.name }
}

/** Every device of a document keyed `hostId/deviceId`, in document order. */
function devicesOf(document: TopologyDocument): Map<string, { host: Host; device: Device }> {
  const devices = new Map<string, { host: Host; device: Device }>()
  for (const host of document.hosts) {
    for (const device of host.powerManagement?.devices ?? []) {
      devices.set(`${host.id}/${device.id}`, { host, device })
    }
  }
  return devices
}

/**
 * What differs from `before` to `after`, by id: data centers, clusters, hosts, standalone proxies,
 * devices (per host), the engine and the defaults, each with display names. Secrets (SSH passwords
 * and secret parameters) are compared by presence only.
 */
export function summarizeChanges(
  before: TopologyDocument,
  after: TopologyDocument,
  options: SummarizeOptions = {},
): DocumentChanges {
  const resolved: Required<SummarizeOptions> = {
    isSecretParam: options.isSecretParam ?? defaultIsSecretParam,
    paramLabel: options.paramLabel ?? (() => undefined),
  }
  const oldDevices = devicesOf(before)
  const newDevices = devicesOf(after)
  const deviceThing = ({ host, device }: { host: Host; device: Device }): DeviceThing => ({
    id: device.id,
    hostId: host.id,
    hostName: host.name,
  })
  const devices: DocumentChanges['devices'] = { added: [], removed: [], changed: [] }
  for (const [key, entry] of newDevices) {
    const old = oldDevices.get(key)
    if (!old) {
      devices.added.push(deviceThing(entry))
      continue
    }
    const fields = deviceFields(old.device, entry.device, resolved)
    if (fields.length > 0) devices.changed.push({ ...deviceThing(entry), fields })
  }
  for (const [key, entry] of oldDevices) {
    if (!newDevices.has(key)) devices.removed.push(deviceThing(entry))
  }
  return {
    dataCenters: diffById(before.dataCenters, after.dataCenters, named, dataCenterFields),
    clusters: diffById(before.clusters, after.clusters, named, clusterFields),
    hosts: diffById(before.hosts, after.hosts, named, hostFields),
    proxies: diffById(before.proxies ?? [], after.proxies ?? [], named, proxyFields),
    devices,
    engine: engineFields(before.engine, after.engine),
    defaults: compareFields(before.defaults ?? {}, after.defaults ?? {}, ['proxyPreferences']),
  }
}

/** True when {@link summarizeChanges} found nothing that differs. */
export function hasNoChanges(changes: DocumentChanges): boolean {
  const kinds = [
    changes.dataCenters,
    changes.clusters,
    changes.hosts,
    changes.proxies,
    changes.devices,
  ]
  return (
    kinds.every((k) => k.added.length + k.removed.length + k.changed.length === 0) &&
    changes.engine.length === 0 &&
    changes.defaults.length === 0
  )
}

/** `1 host` / `3 hosts`. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`
}

/** `a7, a8` or `a1, a2, a3, a4, a5 and 7 more`. */
function nameList(names: readonly string[], maxNames: number): string {
  if (names.length <= maxNames) return names.join(', ')
  return `${names.slice(0, maxNames).join(', ')} and ${names.length - maxNames} more`
}

/** `address, SSH password set, preferences`. */
function fieldList(fields: readonly FieldChange[]): string {
  return fields
    .map((f) => (f.secret ? `${f.label} ${f.secret === 'set' ? 'set' : 'removed'}` : f.label))
    .join(', ')
}

const KINDS = [
  ['dataCenters', 'data center', 'data centers'],
  ['clusters', 'cluster', 'clusters'],
  ['hosts', 'host', 'hosts'],
  ['proxies', 'standalone proxy', 'standalone proxies'],
] as const

/**
 * The summary in lines of words, most significant first:
 * `2 hosts added: a7, a8`, `1 device removed: psu2 of a1`, `psu2 of a1 changed (ip, preferences)`,
 * `engine changed (address)`. A single line `No changes.` when nothing differs. Long lists name
 * the first few and say how many more; changed things get a line each up to the same limit.
 */
export function describeChanges(changes: DocumentChanges, options: DescribeOptions = {}): string[] {
  const maxNames = Math.max(1, options.maxNames ?? 5)
  const lines: string[] = []
  const deviceName = (d: DeviceThing): string => `${d.id} of ${d.hostName}`
  const perKind = (
    kind: ThingChanges<NamedThing | DeviceThing, ChangedThing | ChangedDevice>,
    singular: string,
    plural: string,
    nameOf: (thing: NamedThing | DeviceThing) => string,
  ): void => {
    if (kind.added.length > 0) {
      lines.push(
        `${countOf(kind.added.length, singular, plural)} added: ${nameList(kind.added.map(nameOf), maxNames)}`,
      )
    }
    if (kind.removed.length > 0) {
      lines.push(
        `${countOf(kind.removed.length, singular, plural)} removed: ${nameList(kind.removed.map(nameOf), maxNames)}`,
      )
    }
    const shown = kind.changed.slice(0, maxNames)
    for (const thing of shown) lines.push(`${nameOf(thing)} changed (${fieldList(thing.fields)})`)
    if (kind.changed.length > shown.length) {
      lines.push(
        `${countOf(kind.changed.length - shown.length, `more ${singular}`, `more ${plural}`)} changed`,
      )
    }
  }
  const nameOfThing = (thing: NamedThing | DeviceThing): string =>
    'hostName' in thing ? deviceName(thing) : (thing as NamedThing).name
  for (const [key, singular, plural] of KINDS) {
    perKind(changes[key], singular, plural, nameOfThing)
  }
  perKind(changes.devices, 'device', 'devices', nameOfThing)
  if (changes.engine.length > 0) lines.push(`engine changed (${fieldList(changes.engine)})`)
  if (changes.defaults.length > 0) lines.push(`defaults changed (${fieldList(changes.defaults)})`)
  return lines.length > 0 ? lines : ['No changes.']
}

/** How big a document is, for lists of backups: `9 hosts, 14 devices`. */
export function describeDocumentSize(document: TopologyDocument): string {
  let devices = 0
  for (const host of document.hosts) devices += host.powerManagement?.devices.length ?? 0
  return `${countOf(document.hosts.length, 'host')}, ${countOf(devices, 'device')}`
}
