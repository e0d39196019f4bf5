/**
 * Which system a file to import comes from: a Fencepost document, an oVirt REST API answer or a
 * Pacemaker CIB. The core's translation (core/foreignImport) and the UI's File › Import both ask
 * this, so a file is taken for the same thing wherever it is imported.
 */

/** The systems an import can come from besides Fencepost itself. */
export const FOREIGN_FORMATS = ['ovirt', 'pacemaker'] as const
/** One of {@link FOREIGN_FORMATS}. */
export type ForeignFormat = (typeof FOREIGN_FORMATS)[number]

/** The words for a format: `oVirt`, `Pacemaker`. */
export const FOREIGN_FORMAT_LABELS: Readonly<Record<ForeignFormat, string>> = {
  ovirt: 'oVirt',
  pacemaker: 'Pacemaker',
}

/** A file's name and text, as picked in the UI or read by the CLI. */
export interface ForeignFile {
  name: string
  text: string
}

/** The three oVirt API answers a file can hold. */
export type OvirtPart = 'hosts' | 'clusters' | 'dataCenters'

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

// An XML declaration, comments and a doctype may come before the root element.
const XML_ROOT =
  /^\uFEFF?\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([\w:.-]+)/

/** The root element's name of an XML text, or undefined when the text is no XML. */
export function xmlRootOf(text: string): string | undefined {
  return XML_ROOT.exec(text)?.[1]
}

// Keys only a Fencepost document has: a file with one of them is never taken for oVirt's.
const FENCEPOST_KEYS = ['version', 'engine', 'dataCenters', 'proxies']

/**
 * The oVirt answer a parsed JSON file holds, by its content: `host`/`hosts` (also a file holding
 * all three answers), `data_center`/`data_centers`, `cluster`/`clusters`; a bare array is hosts.
 * Undefined for anything else, and for a Fencepost document (`version`, `engine`, …).
 */
export function ovirtPartOf(json: unknown): OvirtPart | undefined {
  if (Array.isArray(json)) return json.length > 0 && isObject(json[0]) ? 'hosts' : undefined
  if (!isObject(json) || FENCEPOST_KEYS.some((key) => key in json)) return undefined
  if ('host' in json || 'hosts' in json) return 'hosts'
  if ('data_center' in json || 'data_centers' in json || 'datacenters' in json) return 'dataCenters'
  if ('cluster' in json || 'clusters' in json) return 'clusters'
  return undefined
}

/** The oVirt answer a file holds by its name: `hosts.json`, `clusters.json`, `datacenters.json`. */
export function ovirtPartByName(name: string): OvirtPart | undefined {
  const base = (name.split(/[\\/]/).pop() ?? name).toLowerCase()
  if (/^data_?centers?\b/.test(base)) return 'dataCenters'
  if (/^clusters?\b/.test(base)) return 'clusters'
  if (/^hosts?\b/.test(base)) return 'hosts'
  return undefined
}

/**
 * What one file is: `fencepost` for anything that is not recognisably another system's (a
 * Fencepost document, or a broken file the document check then names), `pacemaker` for XML whose
 * root is `<cib>`, `ovirt` for JSON holding an oVirt answer. `parsed` is the text's JSON when the
 * caller parsed it already. XML with another root is `unknown`.
 */
export function formatOfFile(
  file: ForeignFile,
  parsed?: unknown,
): ForeignFormat | 'fencepost' | 'unknown' {
  const root = xmlRootOf(file.text)
  if (root !== undefined) return root === 'cib' ? 'pacemaker' : 'unknown'
  let json = parsed
  if (json === undefined) {
    try {
      json = JSON.parse(file.text) as unknown
    } catch {
      return 'fencepost'
    }
  }
  return ovirtPartOf(json) ? 'ovirt' : 'fencepost'
}
