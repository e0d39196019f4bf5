// The request target, parsed without ever throwing: any page in the user's browser can make it
// send `GET //[` (an <img>), so a target `new URL()` or `decodeURIComponent` rejects must end as a
// 400, not as an exception in the request handler.

/** A parsed request target. */
export interface RequestTarget {
  /** The decoded path, always starting with `/`, without NUL or control characters. */
  path: string
  /** The query parameters. */
  query: URLSearchParams
}

/** Why a target was refused (the 400's text). */
export class BadTarget extends Error {}

const LONGEST_TARGET = 8 * 1024
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** Parses an origin-form target (`/path?query`); throws {@link BadTarget} for anything else. */
export function parseTarget(raw: string | undefined): RequestTarget {
  if (!raw || !raw.startsWith('/')) throw new BadTarget('the request target must start with "/"')
  if (raw.length > LONGEST_TARGET) throw new BadTarget('the request target is too long')
  // `//host/…` is a network-path reference to a browser (`new URL('//[', base)` throws on it).
  if (raw.startsWith('//')) throw new BadTarget('the request target must not start with "//"')
  if (!URL.canParse(`http://127.0.0.1${raw}`)) throw new BadTarget('the request target is no URL')
  const q = raw.indexOf('?')
  const rawPath = q < 0 ? raw : raw.slice(0, q)
  const rawQuery = q < 0 ? '' : raw.slice(q + 1)
  let path: string
  try {
    path = decodeURIComponent(rawPath)
  } catch {
    throw new BadTarget('the request path has a bad percent-encoding')
  }
  if (CONTROL.test(path)) throw new BadTarget('the request path has control characters')
  // URLSearchParams never throws: a bad escape in the query stays as it was sent.
  return { path, query: new URLSearchParams(rawQuery.split('#')[0]) }
}
