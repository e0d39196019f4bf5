import type { HostStatus, SshSettings, TopologyDocument } from '../document'
import { namesMachine } from './entryMatching'
import type { MachineNames } from './entryMatching'

/** The id the engine goes by wherever machines are listed. */
export const ENGINE_ID = 'engine'

/** Any machine that could run a fence agent: the engine, a host or a standalone proxy. */
export interface Machine {
  kind: 'engine' | 'host' | 'proxy'
  id: string
  name: string
  address: string
  /** Host: its cluster; proxy: the cluster it serves, if placed in one. */
  cluster?: string
  /** The data center it sits in (a host's through its cluster). */
  dataCenter?: string
  canProxy: boolean
  /** Hosts only. */
  status?: HostStatus
  disabled: boolean
  /** `local` runs agents on this workstation (the engine with `exec: "local"`). */
  exec: 'local' | 'ssh'
  ssh?: SshSettings
}

/** Every machine of the document in document order: engine, hosts, standalone proxies. */
export function listMachines(doc: TopologyDocument): Machine[] {
  const clusterDc = new Map(doc.clusters.map((c) => [c.id, c.dataCenter]))
  const machines: Machine[] = []
  const engine = doc.engine
  machines.push({
    kind: 'engine',
    id: ENGINE_ID,
    name: engine.name,
    address: engine.address,
    canProxy: engine.canProxy,
    disabled: engine.disabled ?? false,
    exec: engine.exec === 'local' ? 'local' : 'ssh',
    ...(engine.exec === 'local' ? {} : { ssh: engine.exec.ssh }),
  })
  for (const host of doc.hosts) {
    const dataCenter = clusterDc.get(host.cluster)
    machines.push({
      kind: 'host',
      id: host.id,
      name: host.name,
      address: host.address,
      cluster: host.cluster,
      ...(dataCenter === undefined ? {} : { dataCenter }),
      canProxy: host.canProxy,
      status: host.status,
      disabled: false,
      exec: 'ssh',
      ...(host.ssh ? { ssh: host.ssh } : {}),
    })
  }
  for (const proxy of doc.proxies) {
    const dataCenter =
      proxy.dataCenter ?? (proxy.cluster ? clusterDc.get(proxy.cluster) : undefined)
    machines.push({
      kind: 'proxy',
      id: proxy.id,
      name: proxy.name,
      address: proxy.address,
      ...(proxy.cluster === undefined ? {} : { cluster: proxy.cluster }),
      ...(dataCenter === undefined ? {} : { dataCenter }),
      canProxy: proxy.canProxy ?? true,
      disabled: proxy.disabled ?? false,
      exec: 'ssh',
      ...(proxy.ssh ? { ssh: proxy.ssh } : {}),
    })
  }
  return machines
}

/** What a named preference entry can call a machine by ({@link namesMachine}). */
export function namesOf(machine: Machine): MachineNames {
  return { name: machine.name, address: machine.address, sshHost: machine.ssh?.host }
}

/**
 * The machines a named preference entry refers to, by the one rule of `entryMatching.ts` (name,
 * address or `ssh.host`, case-insensitive). Usually one; several only in an invalid document with
 * duplicates. For many lookups use `indexMachines(doc).byReference`.
 */
export function findByReference(machines: readonly Machine[], entry: string): Machine[] {
  return machines.filter((m) => namesMachine(entry, namesOf(m)))
}

/** Finds a host by id or name (the CLI's HOST argument). */
export function findHost(
  doc: TopologyDocument,
  ref: string,
): TopologyDocument['hosts'][number] | undefined {
  return doc.hosts.find((h) => h.id === ref) ?? doc.hosts.find((h) => h.name === ref)
}
