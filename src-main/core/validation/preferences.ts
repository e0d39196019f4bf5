/**
 * Proxy preference lists (DESIGN.md §3), at every level they may appear: each entry must be a
 * keyword as the planner reads it (`common/preferences.ts`: any case, `other_dc` too; stored
 * canonical) or name exactly one machine of the document by the planner's rule
 * (`common/planner/entryMatching.ts`), be written without spaces around it, and appear once per
 * list. A name that matches no machine is a warning, not an error (DESIGN.md §3
 * `unknown-reference`).
 */
import { PREFERENCE_KEYWORDS, isHostAddress, type TopologyDocument } from '../../common/document'
import {
  indexByReference,
  referenceKey,
  type ReferenceLookup,
} from '../../common/planner/entryMatching'
import { preferenceKeyword } from '../../common/preferences'
import { UNKNOWN_ENTRY_CONSEQUENCE } from '../../common/unknownEntries'
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

/** What every list of one document is checked against. */
interface Context {
  /** The machines an entry names, as the planner finds them. */
  byReference: ReferenceLookup<RawMachine>
  /** False when some machines could not be read: then no entry is called unknown. */
  machinesKnown: boolean
  /** Keywords and machine names and addresses, for "did you mean". */
  candidates: string[]
  /** Hints found so far, by entry; the search is capped so a huge document stays fast. */
  hints: Map<string, string | undefined>
}

/** Hints are a courtesy: past this many distinct unknown entries, none are looked for. */
const MAX_HINT_SEARCHES = 50

function contextOf(doc: RawDocument): Context {
  const proxiesAbsent = doc.root !== undefined && !Object.hasOwn(doc.root, 'proxies')
  const names = doc.machines.flatMap((m) =>
    [m.name, m.address].filter((v): v is string => v !== undefined),
  )
  return {
    byReference: indexByReference(doc.machines, (m) => m),
    machinesKnown:
      doc.engine !== undefined &&
      doc.hosts !== undefined &&
      (doc.proxies !== undefined || proxiesAbsent),
    candidates: [...PREFERENCE_KEYWORDS, ...names],
    hints: new Map(),
  }
}

function hintFor(context: Context, entry: string): string {
  if (!context.hints.has(entry) && context.hints.size < MAX_HINT_SEARCHES) {
    context.hints.set(entry, closest(entry, context.candidates))
  }
  const hint = context.hints.get(entry)
  return hint === undefined ? '' : `; did you mean ${quote(hint)}?`
}

function isKnown(context: Context, entry: string): boolean {
  return preferenceKeyword(entry) !== undefined || context.byReference(entry).length > 0
}

/**
 * Why an entry that is no keyword and names no machine is wrong, as precisely as we can tell. A
 * well-formed name, FQDN or IP is only a warning: an offline draft may name a machine not added
 * yet, and power actions refuse the hosts it applies to (common/unknownEntries.ts) until it does.
 */
function unmatched(context: Context, entry: string): { message: string; warning: boolean } {
  const error = (message: string) => ({ message, warning: false })
  const trimmed = entry.trim()
  if (trimmed !== entry && isKnown(context, trimmed)) {
    return error(`${quote(entry)} has spaces around it; write ${quote(trimmed)}`)
  }
  if (entry.includes(',')) {
    return error(`${quote(entry)} looks like a comma-separated list; give each entry on its own`)
  }
  if (entry.includes('/')) {
    return error(`${quote(entry)} gives two addresses; give one name, FQDN or IP per entry`)
  }
  const hint = hintFor(context, entry)
  if (isHostAddress(entry)) {
    return {
      message: `${quote(entry)} matches no host or proxy of the document; ${UNKNOWN_ENTRY_CONSEQUENCE}${hint}`,
      warning: true,
    }
  }
  return error(
    `${quote(entry)} is neither a keyword (${KEYWORDS}) nor the name, FQDN or IP of a machine of the document${hint}`,
  )
}

function checkList(list: RawList, context: Context, out: IssueList): void {
  const seen = new Map<string, Path>()
  list.entries.forEach((entry: unknown, position) => {
    // Non-text and empty entries, and newlines, are the schema's to report.
    if (typeof entry !== 'string' || entry === '' || /[\r\n]/.test(entry)) return
    const path = [...list.path, position]
    // The stored form has no spaces around an entry: such an entry is reported, never matched.
    const bare = entry.trim() === entry
    const keyword = bare ? preferenceKeyword(entry) : undefined
    const key = keyword ?? referenceKey(entry)
    const first = seen.get(key)
    if (first) {
      out.add(path, `duplicate entry ${quote(entry)}; the same as ${formatPath(first)}`)
      return
    }
    seen.set(key, path)
    if (keyword !== undefined) return
    const matches = bare ? context.byReference(entry) : []
    if (matches.length === 0) {
      if (!context.machinesKnown) return
      const { message, warning } = unmatched(context, entry)
      if (warning) out.warn(path, message)
      else out.add(path, message)
    } else if (matches.length > 1) {
      const named = matches.map(describeMachine).join(', ')
      out.add(path, `${quote(entry)} is ambiguous: it matches ${named}`)
    }
  })
}

/**
 * Appends an error for every ambiguous, malformed or repeated preference entry, and a warning for
 * every well-formed name, FQDN or IP that matches no machine.
 */
export function checkPreferences(doc: RawDocument, out: IssueList): void {
  const context = contextOf(doc)
  for (const list of preferenceLists(doc)) checkList(list, context, out)
}

function canonicalList(list: string[]): string[] {
  return list.map((entry) => preferenceKeyword(entry) ?? entry)
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
