// The headers every browser-mode response carries (page, assets, API, errors, refused sockets),
// and the few ways the server answers. A response that forgets them is a response another local
// page can frame or sniff, so nothing writes a head except through here.
import type { ServerResponse } from 'node:http'

/** The CSP of the page: its own scripts and styles only, events from its own origin only. */
export function pageCsp(origin: string): string {
  const host = origin.replace(/^http:\/\//, '')
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Naive UI injects its component styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://${host}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** The CSP of everything that is not the page (API answers, errors): nothing may run or frame. */
export const NOTHING_CSP = "default-src 'none'; frame-ancestors 'none'"

/** The security headers of a response; `origin` (ours) when the page itself is served. */
export function securityHeaders(pageOrigin?: string): Record<string, string> {
  return {
    'content-security-policy': pageOrigin ? pageCsp(pageOrigin) : NOTHING_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  }
}

/** The same headers as raw `name: value` lines, for answers written straight to a socket. */
export function rawSecurityHeaders(): string {
  return Object.entries(securityHeaders())
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
}

/** Sends a JSON body with the security headers (no-op when the client is gone). */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return
  const text = JSON.stringify(body)
  response.writeHead(status, {
    ...securityHeaders(),
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...extra,
  })
  response.end(text)
}

/** Sends a plain-text body with the security headers (no-op when the client is gone). */
export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return
  response.writeHead(status, {
    ...securityHeaders(),
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...extra,
  })
  response.end(text)
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
}

/** A whole HTTP/1.1 answer as text, for sockets the HTTP layer no longer (or never) owned. */
export function rawAnswer(status: number, text: string): string {
  return (
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n` +
    'connection: close\r\n' +
    'content-type: text/plain; charset=utf-8\r\n' +
    `content-length: ${Buffer.byteLength(text)}\r\n` +
    rawSecurityHeaders() +
    '\r\n' +
    text
  )
}
