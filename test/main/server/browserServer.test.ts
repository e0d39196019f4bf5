// Browser mode against the real core: bound to 127.0.0.1, only its own Host and Origin, the token
// on every request (the API's in the Authorization header only), the right status for each
// outcome, and no request that can take it down.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { EXPORT_SECRETS_CONFIRMATION } from '../../../src-main/common/api'
import type { FencingEvent } from '../../../src-main/common/api'
import type { FencepostCore } from '../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../src-main/core/nodeCore'
import { startBrowserServer } from '../../../src-main/server/browserServer'
import type { BrowserServer } from '../../../src-main/server/browserServer'
import { callApi, rawExchange, rawStatus, send } from './httpClient'
import type { Answer } from './httpClient'

let core: FencepostCore
let server: BrowserServer
let port: number
let base: string
const logged: string[] = []

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'fencepost-static-'))
  mkdirSync(join(staticDir, 'assets'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Fencepost</title>')
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  core = await createNodeCore({
    dataDir: mkdtempSync(join(tmpdir(), 'fencepost-server-')),
    fencingSettings: { verifyDelayMs: 5 },
  })
  server = await startBrowserServer({ api: core.api, staticDir, log: (l) => logged.push(l) })
  port = server.port
  base = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  await server.close()
  await core.close()
})

const call = (domain: string, method: string, args: unknown[], token = server.token) =>
  fetch(`${base}/api/${domain}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ args }),
  })

const api = (domain: string, method: string, args: unknown[], headers = {}) =>
  callApi(port, server.token, domain, method, args, headers)

const json = (answer: Answer) => JSON.parse(answer.text) as Record<string, unknown>

describe('browser mode: who may talk to it', () => {
  it('prints a tokened 127.0.0.1 URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/)
  })

  it('refuses every request without the right token', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401)
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401)
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401)
    expect((await call('topology', 'load', [], 'wrong-token')).status).toBe(401)
    expect((await call('topology', 'load', [], '')).status).toBe(401)
  })

  it('serves the page with the token, then its assets by a per-port HttpOnly cookie', async () => {
    const page = await fetch(server.url)
    expect(page.status).toBe(200)
    const setCookie = page.headers.get('set-cookie')!
    expect(setCookie).toContain(`fencepost-token-${port}=${server.token}`)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    const cookie = setCookie.split(';')[0]!
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } })
    expect(asset.status).toBe(200)
    expect(await asset.text()).toBe('console.log(1)')
    // Another port's cookie is not ours.
    const other = await fetch(`${base}/assets/app.js`, {
      headers: { cookie: `fencepost-token-${port + 1}=${server.token}` },
    })
    expect(other.status).toBe(401)
  })

  it('takes the API token from the Authorization header only: a cookie or ?token= is 401', async () => {
    const cookie = `fencepost-token-${port}=${server.token}`
    const byCookie = await send(port, {
      method: 'POST',
      path: '/api/topology/load',
      headers: { 'content-type': 'application/json', cookie },
      body: '{"args":[]}',
    })
    expect(byCookie.status).toBe(401)
    const byQuery = await send(port, {
      method: 'POST',
      path: `/api/topology/load?token=${server.token}`,
      headers: { 'content-type': 'application/json' },
      body: '{"args":[]}',
    })
    expect(byQuery.status).toBe(401)
    const byBearer = await api('topology', 'load', [])
    expect(byBearer.status).toBe(200)
    expect((json(byBearer).result as { origin: string }).origin).toBe('demo')
  })

  it('refuses a foreign Origin on the API, the page and its assets; accepts its own', async () => {
    for (const origin of [
      `http://127.0.0.1:${port + 1}`,
      'http://evil.example',
      `http://evil.example:${port}`,
      `https://127.0.0.1:${port}`,
      'null',
    ]) {
      const apiAnswer = await api(
        'fencing',
        'run',
        [{ host: 'a1', action: 'off', dryRun: false }],
        {
          origin,
        },
      )
      expect(apiAnswer.status, origin).toBe(403)
      const page = await send(port, { path: `/?token=${server.token}`, headers: { origin } })
      expect(page.status, origin).toBe(403)
    }
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      expect((await api('plugins', 'list', [], { origin })).status, origin).toBe(200)
    }
    // Nothing was powered off by the refused calls.
    expect(await core.api.fencing.history()).toEqual([])
  })

  it('refuses what another local page makes the browser fetch (Sec-Fetch-Site)', async () => {
    const cookie = `fencepost-token-${port}=${server.token}`
    // 127.0.0.1 on another port is the same *site*: SameSite=Strict still sends the cookie.
    for (const site of ['same-site', 'cross-site']) {
      const asset = await send(port, {
        path: '/assets/app.js',
        headers: { cookie, 'sec-fetch-site': site, 'sec-fetch-mode': 'no-cors' },
      })
      expect(asset.status, site).toBe(403)
      const apiAnswer = await api('plugins', 'list', [], { 'sec-fetch-site': site })
      expect(apiAnswer.status, site).toBe(403)
    }
    const ownAsset = await send(port, {
      path: '/assets/app.js',
      headers: { cookie, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'no-cors' },
    })
    expect(ownAsset.status).toBe(200)
    // Following a link to the printed URL is a navigation: it opens the page.
    const followed = await send(port, {
      path: `/?token=${server.token}`,
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
    })
    expect(followed.status).toBe(200)
  })

  it('refuses a foreign Host (DNS rebinding) even with the token; accepts localhost', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, '']) {
      expect((await api('topology', 'load', [], { host })).status, host).toBe(403)
      const page = await send(port, { path: `/?token=${server.token}`, headers: { host } })
      expect(page.status, host).toBe(403)
    }
    expect((await api('topology', 'load', [], { host: null })).status).toBe(403)
    expect((await api('topology', 'load', [], { host: `localhost:${port}` })).status).toBe(200)
    expect((await api('topology', 'load', [], { host: `LOCALHOST:${port}` })).status).toBe(200)
  })

  it('takes POST with content-type application/json only (415 otherwise)', async () => {
    const body = JSON.stringify({ args: [{ host: 'a1', action: 'off', dryRun: false }] })
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      null,
    ]) {
      const answer = await send(port, {
        method: 'POST',
        path: '/api/fencing/run',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': type },
        body,
      })
      expect(answer.status, String(type)).toBe(415)
    }
    expect(await core.api.fencing.history()).toEqual([])
    const withCharset = await api('plugins', 'list', [], {
      'content-type': 'application/json; charset=utf-8',
    })
    expect(withCharset.status).toBe(200)
  })
})

describe('browser mode: bad requests are answered, never crash it', () => {
  it('answers a bad URL or a bad percent-encoding with 400, token or not', async () => {
    const lines = [
      'GET //[ HTTP/1.1',
      `GET /%E0%A4%A?token=${server.token} HTTP/1.1`,
      `GET /%E0%A4%A HTTP/1.1`,
      `GET /api/%E0%A4%A HTTP/1.1`,
      `GET /assets/%00x.js?token=${server.token} HTTP/1.1`,
      `GET http://127.0.0.1:${port}/ HTTP/1.1`,
    ]
    for (const line of lines) {
      const answer = await rawExchange(port, `${line}\r\nhost: 127.0.0.1:${port}\r\n\r\n`)
      expect(rawStatus(answer), line).toBe(400)
    }
    const answer = await rawExchange(
      port,
      `POST /api/%E0%A4%A HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n` +
        `authorization: Bearer ${server.token}\r\ncontent-type: application/json\r\n` +
        'content-length: 2\r\n\r\n{}',
    )
    expect(rawStatus(answer)).toBe(400)
    expect((await api('plugins', 'list', [])).status).toBe(200)
  })

  it('answers malformed JSON, a non-object body and bad arguments with 400', async () => {
    const post = (body: string) =>
      send(port, {
        method: 'POST',
        path: '/api/fencing/run',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body,
      })
    for (const body of ['{', '', 'null', '[]', '"x"', '{"args":{}}', '{"args":"x"}']) {
      const answer = await post(body)
      expect(answer.status, body).toBe(400)
      expect(json(answer).error, body).toEqual(expect.any(String))
    }
    const bad = await api('fencing', 'run', [{ host: 'a1', action: 'explode', dryRun: false }])
    expect(bad.status).toBe(400)
    expect(json(bad).error).toMatch(/fencing\.run: bad arguments \(argument 0\.action\)/)
  })

  it('does not quote a malformed body back (it may hold a password)', async () => {
    const answer = await send(port, {
      method: 'POST',
      path: '/api/topology/save',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: '{"args":[{"password":"Hunter2-Secret"',
    })
    expect(answer.status).toBe(400)
    expect(answer.text).not.toContain('Hunter2')
  })

  it('hands out the planner inputs; a lab other than the demo is 400 bad-arguments', async () => {
    const answer = await api('plan', 'inputs', [])
    expect(answer.status).toBe(200)
    expect(json(answer).result).toMatchObject({
      reachability: [],
      knownPower: [],
      agentOfType: expect.objectContaining({ ipmilan: 'fence_ipmilan' }),
      agentsOf: {},
    })
    expect((await api('plan', 'inputs', [null])).status).toBe(200)
    const bad = await api('plan', 'inputs', ['production'])
    expect(bad.status).toBe(400)
    expect(json(bad).code).toBe('bad-arguments')
  })

  it('answers an unknown route with 404 and a wrong method with 405', async () => {
    expect((await api('nope', 'load', [])).status).toBe(404)
    expect((await api('topology', 'drop', [])).status).toBe(404)
    expect((await api('topology', 'constructor', [])).status).toBe(404)
    expect((await api('__proto__', 'load', [])).status).toBe(404)
    const get = await send(port, {
      path: '/api/topology/load',
      headers: { authorization: `Bearer ${server.token}` },
    })
    expect(get.status).toBe(405)
    expect(get.headers.allow).toBe('POST')
    const postPage = await send(port, {
      method: 'POST',
      path: `/?token=${server.token}`,
      body: 'x',
    })
    expect(postPage.status).toBe(405)
  })

  it('refuses an invalid document on save and import with 422 { ok: false, issues }', async () => {
    const invalid = { version: 1, hosts: [{ id: 'x' }] }
    const saved = await api('topology', 'save', [invalid])
    expect(saved.status).toBe(422)
    const body = json(saved) as { ok: boolean; issues: { path: string }[] }
    expect(body.ok).toBe(false)
    expect(body.issues.length).toBeGreaterThan(0)
    const imported = await api('topology', 'importText', ['{ not json'])
    expect(imported.status).toBe(422)
    expect((json(imported) as { issues: unknown[] }).issues.length).toBeGreaterThan(0)
    // validate asks a question: 200 with the answer.
    const validated = await api('topology', 'validate', [invalid])
    expect(validated.status).toBe(200)
    expect((json(validated).result as { ok: boolean }).ok).toBe(false)
  })

  it('answers a second action on a busy host with 409 naming the holder', async () => {
    await core.api.demo.setFaults({ proxiesDown: [], cutOff: [], failing: [], slow: ['a2-bmc'] })
    try {
      const first = api('fencing', 'run', [{ host: 'a2', action: 'status', dryRun: false }])
      await new Promise((r) => setTimeout(r, 300))
      const second = await api('fencing', 'run', [{ host: 'a2', action: 'status', dryRun: false }])
      expect(second.status).toBe(409)
      expect(json(second).code).toBe('busy')
      expect(json(second).error).toMatch(/a2/)
      expect((await first).status).toBe(200)
    } finally {
      await core.api.demo.setFaults({ proxiesDown: [], cutOff: [], failing: [], slow: [] })
    }
  })
})

describe('browser mode: the event socket', () => {
  const open = (
    options: { origin?: string; protocols?: string[]; query?: string } = {},
  ): Promise<{ ws: WebSocket; status?: number; protocol?: string }> =>
    new Promise((resolve) => {
      const ws = new WebSocket(
        `ws://127.0.0.1:${port}/events${options.query ?? ''}`,
        options.protocols ?? [],
        options.origin ? { origin: options.origin } : {},
      )
      ws.on('open', () => resolve({ ws, protocol: ws.protocol }))
      ws.on('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode }))
      ws.on('error', () => resolve({ ws }))
    })

  it('refuses a foreign Origin, a missing Origin and a missing token', async () => {
    const token = [`fencepost`, `fencepost.token.${server.token}`]
    const foreign = await open({ origin: `http://127.0.0.1:${port + 1}`, protocols: token })
    expect(foreign.status).toBe(403)
    const evil = await open({ origin: 'http://evil.example', protocols: token })
    expect(evil.status).toBe(403)
    const none = await open({ protocols: token })
    expect(none.status).toBe(403)
    const noToken = await open({ origin: `http://127.0.0.1:${port}`, protocols: ['fencepost'] })
    expect(noToken.status).toBe(401)
    const wrong = await open({
      origin: `http://127.0.0.1:${port}`,
      protocols: ['fencepost', 'fencepost.token.wrong'],
    })
    expect(wrong.status).toBe(401)
  })

  it('opens with the token as a subprotocol (never echoed) and pushes events', async () => {
    const { ws, protocol } = await open({
      origin: `http://localhost:${port}`,
      protocols: ['fencepost', `fencepost.token.${server.token}`],
    })
    expect(protocol).toBe('fencepost')
    const events: FencingEvent[] = []
    ws.on('message', (data) =>
      events.push((JSON.parse(String(data)) as { payload: FencingEvent }).payload),
    )
    const response = await call('fencing', 'run', [{ host: 'a2', action: 'status', dryRun: false }])
    expect(((await response.json()) as { result: { result: string } }).result.result).toBe('ok')
    await new Promise((r) => setTimeout(r, 100))
    expect(events.map((e) => e.kind)).toEqual(['started', 'attempt-started', 'attempt', 'finished'])
    ws.close()
  })

  it('also takes the token in the query', async () => {
    const { ws, protocol, status } = await open({
      origin: `http://127.0.0.1:${port}`,
      query: `?token=${server.token}`,
    })
    expect(status).toBeUndefined()
    expect(protocol).toBe('')
    ws.close()
  })
})

describe('browser mode: secrets', () => {
  it('never sends a saved secret back to the UI: save, load, plan, export', async () => {
    const loaded = (await (await call('topology', 'load', [])).json()) as {
      result: { document: { hosts: { powerManagement: { devices: object[] } }[] } }
    }
    const doc = loaded.result.document
    doc.hosts[0]!.powerManagement.devices[0] = {
      id: 'psu1',
      type: 'ipmilan',
      order: 1,
      params: { ip: '10.9.0.1', username: 'admin', password: 'Ui-S3cret-9' },
    }
    const responses = [
      await call('topology', 'save', [doc]),
      await call('topology', 'load', []),
      await call('plan', 'inputs', []),
      await call('topology', 'exportText', []),
      await call('fencing', 'run', [{ host: 'a1', action: 'status', dryRun: true }]),
      await call('fencing', 'history', [null]),
    ]
    expect(((await responses[0]!.clone().json()) as { result: { ok: boolean } }).result.ok).toBe(
      true,
    )
    for (const response of responses) {
      expect(response.status).toBe(200)
      expect(await response.text()).not.toContain('Ui-S3cret-9')
    }
    // The secret went to the encrypted secret store, not the store file.
    const stored = core.loadStored().document!
    expect(stored.hosts[0]!.powerManagement!.devices[0]!.params.password).toEqual({
      ref: expect.any(String),
    })
    expect(logged.join('\n')).not.toContain('Ui-S3cret-9')
  })

  it('exports plain secrets only with includeSecrets and the explicit confirmation', async () => {
    // The secret saved by the test above is in the secret store.
    const plain = await call('topology', 'exportText', [{ includeSecrets: false }])
    expect(plain.status).toBe(200)
    expect(await plain.text()).not.toContain('Ui-S3cret-9')
    const unconfirmed = await call('topology', 'exportText', [{ includeSecrets: true }])
    expect(unconfirmed.status).toBe(400)
    const refused = await unconfirmed.text()
    expect(refused).toContain('options.confirm')
    expect(refused).not.toContain('Ui-S3cret-9')
    const wrong = await call('topology', 'exportText', [{ includeSecrets: true, confirm: 'yes' }])
    expect(wrong.status).toBe(400)
    const confirmed = await call('topology', 'exportText', [
      { includeSecrets: true, confirm: EXPORT_SECRETS_CONFIRMATION },
    ])
    expect(confirmed.status).toBe(200)
    const text = ((await confirmed.json()) as { result: string }).result
    const exported = JSON.parse(text) as {
      hosts: { powerManagement: { devices: { params: Record<string, unknown> }[] } }[]
    }
    expect(exported.hosts[0]!.powerManagement.devices[0]!.params.password).toBe('Ui-S3cret-9')
    expect(logged.join('\n')).not.toContain('Ui-S3cret-9')
  })
})
