// Browser mode's start-up requests (src-renderer/public/early.js) leave before the modules load;
// bridge.ts takes each answer once, for the first argument-less call of its method, adopts the
// event socket, and asks the server again once an event arrived first. fetch and WebSocket are
// stand-ins that record what is sent; they carry no rules.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  API_METHODS,
  EVENTS_PROTOCOL,
  EVENTS_TOKEN_PROTOCOL_PREFIX,
  TOPOLOGY_CHANGED_CHANNEL,
} from '../../src-main/common/api'
import type { ApiDomain, FencepostApi } from '../../src-main/common/api'

const EARLY_SCRIPT = join(__dirname, '../../src-renderer/public/early.js')

class RecordingSocket {
  static CONNECTING = 0
  static OPEN = 1
  static made: RecordingSocket[] = []
  readyState = RecordingSocket.CONNECTING
  onmessage: ((message: { data: string }) => void) | null = null
  onopen: (() => void) | null = null
  onclose: (() => void) | null = null
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    RecordingSocket.made.push(this)
  }
  push(channel: string, payload: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ channel, payload }) })
  }
  close(): void {}
}

interface Sent {
  url: string
  init: RequestInit
}
const sent: Sent[] = []
/** What the server stand-in answers: which request it was, in order; knownPower fails at first. */
function answer(url: string): Response {
  const n = sent.filter((s) => s.url === url).length
  if (url === '/api/fencing/knownPower' && n === 1)
    return new Response(JSON.stringify({ error: 'busy' }), { status: 500 })
  return new Response(JSON.stringify({ result: { url, n } }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  })
}

let api: FencepostApi

beforeAll(async () => {
  window.history.replaceState(null, '', '/?token=T0k3n')
  vi.stubGlobal('WebSocket', RecordingSocket)
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, init })
    return answer(url)
  })
  // As the page runs it: a plain script, before any module.
  new Function(readFileSync(EARLY_SCRIPT, 'utf8'))()
})

afterAll(() => {
  vi.unstubAllGlobals()
  delete window.__fencepostEarly
})

describe('early.js: the start-up requests', () => {
  it('asks argument-less API methods with the token, and opens the event socket first', () => {
    expect(sent.length).toBeGreaterThan(0)
    for (const { url, init } of sent) {
      const [, , domain, method] = url.split('/') as [string, string, ApiDomain, string]
      expect(API_METHODS[domain] as readonly string[]).toContain(method)
      expect(init.method).toBe('POST')
      expect(init.headers).toEqual({
        'content-type': 'application/json',
        authorization: 'Bearer T0k3n',
      })
      expect(JSON.parse(String(init.body))).toEqual({ args: [] })
    }
    expect(sent.map((s) => s.url)).toContain('/api/topology/load')
    expect(RecordingSocket.made).toHaveLength(1)
    expect(RecordingSocket.made[0]!.protocols).toEqual([
      EVENTS_PROTOCOL,
      `${EVENTS_TOKEN_PROTOCOL_PREFIX}T0k3n`,
    ])
    expect(RecordingSocket.made[0]!.url).toMatch(/\/events$/)
  })
})

describe('bridge.ts: the early answers', () => {
  beforeAll(async () => {
    api = (await import('../../src-renderer/src/bridge')).api
  })

  it('hands an answer to the first call of its method only', async () => {
    const before = sent.length
    expect(await api.topology.load()).toEqual({ url: '/api/topology/load', n: 1 })
    expect(sent.length).toBe(before)
    expect(await api.topology.load()).toEqual({ url: '/api/topology/load', n: 2 })
    expect(sent.length).toBe(before + 1)
  })

  it('asks again when the early request was refused', async () => {
    expect(await api.fencing.knownPower()).toEqual({ url: '/api/fencing/knownPower', n: 2 })
  })

  it('adopts the early socket, and after an event takes no early answer', async () => {
    const changes: unknown[] = []
    const stop = api.topology.onChanged((event) => changes.push(event))
    expect(RecordingSocket.made).toHaveLength(1)
    RecordingSocket.made[0]!.push(TOPOLOGY_CHANGED_CHANNEL, { revision: 7 })
    expect(changes).toEqual([{ revision: 7 }])
    // plugins.list was answered early, but an event came first: it may be out of date.
    expect(await api.plugins.list()).toEqual({ url: '/api/plugins/list', n: 2 })
    stop()
  })
})
