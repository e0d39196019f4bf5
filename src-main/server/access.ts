// Who may talk to browser mode (the model of Jupyter's server): the Host must name this server
// (no DNS rebinding), an Origin, when a browser sends one, must be this server's page, and the
// token proves the caller read what `fencepost serve` printed. The API takes the token from the
// Authorization header only — a header another page cannot make a browser send — while the page
// and its assets may use the `?token=` of the printed URL once and then an HttpOnly cookie.
import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { EVENTS_TOKEN_PROTOCOL_PREFIX } from '../common/api'

/** The names this server answers to, `127.0.0.1:PORT` and `localhost:PORT`. */
export function ourHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

/** The Host header when it names this server (lower-cased), else undefined. */
export function ourHost(headers: IncomingHttpHeaders, port: number): string | undefined {
  const host = headers.host?.toLowerCase()
  return host !== undefined && ourHosts(port).includes(host) ? host : undefined
}

/** True when no Origin was sent or it is this server's own page. */
export function originAllowed(headers: IncomingHttpHeaders, port: number): boolean {
  const origin = headers.origin
  if (origin === undefined) return true
  return ourHosts(port).some((host) => origin.toLowerCase() === `http://${host}`)
}

/**
 * False for a request another page made the browser send that is not a navigation
 * (`Sec-Fetch-Site: same-site` or `cross-site`). 127.0.0.1 on another port is the *same site*, so
 * a SameSite cookie alone cannot tell this server's page from any other local page.
 */
export function fetchSiteAllowed(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site']
  if (site === undefined || site === 'same-origin' || site === 'none') return true
  return headers['sec-fetch-mode'] === 'navigate'
}

/** True when `given` is the token, compared in constant time. */
export function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The token of `Authorization: Bearer …`, the only place the API reads it from. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(headers.authorization ?? '')
  return match?.[1]
}

/** The cookie name of the server on `port` (cookies are not per port; two servers must not mix). */
export function cookieName(port: number): string {
  return `fencepost-token-${port}`
}

/** The token in this server's cookie. */
export function cookieToken(headers: IncomingHttpHeaders, port: number): string | undefined {
  const name = cookieName(port)
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** The `Set-Cookie` value that lets the page load its assets after the tokened first request. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`
}

/** The token offered as a `fencepost.token.…` WebSocket subprotocol. */
export function protocolToken(headers: IncomingHttpHeaders): string | undefined {
  const offered = (headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
  const carrier = offered.find((p) => p.startsWith(EVENTS_TOKEN_PROTOCOL_PREFIX))
  return carrier?.slice(EVENTS_TOKEN_PROTOCOL_PREFIX.length)
}
