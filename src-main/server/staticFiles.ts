// The built UI (`out/renderer`): its files by path, index.html for everything else (the app has
// one page), never a file outside the folder.
import { readFileSync, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { securityHeaders, sendText } from './securityHeaders'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** Serves a decoded path of the built UI, with the page's CSP for `origin`. */
export function serveStatic(
  staticDir: string,
  path: string,
  response: ServerResponse,
  options: { origin: string; head: boolean; extraHeaders: Record<string, string> },
): void {
  const relative = normalize(path).replace(/^([/\\])+/, '')
  let file = join(staticDir, relative || 'index.html')
  if (!file.startsWith(staticDir + sep) && file !== staticDir) {
    return sendText(response, 403, 'outside the UI folder', options.extraHeaders)
  }
  if (!isFile(file)) file = join(staticDir, 'index.html')
  if (!isFile(file)) {
    return sendText(
      response,
      500,
      'The UI is not built. Run `npm run build` first.',
      options.extraHeaders,
    )
  }
  // Read whole, in one go: the UI's files are small and local, and a stream would answer each in
  // several turns of the event loop (64 KB reads through the thread pool), which on a busy machine
  // held the page's first frame back by the time it takes to serve a dozen of them.
  let body: Buffer
  try {
    body = readFileSync(file)
  } catch {
    return sendText(response, 500, 'the UI file could not be read', options.extraHeaders)
  }
  response.writeHead(200, {
    ...securityHeaders(options.origin),
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': String(body.length),
    ...options.extraHeaders,
  })
  response.end(options.head ? undefined : body)
}
