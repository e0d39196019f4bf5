/**
 * A defensive view of the raw input. The semantic passes run on it even when the schema fails, so
 * every accessor tolerates any value: it reads own properties only (never `__proto__` or
 * `constructor` from the prototype) and answers `undefined` for anything of the wrong shape.
 */
import { formatPath } from '../../common/validation'
import { quote, type Path } from './issues'

/** A plain JSON object. */
export type RawRecord = Record<string, unknown>

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is RawRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The own property `key` of `value`, if `value` is an object that has it. */
export function own(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined
}

/** The own property `key` of `value` when it is a string. */
export function ownString(value: unknown, key: string): string | undefined {
  const field = own(value, key)
  return typeof field === 'string' ? field : undefined
}

/** An object element of a collection, with its path. */
export interface RawItem {
  path: Path
  value: RawRecord
}

/**
 * The object elements of the array at `parent[key]`, with their paths; `undefined` when that is
 * not an array (the schema reports it). Non-object elements are skipped: the schema reports them.
 */
export function itemsAt(parent: unknown, key: string, parentPath: Path): RawItem[] | undefined {
  const list = own(parent, key)
  if (!Array.isArray(list)) return undefined
  const items: RawItem[] = []
  list.forEach((value: unknown, index) => {
    if (isRecord(value)) items.push({ path: [...parentPath, key, index], value })
  })
  return items
}

/** Resolves `path` in `root`; `found` is false as soon as a step is missing. */
export function valueAt(root: unknown, path: Path): { found: boolean; value: unknown } {
  let current = root
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(current) && key >= 0 && key < current.length) {
      current = current[key]
    } else if (typeof key === 'string' && isRecord(current) && Object.hasOwn(current, key)) {
      current = current[key]
    } else {
      return { found: false, value: undefined }
    }
  }
  return { found: true, value: current }
}

/** A machine of the raw document, with whatever identifying fields are strings. */
export interface RawMachine {
  kind: 'engine' | 'host' | 'proxy'
  path: Path
  name?: string
  address?: string
  /** `ssh.host` (the engine's under `exec.ssh`); preference entries may name it too. */
  sshHost?: string
}

/** The collections of the raw document; a collection is `undefined` when it is not an array. */
export interface RawDocument {
  root: RawRecord | undefined
  engine: RawRecord | undefined
  defaults: RawRecord | undefined
  dataCenters: RawItem[] | undefined
  clusters: RawItem[] | undefined
  hosts: RawItem[] | undefined
  proxies: RawItem[] | undefined
  /** Engine, hosts, standalone proxies: the order of `listMachines`. */
  machines: RawMachine[]
}

function machine(kind: RawMachine['kind'], path: Path, value: RawRecord, ssh: unknown): RawMachine {
  const found: RawMachine = { kind, path }
  const name = ownString(value, 'name')
  const address = ownString(value, 'address')
  const sshHost = ownString(ssh, 'host')
  if (name !== undefined) found.name = name
  if (address !== undefined) found.address = address
  if (sshHost !== undefined) found.sshHost = sshHost
  return found
}

/** Reads the raw input into a {@link RawDocument}; never throws on plain JSON values. */
export function readRaw(input: unknown): RawDocument {
  const root = isRecord(input) ? input : undefined
  const engineValue = own(root, 'engine')
  const engine = isRecord(engineValue) ? engineValue : undefined
  const defaultsValue = own(root, 'defaults')
  const doc: RawDocument = {
    root,
    engine,
    defaults: isRecord(defaultsValue) ? defaultsValue : undefined,
    dataCenters: itemsAt(root, 'dataCenters', []),
    clusters: itemsAt(root, 'clusters', []),
    hosts: itemsAt(root, 'hosts', []),
    proxies: itemsAt(root, 'proxies', []),
    machines: [],
  }
  if (engine)
    doc.machines.push(machine('engine', ['engine'], engine, own(own(engine, 'exec'), 'ssh')))
  for (const host of doc.hosts ?? []) {
    doc.machines.push(machine('host', host.path, host.value, own(host.value, 'ssh')))
  }
  for (const proxy of doc.proxies ?? []) {
    doc.machines.push(machine('proxy', proxy.path, proxy.value, own(proxy.value, 'ssh')))
  }
  return doc
}

/** A machine for a message: `the engine`, `hosts[2] ("a1")`. */
export function describeMachine(m: RawMachine): string {
  if (m.kind === 'engine') return 'the engine'
  return m.name === undefined ? formatPath(m.path) : `${formatPath(m.path)} (${quote(m.name)})`
}
