// Every kind of answer browser mode gives carries the headers that stop other pages from framing,
// sniffing or caching it: the page, an asset, an API result, each error status, what Node's parser
// refuses, and a refused or accepted event socket.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { FencepostApi } from '../../../src-main/common/api'
import { ApiError } from '../../../src-main/common/errors'
import { startBrowserServer } from '../../../src-main/server/browserServer'
import type { BrowserServer } from '../../../src-main/server/browserServer'
import { callApi, rawExchange, rawHeaders, rawStatus, send } from './httpClient'

// The API surface the server calls, answering as the core does: results, a refused save, and the
// refusals the core throws. It carries no rules; the real core is in browserServer.test.ts.
function stubApi(): FencepostApi {
  const refused = { ok: false, issues: [{ path: 'hosts[0].name', message: 'required' }] }
  return {
    topology: {
      load: async () => ({ document: {}, origin: 'store', problems: [], file: '/x' }),
      save: async () => refused,
      validate: async () => refused,
      exportText: async () => '{}',
      onChanged: () => () => {},
      importText: async () => {
        throw new ApiError('changed-elsewhere', 'the store moved on to revision 7', {
          revision: 7,
        })
      },
    },
    plan: {
      inputs: async () => {
        throw new Error('internal detail /home/u/.config/fencepost/secret-path')
      },
    },
    fencing: {
      run: async () => {
        throw new ApiError('busy', 'a2 is busy: off by fencepost CLI (pid 4242) since 17:01', {
          holder: { pid: 4242, action: 'off' },
        })
      },
      cancel: async () => {
        throw new ApiError('invalid-document', 'the stored document is invalid', {
          issues: [{ path: 'hosts', message: 'bad' }],
        })
      },
      test: async () => [],
      reachability: async () => [],
      history: async () => [],
      onEvent: () => () => {},
    },
    plugins: { list: async () => [], diagnostics: async () => [] },
    demo: {
      faults: async () => ({ proxiesDown: [], cutOff: [], failing: [], slow: [] }),
      setFaults: async (f: unknown) => f,
      reset: async () => ({ document: {}, origin: 'demo', problems: [], file: '/x' }),
    },
    settings: {
      get: async () => {
        throw new ApiError('not-found', 'no settings')
      },
      set: async (s: unknown) => s,
      knownHosts: async () => [],
      forgetHost: async () => [],
    },
    shell: { onMenuCommand: () => () => {} },
  } as unknown as FencepostApi
}

let server: BrowserServer
let port: number
const logged: string[] = []

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'fencepost-static-'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Fencepost</title>')
  writeFileSync(join(staticDir, 'app.js'), 'console.log(1)')
  server = await startBrowserServer({ api: stubApi(), staticDir, log: (l) => logged.push(l) })
  port = server.port
})

afterAll(async () => {
  await server.close()
})

const REQUIRED = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
}

function expectSecurityHeaders(headers: Record<string, unknown>, what: string): void {
  for (const [name, value] of Object.entries(REQUIRED)) {
    expect(headers[name], `${what}: ${name}`).toBe(value)
  }
  expect(headers['content-security-policy'], what).toMatch(/frame-ancestors 'none'/)
}

const api = (domain: string, method: string, args: unknown[] = []) =>
  callApi(port, server.token, domain, method, args)

describe('browser mode: status of each outcome', () => {
  it('maps ApiError busy and changed-elsewhere to 409 with code and details', async () => {
    const busy = await api('fencing', 'run', [{ host: 'a2', action: 'off', dryRun: false }])
    expect(busy.status).toBe(409)
    expect(JSON.parse(busy.text)).toEqual({
      error: 'a2 is busy: off by fencepost CLI (pid 4242) since 17:01',
      code: 'busy',
      details: { holder: { pid: 4242, action: 'off' } },
    })
    const moved = await api('topology', 'importText', ['{}'])
    expect(moved.status).toBe(409)
    expect(JSON.parse(moved.text)).toMatchObject({ code: 'changed-elsewhere' })
    expect((await api('settings', 'get')).status).toBe(404)
  })

  it('answers a refused save with 422 { ok: false, issues }; validate with 200', async () => {
    const saved = await api('topology', 'save', [{}])
    expect(saved.status).toBe(422)
    expect(JSON.parse(saved.text)).toEqual({
      ok: false,
      issues: [{ path: 'hosts[0].name', message: 'required' }],
    })
    const invalid = await api('fencing', 'cancel', ['a1'])
    expect(invalid.status).toBe(422)
    expect(JSON.parse(invalid.text)).toMatchObject({ ok: false, code: 'invalid-document' })
    const validated = await api('topology', 'validate', [{}])
    expect(validated.status).toBe(200)
    expect(JSON.parse(validated.text).result.ok).toBe(false)
  })

  it('answers a bug with 500 and a generic text; the message goes to the log only', async () => {
    const answer = await api('plan', 'inputs', [])
    expect(answer.status).toBe(500)
    expect(answer.text).not.toContain('secret-path')
    expect(logged.join('\n')).toContain('secret-path')
  })
})

describe('browser mode: security headers on every response', () => {
  it('has them on the page (with an exact connect-src), assets, API answers and errors', async () => {
    const page = await send(port, { path: `/?token=${server.token}` })
    expect(page.status).toBe(200)
    expectSecurityHeaders(page.headers, 'page')
    const csp = page.headers['content-security-policy'] as string
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port};`)
    expect(csp).not.toMatch(/\*/)
    const viaLocalhost = await send(port, {
      path: `/?token=${server.token}`,
      headers: { host: `localhost:${port}` },
    })
    expect(viaLocalhost.headers['content-security-policy']).toContain(`ws://localhost:${port};`)

    const cookie = `fencepost-token-${port}=${server.token}`
    const answers = {
      asset: await send(port, { path: '/app.js', headers: { cookie } }),
      'api 200': await api('plugins', 'list'),
      'api 400': await api('fencing', 'run', [{}]),
      '401': await send(port, { path: '/' }),
      'api 401': await send(port, { method: 'POST', path: '/api/plugins/list' }),
      '403 host': await send(port, { headers: { host: 'evil.example' } }),
      '403 origin': await send(port, { headers: { origin: 'http://evil.example' } }),
      'api 404': await api('nope', 'list'),
      'api 405': await send(port, {
        path: '/api/plugins/list',
        headers: { authorization: `Bearer ${server.token}` },
      }),
      'api 409': await api('fencing', 'run', [{ host: 'a2', action: 'off', dryRun: false }]),
      'api 415': await send(port, {
        method: 'POST',
        path: '/api/plugins/list',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/plain' },
        body: '{}',
      }),
      'api 422': await api('topology', 'save', [{}]),
      'api 500': await api('plan', 'inputs', []),
      '417': await send(port, { headers: { expect: 'teapot' } }),
    }
    const statuses = Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, a.status]))
    expect(statuses).toEqual({
      asset: 200,
      'api 200': 200,
      'api 400': 400,
      '401': 401,
      'api 401': 401,
      '403 host': 403,
      '403 origin': 403,
      'api 404': 404,
      'api 405': 405,
      'api 409': 409,
      'api 415': 415,
      'api 422': 422,
      'api 500': 500,
      '417': 417,
    })
    for (const [what, answer] of Object.entries(answers)) {
      expectSecurityHeaders(answer.headers, what)
      expect(answer.headers['cache-control'], what).toBe('no-store')
    }
  })

  it("has them on what Node's parser refuses and on event-socket answers", async () => {
    const raw = {
      'bad request line': await rawExchange(port, 'GARBAGE\r\n\r\n'),
      'huge header': await rawExchange(
        port,
        `GET / HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-big: ${'a'.repeat(70_000)}\r\n\r\n`,
      ),
      'bad target': await rawExchange(port, `GET //[ HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`),
      'socket refused': await rawExchange(
        port,
        `GET /events HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nupgrade: websocket\r\n` +
          'connection: Upgrade\r\nsec-websocket-version: 13\r\n' +
          'sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\norigin: http://evil.example\r\n\r\n',
      ),
      CONNECT: await rawExchange(port, `CONNECT evil.example:443 HTTP/1.1\r\nhost: x\r\n\r\n`),
    }
    const statuses = Object.fromEntries(Object.entries(raw).map(([k, a]) => [k, rawStatus(a)]))
    expect(statuses).toEqual({
      'bad request line': 400,
      'huge header': 431,
      'bad target': 400,
      'socket refused': 403,
      CONNECT: 400,
    })
    for (const [what, answer] of Object.entries(raw))
      expectSecurityHeaders(rawHeaders(answer), what)

    const headers = await new Promise<Record<string, string | string[] | undefined>>(
      (resolve, reject) => {
        const ws = new WebSocket(
          `ws://127.0.0.1:${port}/events`,
          ['fencepost', `fencepost.token.${server.token}`],
          { origin: `http://127.0.0.1:${port}` },
        )
        ws.on('upgrade', (response) => resolve(response.headers))
        ws.on('open', () => ws.close())
        ws.on('error', reject)
      },
    )
    expectSecurityHeaders(headers, 'socket accepted')
    expect(headers['sec-websocket-protocol']).toBe('fencepost')
  })
})
