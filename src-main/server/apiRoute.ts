// `POST /api/<domain>/<method>` with `{ "args": [...] }`: the same dispatcher as the Electron IPC
// handlers (core/apiDispatcher.ts), so the same methods, argument schemas and refusals. Only JSON
// is accepted: a form or `text/plain` POST is what another page can send without asking, so it
// never reaches the core.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { formatBytes, MAX_REQUEST_BYTES, MAX_TOPOLOGY_BYTES } from '../common/importLimits'
import { findApiMethod } from '../core/apiDispatcher'
import type { ApiDispatcher, ApiTarget } from '../core/apiDispatcher'
import { answerOfOutcome } from './apiErrors'
import { sendJson } from './securityHeaders'

/** The largest request body: any topology file the import accepts fits, as JSON text. */
export const MAX_BODY_BYTES = MAX_REQUEST_BYTES

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** True for `application/json`, with no charset or UTF-8. */
export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false
  const [type, ...params] = value.split(';').map((part) => part.trim().toLowerCase())
  if (type !== 'application/json') return false
  return params.every((p) => !p.startsWith('charset=') || /^charset="?utf-8"?$/.test(p))
}

/** The API method a path names, or undefined. */
function methodOf(path: string): ApiTarget | undefined {
  const match = /^\/api\/([A-Za-z]+)\/([A-Za-z]+)$/.exec(path)
  if (!match) return undefined
  const [, domain, method] = match as unknown as [string, string, string]
  return findApiMethod(domain, method)
}

/** The arguments a body carries (the dispatcher checks them); throws naming what is wrong. */
function argumentsOf(text: string): unknown[] {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    // Not the parser's message: it quotes the body, which may hold a password.
    throw new Error('the body is not valid JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error('the body must be a JSON object { "args": [...] }')
  }
  const args = (body as { args?: unknown }).args ?? []
  if (!Array.isArray(args)) throw new Error('"args" must be an array')
  return args
}

/** Answers one authenticated API request. Never throws. */
export async function handleApi(
  dispatcher: ApiDispatcher,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  log: (line: string) => void,
): Promise<void> {
  const target = methodOf(path)
  if (!target) return sendJson(response, 404, { error: `no API method ${path}` })
  const { domain, method } = target
  if (request.method !== 'POST') {
    return sendJson(response, 405, { error: `${domain}.${method}: use POST` }, { allow: 'POST' })
  }
  if (!isJsonContentType(request.headers['content-type'])) {
    return sendJson(response, 415, {
      error: `${domain}.${method}: the content-type must be application/json`,
    })
  }
  let text: string
  try {
    text = await readBody(request)
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      sendJson(response, 413, {
        error: `the request is larger than ${formatBytes(MAX_BODY_BYTES)} (a topology file may be at most ${formatBytes(MAX_TOPOLOGY_BYTES)})`,
        code: 'bad-arguments',
      })
      // Stop reading what is left of it.
      response.once('finish', () => request.destroy())
    }
    // Otherwise the client went away mid-body: there is no one to answer.
    return
  }
  let args: unknown[]
  try {
    args = argumentsOf(text)
  } catch (error) {
    return sendJson(response, 400, { error: (error as Error).message, code: 'bad-arguments' })
  }
  const answer = answerOfOutcome(target, await dispatcher.dispatch(target, args), log)
  sendJson(response, answer.status, answer.body)
}
