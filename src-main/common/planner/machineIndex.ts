/**
 * Lookups the planner needs, built once per document so that planning one host of a 10,000-host
 * topology costs one pass over the machines, not one pass per entry per machine.
 */
import type { TopologyDocument } from '../document'
import { indexByReference } from './entryMatching'
import { listMachines, namesOf } from './machines'
import type { Machine } from './machines'

/** The machines of a document and the indexes the preference entries walk. */
export interface MachineIndex {
  /** Every machine in document order: engine, hosts, standalone proxies. */
  readonly machines: readonly Machine[]
  readonly engine: Machine
  /** The machine of `doc.hosts[i]`, at index `i`. */
  readonly hostMachines: readonly Machine[]
  /** Hosts of a cluster, then the standalone proxies placed in it, in document order. */
  readonly byCluster: ReadonlyMap<string, readonly Machine[]>
  /** Hosts of every cluster of a data center, then the proxies placed in it or its clusters. */
  readonly byDataCenter: ReadonlyMap<string, readonly Machine[]>
  /** Machines that sit in some data center, in document order (for `other-dc`). */
  readonly placed: readonly Machine[]
  /**
   * The machines a named entry refers to, in document order, by the rule of `entryMatching.ts`
   * (name, address or `ssh.host`, case-insensitive) that `findByReference` also follows.
   */
  byReference(entry: string): readonly Machine[]
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** Builds the {@link MachineIndex} of a document in one pass over its machines. */
export function indexMachines(doc: TopologyDocument): MachineIndex {
  const machines = listMachines(doc)
  const byCluster = new Map<string, Machine[]>()
  const byDataCenter = new Map<string, Machine[]>()
  const placed: Machine[] = []
  const hostMachines: Machine[] = []
  for (const machine of machines) {
    if (machine.kind === 'host') hostMachines.push(machine)
    if (machine.cluster !== undefined) add(byCluster, machine.cluster, machine)
    if (machine.dataCenter !== undefined) {
      add(byDataCenter, machine.dataCenter, machine)
      placed.push(machine)
    }
  }
  const engine = machines[0]
  if (!engine || engine.kind !== 'engine')
    throw new Error('listMachines must list the engine first')

  // Built on the first named entry only: most lists are keywords, and this is the costliest index.
  const byReference = indexByReference(machines, namesOf)
  return { machines, engine, hostMachines, byCluster, byDataCenter, placed, byReference }
}
