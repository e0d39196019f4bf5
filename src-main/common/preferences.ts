/**
 * The seed notation for proxy preference lists (DESIGN.md §3): what a person types, e.g.
 * `Cluster, Engine`, `jump1.lab.example, 192.0.2.7` or `Cluster, DC`, turned into the canonical
 * array the document stores (`['cluster', 'engine']`) and back. Pure, no Node APIs: the renderer's
 * preference editor uses it as the user types.
 */
import { isHostAddress, isPreferenceKeyword } from './document'
import type { PreferenceKeyword } from './document'
import { referenceKey } from './planner/entryMatching'

/** The result of parsing a typed preference list. */
export interface ParsedPreferences {
  /** The canonical entries, in order, duplicates dropped. Valid items only. */
  entries: string[]
  /** One message per item that is neither a keyword nor a host name / FQDN / IP. */
  errors: string[]
}

/** The result of parsing one item of a typed list. */
export type ParsedEntry =
  { entry: string; error?: undefined } | { entry?: undefined; error: string }

const KEYWORD_LIST = 'engine, cluster, dc, other-dc'

/**
 * The canonical keyword an item spells, if any: case-insensitive, surrounding whitespace ignored,
 * and `other-dc` also as `other_dc`, `otherdc` or `other dc` (oVirt wrote `other_dc`).
 */
export function preferenceKeyword(item: string): PreferenceKeyword | undefined {
  const word = item.trim().toLowerCase()
  if (isPreferenceKeyword(word)) return word
  if (/^other[-_\s]?dc$/.test(word)) return 'other-dc'
  return undefined
}

/**
 * Parses one item of a typed list: a keyword (returned canonical, lower-case) or a host name,
 * FQDN or IP address (returned as typed, trimmed). Anything else is an error message naming it.
 */
export function parsePreferenceEntry(item: string): ParsedEntry {
  const trimmed = item.trim()
  const keyword = preferenceKeyword(trimmed)
  if (keyword) return { entry: keyword }
  if (trimmed === '') return { error: 'empty entry' }
  if (trimmed.includes('/')) {
    // The seed page's `fqdn1/ip1` means "an FQDN or an IP", not both at once.
    return {
      error:
        `"${trimmed}": one machine per entry, given as a name, an FQDN or an IP — not several ` +
        'joined by "/"; separate entries with commas',
    }
  }
  if (isHostAddress(trimmed)) return { entry: trimmed }
  if (/^[\d.]+$/.test(trimmed)) return { error: `"${trimmed}": not a valid IP address` }
  return {
    error: `"${trimmed}": not a keyword (${KEYWORD_LIST}), a host name, an FQDN or an IP address`,
  }
}

/**
 * Parses a typed preference list: comma-separated, whitespace trimmed, empty items skipped,
 * keywords case-insensitive, duplicates (case-insensitive) dropped. An empty text gives an empty
 * list, which means "inherit" wherever a list is optional.
 *
 * @example parsePreferenceText('Cluster, Engine') // { entries: ['cluster', 'engine'], errors: [] }
 */
export function parsePreferenceText(text: string): ParsedPreferences {
  const entries: string[] = []
  const errors: string[] = []
  const seen = new Set<string>()
  for (const item of text.split(',')) {
    if (item.trim() === '') continue
    const parsed = parsePreferenceEntry(item)
    if (parsed.error !== undefined) {
      errors.push(parsed.error)
      continue
    }
    // Entries are compared as the planner matches them: `Jump1` and `jump1` are the same machine.
    const key = referenceKey(parsed.entry)
    if (seen.has(key)) continue
    seen.add(key)
    entries.push(parsed.entry)
  }
  return { entries, errors }
}

/**
 * Formats a canonical list the way a person would type it: `cluster, engine`. The inverse of
 * {@link parsePreferenceText} for canonical lists. An empty list gives an empty string.
 */
export function formatPreferenceList(list: readonly string[]): string {
  return list.join(', ')
}
