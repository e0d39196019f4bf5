// Browser mode: the same API as the Electron preload, over HTTP + WebSocket on 127.0.0.1. Every
// request and socket needs the random token printed in the URL (first as `?token=`, then as an
// HttpOnly cookie so the page's own assets load).
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'
import { API_METHODS, FENCING_EVENT_CHANNEL } from '../common/api'
import type { ApiDomain, FencepostApi } from '../common/api'
import { checkArguments } from '../common/apiArguments'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*"

const MAX_BODY_BYTES = 16 * 1024 * 1024

/** A running browser-mode server. */
export interface BrowserServer {
  /** The URL to open, token included. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/** Options of {@link startBrowserServer}. */
export interface BrowserServerOptions {
  api: FencepostApi
  /** The built renderer (`out/renderer`). */
  staticDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token for tests; random otherwise. */
  token?: string
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function tokenOf(request: IncomingMessage, url: URL): string | undefined {
  const header = request.headers.authorization
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length)
  const fromQuery = url.searchParams.get('token')
  if (fromQuery) return fromQuery
  const cookie = request.headers.cookie ?? ''
  return /(?:^|;\s*)fencepost-token=([^;]+)/.exec(cookie)?.[1]
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  response.end(JSON.stringify(body))
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new Error('request body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function handleApi(
  api: FencepostApi,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const [, , domain, method] = path.split('/')
  if (request.method !== 'POST') return sendJson(response, 405, { error: 'use POST' })
  if (!domain || !(domain in API_METHODS)) return sendJson(response, 404, { error: 'no such API' })
  const methods: readonly string[] = API_METHODS[domain as ApiDomain]
  if (!method || !methods.includes(method))
    return sendJson(response, 404, { error: `no method ${domain}.${method}` })
  let args: unknown[]
  try {
    const body = JSON.parse(await readBody(request)) as { args?: unknown }
    args = checkArguments(domain as ApiDomain, method, body.args ?? [])
  } catch (error) {
    return sendJson(response, 400, {
      error: error instanceof Error ? error.message : 'bad request',
    })
  }
  try {
    const target = api[domain as ApiDomain] as unknown as Record<
      string,
      (...a: unknown[]) => Promise<unknown>
    >
    const result = await target[method]!(...args)
    sendJson(response, 200, { result: result ?? null })
  } catch (error) {
    sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) })
  }
}

function serveStatic(staticDir: string, path: string, response: ServerResponse): void {
  const relative = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '')
  let file = join(staticDir, relative || 'index.html')
  if (!file.startsWith(staticDir + sep) && file !== staticDir) {
    response.writeHead(403).end()
    return
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(staticDir, 'index.html')
  if (!existsSync(file)) {
    response.writeHead(500, { 'content-type': 'text/plain' })
    response.end('The UI is not built. Run `npm run build` first.')
    return
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  })
  createReadStream(file).pipe(response)
}

/** Starts browser mode on 127.0.0.1. */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const sockets = new Set<WebSocket>()
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (!sameToken(tokenOf(request, url), token)) {
      response.writeHead(401, { 'content-type': 'text/plain' })
      response.end(
        'Fencepost browser mode: open the URL with the token that `fencepost serve` printed.',
      )
      return
    }
    if (url.searchParams.has('token')) {
      response.setHeader(
        'set-cookie',
        `fencepost-token=${token}; HttpOnly; SameSite=Strict; Path=/`,
      )
    }
    if (url.pathname.startsWith('/api/')) {
      void handleApi(options.api, request, response, url.pathname)
      return
    }
    serveStatic(options.staticDir, url.pathname, response)
  })
  const wss = new WebSocketServer({ noServer: true })
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/events' || !sameToken(tokenOf(request, url), token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
    })
  })
  const unsubscribe = options.api.fencing.onEvent((event) => {
    const message = JSON.stringify({ channel: FENCING_EVENT_CHANNEL, payload: event })
    for (const ws of sockets) ws.send(message)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe()
      for (const ws of sockets) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
