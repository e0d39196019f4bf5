// Browser mode: the same API as the Electron preload, over HTTP + WebSocket on 127.0.0.1. Any page
// open in the user's browser can send requests here, so (as Jupyter's server does) every request
// is parsed inside a try, must name this server in its Host, must come from this server's page
// when it has an Origin, and must carry the token: the API in `Authorization: Bearer`, the page
// and its assets by `?token=` once and then an HttpOnly SameSite=Strict cookie, the event socket
// in a `fencepost.token.…` subprotocol (or `?token=`). Who may do what is in access.ts; the
// answers' headers in securityHeaders.ts; the API's routes and statuses in apiRoute.ts.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import { EVENTS_PROTOCOL, FENCING_EVENT_CHANNEL, TOPOLOGY_CHANGED_CHANNEL } from '../common/api'
import type { FencepostApi } from '../common/api'
import {
  bearerToken,
  cookieToken,
  fetchSiteAllowed,
  originAllowed,
  ourHost,
  protocolToken,
  sameToken,
  tokenCookie,
} from './access'
import { createApiDispatcher } from '../core/apiDispatcher'
import { handleApi } from './apiRoute'
import { BadTarget, parseTarget } from './requestTarget'
import { rawAnswer, rawSecurityHeaders, sendJson, sendText } from './securityHeaders'
import { serveStatic } from './staticFiles'

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
  /** Where internal errors are reported (stderr by default); clients never see their text. */
  log?: (line: string) => void
}

const NOT_OURS =
  'Fencepost browser mode answers only to Host 127.0.0.1:PORT or localhost:PORT (DNS rebinding?)'
const FOREIGN_ORIGIN = 'Fencepost browser mode refuses requests from other origins'
const NO_TOKEN =
  'Fencepost browser mode: open the URL with the token that `fencepost serve` printed.'

/** Why an upgrade to the event socket is refused, or undefined when it may open. */
function socketRefusal(
  request: IncomingMessage,
  port: number,
  token: string,
): { status: number; text: string } | undefined {
  let target
  try {
    target = parseTarget(request.url)
  } catch (error) {
    return { status: 400, text: (error as Error).message }
  }
  if (!ourHost(request.headers, port)) return { status: 403, text: NOT_OURS }
  // A browser always sends Origin on a WebSocket; a socket without one is not from our page.
  if (
    !request.headers.origin ||
    !originAllowed(request.headers, port) ||
    !fetchSiteAllowed(request.headers)
  ) {
    return { status: 403, text: FOREIGN_ORIGIN }
  }
  if (target.path !== '/events') return { status: 404, text: 'no such socket' }
  const given = protocolToken(request.headers) ?? target.query.get('token') ?? undefined
  if (!sameToken(given, token)) return { status: 401, text: NO_TOKEN }
  return undefined
}

/** Starts browser mode on 127.0.0.1. */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const log = options.log ?? ((line: string) => console.error(line))
  // Known once listening; no request is accepted before.
  let port = 0
  const sockets = new Set<WebSocket>()
  const dispatcher = createApiDispatcher(options.api)

  function handle(request: IncomingMessage, response: ServerResponse): void {
    let target
    try {
      target = parseTarget(request.url)
    } catch (error) {
      if (!(error instanceof BadTarget)) throw error
      return sendText(response, 400, error.message, { connection: 'close' })
    }
    const host = ourHost(request.headers, port)
    if (!host) return sendText(response, 403, NOT_OURS)
    if (!originAllowed(request.headers, port) || !fetchSiteAllowed(request.headers)) {
      return sendText(response, 403, FOREIGN_ORIGIN)
    }
    if (target.path === '/api' || target.path.startsWith('/api/')) {
      if (!sameToken(bearerToken(request.headers), token)) {
        return sendJson(
          response,
          401,
          { error: 'the API needs the token in an "Authorization: Bearer" header' },
          { 'www-authenticate': 'Bearer' },
        )
      }
      void handleApi(dispatcher, request, response, target.path, log).catch((error: unknown) =>
        failed(response, error),
      )
      return
    }
    const queryToken = target.query.get('token') ?? undefined
    const tokened = sameToken(queryToken, token)
    if (
      !tokened &&
      !sameToken(cookieToken(request.headers, port), token) &&
      !sameToken(bearerToken(request.headers), token)
    ) {
      return sendText(response, 401, NO_TOKEN)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendText(response, 405, 'the UI is read with GET', { allow: 'GET, HEAD' })
    }
    serveStatic(options.staticDir, target.path, response, {
      origin: `http://${host}`,
      head: request.method === 'HEAD',
      extraHeaders: tokened ? { 'set-cookie': tokenCookie(port, token) } : {},
    })
  }

  function failed(response: ServerResponse, error: unknown): void {
    log(`browser mode: internal error: ${error instanceof Error ? error.message : String(error)}`)
    if (response.headersSent) response.destroy()
    else sendText(response, 500, 'internal error in the Fencepost server (see its log)')
  }

  const server: Server = createServer(
    // Node's own answer to a Host-less request has none of our headers: ours is a 403 that has.
    { requireHostHeader: false, headersTimeout: 20_000, requestTimeout: 120_000 },
    (request, response) => {
      try {
        handle(request, response)
      } catch (error) {
        failed(response, error)
      }
    },
  )
  server.on('connection', (socket: Socket) => {
    socket.on('error', () => {
      // A client that resets its connection is not the server's problem; Node closes the socket.
    })
  })
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // What Node's parser refused (a bad request line, huge headers, a slow client) ends here.
    const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage
    if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
      const status =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? 431
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? 408
            : 400
      socket.end(rawAnswer(status, 'bad request'))
    }
    socket.destroy()
  })
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    sendText(response, 417, 'only "Expect: 100-continue" is understood', { connection: 'close' })
  })
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => {})
    socket.end(rawAnswer(400, 'not a proxy'))
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    // Answer with the plain protocol name; the token carrier is never echoed.
    handleProtocols: (offered) => (offered.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  })
  wss.on('headers', (headers) => {
    headers.push(...rawSecurityHeaders().trimEnd().split('\r\n'))
  })
  wss.on('error', (error) => log(`browser mode: event socket server: ${error.message}`))
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {})
    try {
      const refusal = socketRefusal(request, port, token)
      if (refusal) {
        socket.once('finish', () => socket.destroy())
        socket.end(rawAnswer(refusal.status, refusal.text))
        return
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        sockets.add(ws)
        ws.on('error', () => ws.terminate())
        ws.on('close', () => sockets.delete(ws))
        // The page only listens; anything it sends is ignored.
      })
    } catch (error) {
      log(`browser mode: upgrade failed: ${error instanceof Error ? error.message : String(error)}`)
      socket.destroy()
    }
  })

  const broadcast = (channel: string, payload: unknown): void => {
    const message = JSON.stringify({ channel, payload })
    for (const ws of sockets) {
      if (ws.readyState === WebSocket.OPEN) ws.send(message, () => {})
    }
  }
  const unsubscribeFencing = options.api.fencing.onEvent((event) =>
    broadcast(FENCING_EVENT_CHANNEL, event),
  )
  // Saves by any process (another tab, the app, the CLI) reach every open page.
  const unsubscribeTopology = options.api.topology.onChanged((event) =>
    broadcast(TOPOLOGY_CHANGED_CHANNEL, event),
  )
  const unsubscribe = (): void => {
    unsubscribeFencing()
    unsubscribeTopology()
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      port = (server.address() as AddressInfo).port
      resolve()
    })
  }).catch((error: unknown) => {
    unsubscribe()
    throw error
  })
  server.on('error', (error) => log(`browser mode: server error: ${error.message}`))
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe()
      for (const ws of sockets) ws.terminate()
      wss.close()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
    },
  }
}
