/**
 * Proxy preference lists (DESIGN.md §3), at every level they may appear: each entry must be a
 * keyword (any case) or name exactly one machine of the document by name, address or `ssh.host`
 * — the way the planner's `findByReference` resolves it — and appear once per list.
 */
import {
  PREFERENCE_KEYWORDS,
  isHostAddress,
  isPreferenceKeyword,
  type TopologyDocument,
} from '../../common/document'
import { formatPath } from '../../common/validation'
import { quote, type IssueList, type Path } from './issues'
import {
  describeMachine,
  itemsAt,
  own,
  type RawDocument,
  type RawItem,
  type RawMachine,
} from './rawDocument'
import { closest } from './suggest'

const KEYWORDS = PREFERENCE_KEYWORDS.join(', ')

interface RawList {
  path: Path
  entries: unknown[]
}

function listOf(owner: unknown, ownerPath: Path): RawList[] {
  const entries = own(owner, 'proxyPreferences')
  return Array.isArray(entries) ? [{ path: [...ownerPath, 'proxyPreferences'], entries }] : []
}

function listsOfItems(items: RawItem[] | undefined): RawList[] {
  return (items ?? []).flatMap((item) => listOf(item.value, item.path))
}

/** Every preference list of the raw document, in document order. */
function preferenceLists(doc: RawDocument): RawList[] {
  const lists = [
    ...listOf(doc.defaults, ['defaults']),
    ...listsOfItems(doc.dataCenters),
    ...listsOfItems(doc.clusters),
  ]
  for (const host of doc.hosts ?? []) {
    const pm = own(host.value, 'powerManagement')
    const pmPath = [...host.path, 'powerManagement']
    lists.push(...listOf(pm, pmPath), ...listsOfItems(itemsAt(pm, 'devices', pmPath)))
  }
  return lists
}

/** Machines by lower-cased name, address and `ssh.host`: how `findByReference` matches. */
type MachineIndex = Map<string, RawMachine[]>

function indexMachines(machines: readonly RawMachine[]): MachineIndex {
  const index: MachineIndex = new Map()
  for (const machine of machines) {
    const keys = new Set(
      [machine.name, machine.address, machine.sshHost]
        .filter((key): key is string => key !== undefined)
        .map((key) => key.toLowerCase()),
    )
    for (const key of keys) index.set(key, [...(index.get(key) ?? []), machine])
  }
  return index
}

function isKnown(index: MachineIndex, entry: string): boolean {
  return isPreferenceKeyword(entry.toLowerCase()) || index.has(entry.toLowerCase())
}

/** Why an entry that is no keyword and names no machine is wrong, as precisely as we can tell. */
function unmatchedMessage(
  machines: readonly RawMachine[],
  index: MachineIndex,
  entry: string,
): string {
  const trimmed = entry.trim()
  if (trimmed !== entry && isKnown(index, trimmed)) {
    return `${quote(entry)} has spaces around it; write ${quote(trimmed)}`
  }
  if (entry.includes(',')) {
    return `${quote(entry)} looks like a comma-separated list; give each entry on its own`
  }
  if (entry.includes('/')) {
    return `${quote(entry)} gives two addresses; give one name, FQDN or IP per entry`
  }
  const names = machines.flatMap((m) =>
    [m.name, m.address].filter((v): v is string => v !== undefined),
  )
  const hint = closest(entry, [...PREFERENCE_KEYWORDS, ...names])
  const suffix = hint === undefined ? '' : `; did you mean ${quote(hint)}?`
  if (isHostAddress(entry))
    return `${quote(entry)} matches no host or proxy of the document${suffix}`
  return `${quote(entry)} is neither a keyword (${KEYWORDS}) nor the name, FQDN or IP of a machine of the document${suffix}`
}

/**
 * Whether every machine could be read: with `hosts` or `proxies` of the wrong shape (the schema
 * reports it) an entry naming one of them would look unknown, so unknown names are not reported.
 */
function allMachinesKnown(doc: RawDocument): boolean {
  const proxiesAbsent = doc.root !== undefined && !Object.hasOwn(doc.root, 'proxies')
  return (
    doc.engine !== undefined &&
    doc.hosts !== undefined &&
    (doc.proxies !== undefined || proxiesAbsent)
  )
}

function checkList(
  list: RawList,
  machines: readonly RawMachine[],
  index: MachineIndex,
  machinesKnown: boolean,
  out: IssueList,
): void {
  const seen = new Map<string, Path>()
  list.entries.forEach((entry: unknown, index) => {
    // Non-text and empty entries, and newlines, are the schema's to report.
    if (typeof entry !== 'string' || entry === '' || /[\r\n]/.test(entry)) return
    const path = [...list.path, index]
    const key = entry.toLowerCase()
    const first = seen.get(key)
    if (first) {
      out.add(path, `duplicate entry ${quote(entry)}; the same as ${formatPath(first)}`)
      return
    }
    seen.set(key, path)
    if (isPreferenceKeyword(key)) return
    const matches = index.get(key) ?? []
    if (matches.length === 0) {
      if (machinesKnown) out.add(path, unmatchedMessage(machines, index, entry))
    } else if (matches.length > 1) {
      const named = matches.map(describeMachine).join(', ')
      out.add(path, `${quote(entry)} is ambiguous: it matches ${named}`)
    }
  })
}

/** Appends an issue for every unknown, ambiguous, malformed or repeated preference entry. */
export function checkPreferences(doc: RawDocument, out: IssueList): void {
  const index = indexMachines(doc.machines)
  const machinesKnown = allMachinesKnown(doc)
  for (const list of preferenceLists(doc)) {
    checkList(list, doc.machines, index, machinesKnown, out)
  }
}

function canonicalList(list: string[]): string[] {
  return list.map((entry) => {
    const lower = entry.toLowerCase()
    return isPreferenceKeyword(lower) ? lower : entry
  })
}

function withCanonicalList<T extends { proxyPreferences?: string[] | undefined }>(owner: T): T {
  return owner.proxyPreferences === undefined
    ? { ...owner }
    : { ...owner, proxyPreferences: canonicalList(owner.proxyPreferences) }
}

/** A copy of a valid document with every keyword entry lower-cased (the stored, canonical form). */
export function canonicalPreferences(doc: TopologyDocument): TopologyDocument {
  return {
    ...doc,
    ...(doc.defaults ? { defaults: withCanonicalList(doc.defaults) } : {}),
    dataCenters: doc.dataCenters.map(withCanonicalList),
    clusters: doc.clusters.map(withCanonicalList),
    hosts: doc.hosts.map((host) =>
      host.powerManagement
        ? {
            ...host,
            powerManagement: {
              ...withCanonicalList(host.powerManagement),
              devices: host.powerManagement.devices.map(withCanonicalList),
            },
          }
        : { ...host },
    ),
    proxies: [...doc.proxies],
  }
}
