/**
 * Uniqueness: ids within each collection (device ids within a host), one id space for the machines
 * a plan names (hosts, standalone proxies and the engine's reserved id), and names and addresses
 * among all machines, compared the way a preference entry matches them (`referenceKey`). Each duplicate is reported where it appears again, naming
 * the first holder.
 */
import { referenceKey } from '../../common/planner/entryMatching'
import { ENGINE_ID } from '../../common/planner/machines'
import { formatPath } from '../../common/validation'
import { quote, type IssueList, type Path } from './issues'
import {
  describeMachine,
  itemsAt,
  own,
  ownString,
  type RawDocument,
  type RawItem,
  type RawMachine,
} from './rawDocument'

function checkIds(items: RawItem[] | undefined, out: IssueList): void {
  const seen = new Map<string, Path>()
  for (const item of items ?? []) {
    const id = ownString(item.value, 'id')
    if (id === undefined) continue
    const first = seen.get(id)
    if (first)
      out.add([...item.path, 'id'], `duplicate id ${quote(id)}; ${formatPath(first)} has it too`)
    else seen.set(id, item.path)
  }
}

/** Hosts and standalone proxies are both machines of a plan, named by id beside the engine. */
function checkMachineIds(doc: RawDocument, out: IssueList): void {
  const hostIds = new Map<string, Path>()
  for (const host of doc.hosts ?? []) {
    const id = ownString(host.value, 'id')
    if (id !== undefined && !hostIds.has(id)) hostIds.set(id, host.path)
  }
  for (const item of [...(doc.hosts ?? []), ...(doc.proxies ?? [])]) {
    const id = ownString(item.value, 'id')
    if (id === ENGINE_ID) {
      out.add([...item.path, 'id'], `id ${quote(id)} is reserved for the engine`)
    }
  }
  for (const proxy of doc.proxies ?? []) {
    const id = ownString(proxy.value, 'id')
    const host = id === undefined ? undefined : hostIds.get(id)
    if (id !== undefined && host) {
      out.add(
        [...proxy.path, 'id'],
        `id ${quote(id)} is also the id of ${formatPath(host)}; hosts and proxies need distinct ids`,
      )
    }
  }
}

function checkDeviceIds(doc: RawDocument, out: IssueList): void {
  for (const host of doc.hosts ?? []) {
    const pmPath = [...host.path, 'powerManagement']
    checkIds(itemsAt(own(host.value, 'powerManagement'), 'devices', pmPath), out)
  }
}

function checkMachineField(
  machines: RawMachine[],
  field: 'name' | 'address',
  out: IssueList,
): void {
  const seen = new Map<string, RawMachine>()
  for (const machine of machines) {
    const value = machine[field]
    if (value === undefined || value === '') continue
    // Compared as a preference entry names them, so a duplicate is one an entry could not tell apart.
    const key = referenceKey(value)
    const first = seen.get(key)
    if (first) {
      out.add(
        [...machine.path, field],
        `${field} ${quote(value)} is already used by ${describeMachine(first)}`,
      )
    } else {
      seen.set(key, machine)
    }
  }
}

/** Appends an issue for every duplicate id, machine name and machine address. */
export function checkUniqueness(doc: RawDocument, out: IssueList): void {
  checkIds(doc.dataCenters, out)
  checkIds(doc.clusters, out)
  checkIds(doc.hosts, out)
  checkIds(doc.proxies, out)
  checkMachineIds(doc, out)
  checkDeviceIds(doc, out)
  checkMachineField(doc.machines, 'name', out)
  checkMachineField(doc.machines, 'address', out)
}
