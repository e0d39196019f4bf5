// Requests to the browser-mode server as other local software could send them: any Host, Origin,
// content type, and raw bytes that no HTTP client library would produce.
import { request as httpRequest } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'

/** An answer as received. */
export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

/** Options of {@link send}. */
export interface SendOptions {
  method?: string
  path?: string
  /** Headers as given; `host` replaces the default `127.0.0.1:PORT`, `null` leaves it out. */
  headers?: Record<string, string | null>
  body?: string
}

/** One HTTP request to 127.0.0.1:port. */
export function send(port: number, options: SendOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { host: `127.0.0.1:${port}` }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name]
    else headers[name] = value
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers,
        setHost: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** A JSON API call with the given token and extra headers. */
export function callApi(
  port: number,
  token: string,
  domain: string,
  method: string,
  args: unknown[],
  headers: Record<string, string | null> = {},
): Promise<Answer> {
  return send(port, {
    method: 'POST',
    path: `/api/${domain}/${method}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ args }),
  })
}

/**
 * Writes raw bytes to 127.0.0.1:port and collects what comes back until the server closes, the
 * first answer's head has arrived (`untilHead`), or `timeoutMs` passes. Never rejects: a reset
 * is an answer too (`''`).
 */
export function rawExchange(
  port: number,
  bytes: string | Buffer,
  options: { timeoutMs?: number; endAfterWrite?: boolean; untilHead?: boolean } = {},
): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve(Buffer.concat(chunks).toString('latin1'))
    }
    const timer = setTimeout(finish, options.timeoutMs ?? 3_000)
    socket.on('connect', () => {
      socket.write(bytes, () => {
        if (options.endAfterWrite) socket.end()
      })
    })
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      if (options.untilHead && Buffer.concat(chunks).includes('\r\n\r\n')) finish()
    })
    socket.on('error', finish)
    socket.on('close', finish)
  })
}

/** The status code of a raw answer, or undefined when there was none. */
export function rawStatus(answer: string): number | undefined {
  const match = /^HTTP\/1\.[01] (\d{3}) /.exec(answer)
  return match ? Number(match[1]) : undefined
}

/** The headers of a raw answer, names lower-cased. */
export function rawHeaders(answer: string): Record<string, string> {
  const head = answer.split('\r\n\r\n')[0] ?? ''
  const headers: Record<string, string> = {}
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return headers
}
