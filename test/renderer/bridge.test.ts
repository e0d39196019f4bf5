// The browser-mode transport of bridge.ts: the token goes in the Authorization header and in the
// event socket's subprotocol (never in a URL), and the server's error answers come back as the API
// contract says — a refused save as its { ok: false, issues }, a refusal as the core's ApiError.
// fetch and WebSocket are stand-ins that record what the bridge sent; they carry no rules.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FencepostApi } from '../../src-main/common/api'
import { isApiError } from '../../src-main/common/errors'

interface Sent {
  url: string
  init: RequestInit
}

const sent: Sent[] = []
const sockets: { url: string; protocols: string[] }[] = []
let answer: { status: number; body: unknown } = { status: 200, body: { result: null } }
let api: FencepostApi

class RecordingSocket {
  onmessage: ((message: { data: string }) => void) | null = null
  onclose: (() => void) | null = null
  constructor(url: string, protocols: string[] = []) {
    sockets.push({ url, protocols })
  }
  close(): void {}
}

beforeAll(async () => {
  window.history.replaceState(null, '', '/?token=T0k3n_abc-XYZ')
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, init })
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    })
  })
  vi.stubGlobal('WebSocket', RecordingSocket)
  api = (await import('../../src-renderer/src/bridge')).api
})

afterAll(() => {
  vi.unstubAllGlobals()
})

describe('bridge in browser mode', () => {
  it('keeps the token out of the address bar and sends it as a Bearer header', async () => {
    expect(window.location.search).toBe('')
    answer = { status: 200, body: { result: [{ id: 'ipmilan' }] } }
    expect(await api.plugins.list()).toEqual([{ id: 'ipmilan' }])
    const last = sent.at(-1)!
    expect(last.url).toBe('/api/plugins/list')
    expect(last.url).not.toContain('T0k3n')
    const headers = last.init.headers as Record<string, string>
    expect(headers.authorization).toBe('Bearer T0k3n_abc-XYZ')
    expect(headers['content-type']).toBe('application/json')
  })

  it('returns a 422 save as its { ok: false, issues }', async () => {
    const issues = [{ path: 'hosts[0].name', message: 'required' }]
    answer = { status: 422, body: { ok: false, issues } }
    expect(await api.topology.save({})).toEqual({ ok: false, issues })
  })

  it('throws a 409 as an ApiError with its code and details', async () => {
    answer = {
      status: 409,
      body: { error: 'a2 is busy: off by the CLI', code: 'busy', details: { pid: 7 } },
    }
    const error: unknown = await api.fencing
      .run({ host: 'a2', action: 'off', dryRun: false })
      .catch((e: unknown) => e)
    expect(isApiError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'busy', message: 'a2 is busy: off by the CLI' })
    expect((error as { details: unknown }).details).toEqual({ pid: 7 })
  })

  it('throws other errors as an Error with the server text, even without a JSON body', async () => {
    answer = { status: 500, body: { error: 'internal error in the Fencepost server' } }
    await expect(api.plugins.list()).rejects.toThrow('internal error in the Fencepost server')
    vi.stubGlobal('fetch', async () => new Response('<html>', { status: 502 }))
    const error: unknown = await api.plugins.list().catch((e: unknown) => e)
    expect(isApiError(error)).toBe(false)
    expect((error as Error).message).toMatch(/plugins\.list failed \(HTTP 502\)/)
  })

  it('opens the event socket with the token as a subprotocol, not in the URL', () => {
    api.fencing.onEvent(() => {})
    const socket = sockets.at(-1)!
    expect(socket.url).toMatch(/\/events$/)
    expect(socket.protocols).toEqual(['fencepost', 'fencepost.token.T0k3n_abc-XYZ'])
  })
})
