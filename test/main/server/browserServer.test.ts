// Browser mode: bound to 127.0.0.1, a token on every request and socket, the same API as IPC.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { FencingEvent } from '../../../src-main/common/api'
import type { FencepostCore } from '../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../src-main/core/nodeCore'
import { startBrowserServer } from '../../../src-main/server/browserServer'
import type { BrowserServer } from '../../../src-main/server/browserServer'

let core: FencepostCore
let server: BrowserServer
let base: string

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'fencepost-static-'))
  mkdirSync(join(staticDir, 'assets'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Fencepost</title>')
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  core = await createNodeCore({
    dataDir: mkdtempSync(join(tmpdir(), 'fencepost-server-')),
    fencingSettings: { verifyDelayMs: 5 },
  })
  server = await startBrowserServer({ api: core.api, staticDir })
  base = `http://127.0.0.1:${server.port}`
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

describe('browser mode server', () => {
  it('prints a tokened 127.0.0.1 URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/)
  })

  it('refuses every request without the right token', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401)
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401)
    expect((await call('topology', 'load', [], 'wrong-token')).status).toBe(401)
  })

  it('serves the page with the token, then its assets by cookie, with a CSP', async () => {
    const page = await fetch(server.url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } })
    expect(asset.status).toBe(200)
    expect(await asset.text()).toBe('console.log(1)')
  })

  it('answers API calls; an empty store opens the demo lab', async () => {
    const response = await call('topology', 'load', [])
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      result: { origin: string; document: { hosts: unknown[] } }
    }
    expect(body.result.origin).toBe('demo')
    expect(body.result.document.hosts.length).toBeGreaterThan(3)
  })

  it('checks arguments and names the bad one', async () => {
    const response = await call('fencing', 'run', [
      { host: 'a1', action: 'explode', dryRun: false },
    ])
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toMatch(
      /fencing\.run: bad arguments \(argument 0\.action\)/,
    )
    expect((await call('nope', 'load', [])).status).toBe(404)
    expect((await call('topology', 'drop', [])).status).toBe(404)
  })

  it('refuses a socket without the token and pushes events to one with it', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/events`)
    await new Promise<void>((resolve) => refused.on('error', () => resolve()))
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`)
    await new Promise((resolve) => socket.on('open', resolve))
    const events: FencingEvent[] = []
    socket.on('message', (data) =>
      events.push((JSON.parse(String(data)) as { payload: FencingEvent }).payload),
    )
    const response = await call('fencing', 'run', [{ host: 'a2', action: 'status', dryRun: false }])
    expect(((await response.json()) as { result: { result: string } }).result.result).toBe('ok')
    await new Promise((r) => setTimeout(r, 100))
    expect(events.map((e) => e.kind)).toEqual(['started', 'attempt-started', 'attempt', 'finished'])
    socket.close()
  })

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
      await call('plan', 'planHost', [doc, 'a1']),
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
  })
})
