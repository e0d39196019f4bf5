// The core names places in the document by JSON path (`hosts[0].powerManagement.devices[1]`); the
// UI names the thing (`psu2 of a1`). The core's messages stay as they are (the CLI prints them);
// this turns a path, or every path inside a message, into words using the document at hand.
import type { TopologyDocument } from '../../../src-main/common/document'

type Segment = string | number

/** `hosts[0].powerManagement.devices[1].params.ip` → `['hosts', 0, 'powerManagement', …]`. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = []
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]))
    else segments.push(match[1]!)
  }
  return segments
}

/** The value at a JSON path of the document, or undefined where the path leads nowhere. */
export function valueAtPath(doc: unknown, path: string): unknown {
  let at: unknown = doc
  for (const segment of parsePath(path)) {
    if (at === null || typeof at !== 'object') return undefined
    at = (at as Record<string | number, unknown>)[segment]
  }
  return at
}

const KINDS: Record<string, string> = {
  dataCenters: 'data center',
  clusters: 'cluster',
  hosts: 'host',
  proxies: 'proxy',
}

function nameOf(item: unknown, fallback: string): string {
  if (item && typeof item === 'object') {
    const { name, id } = item as { name?: unknown; id?: unknown }
    if (typeof name === 'string' && name) return name
    if (typeof id === 'string' && id) return id
  }
  return fallback
}

function ordinal(n: number): string {
  return `entry ${n + 1}`
}

/**
 * Words for a JSON path of the document: `hosts[0]` → `host a1`,
 * `hosts[0].powerManagement.devices[1]` → `psu2 of a1`, `…devices[1].params.ip` → `ip of psu2 of
 * a1`, `clusters[0].proxyPreferences[2]` → `entry 3 of the proxy preferences of cluster c`.
 * A path it cannot follow comes back as it was.
 */
export function describePath(doc: TopologyDocument | undefined, path: string): string {
  const segments = parsePath(path)
  if (!doc || segments.length === 0) return path || 'the document'
  const [top, index, ...rest] = segments
  let owner: string
  let ownerItem: unknown
  if (top === 'engine') {
    owner = 'the engine'
    ownerItem = doc.engine
    rest.unshift(...(index === undefined ? [] : [index]))
  } else if (typeof top === 'string' && KINDS[top] && typeof index === 'number') {
    ownerItem = (doc as unknown as Record<string, unknown[]>)[top]?.[index]
    if (ownerItem === undefined) return path
    owner = `${KINDS[top]} ${nameOf(ownerItem, `#${index + 1}`)}`
  } else return path

  // A device is named by its id, owned by its host's name: `psu2 of a1`.
  if (top === 'hosts' && rest[0] === 'powerManagement' && rest[1] === 'devices') {
    const deviceIndex = rest[2]
    if (typeof deviceIndex !== 'number') return `the devices of ${nameOf(ownerItem, owner)}`
    const pm = (ownerItem as { powerManagement?: { devices?: unknown[] } }).powerManagement
    const device = pm?.devices?.[deviceIndex]
    const hostName = nameOf(ownerItem, owner)
    const deviceName = device === undefined ? `device ${deviceIndex + 1}` : nameOf(device, '')
    return describeRest(rest.slice(3), `${deviceName} of ${hostName}`)
  }
  return describeRest(rest, owner)
}

function describeRest(rest: Segment[], owner: string): string {
  if (rest.length === 0) return owner
  const [first, second, third] = rest
  if (first === 'params' && typeof second === 'string') return `${second} of ${owner}`
  if (first === 'proxyPreferences')
    return typeof second === 'number'
      ? `${ordinal(second)} of the proxy preferences of ${owner}`
      : `the proxy preferences of ${owner}`
  if (first === 'ssh' && typeof second === 'string') return `SSH ${second} of ${owner}`
  if (typeof first === 'string' && second === undefined) return `${first} of ${owner}`
  if (typeof first === 'string' && typeof second === 'number')
    return `${ordinal(second)} of ${first} of ${owner}${third === undefined ? '' : ` (${rest.slice(2).join('.')})`}`
  return `${rest.join('.')} of ${owner}`
}

/** A JSON path inside a message, with the core's optional `("name")` after it. */
const PATH_IN_TEXT =
  /\b(?:dataCenters|clusters|hosts|proxies)\[\d+\](?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*(?: \("[^"]*"\))?/g

/** Replaces every JSON path in a core message by the words for the thing it points at. */
export function messageWords(doc: TopologyDocument | undefined, message: string): string {
  if (!doc) return message
  return message.replace(PATH_IN_TEXT, (found) =>
    describePath(doc, found.replace(/ \("[^"]*"\)$/, '')),
  )
}
