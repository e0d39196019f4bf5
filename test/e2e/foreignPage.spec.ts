// Another local page in the same browser (a dev server on another 127.0.0.1 port) tries what was
// seen to work before: a text/plain POST that powers a host off with the app's cookie, a JSON
// POST, a form POST, the event socket, and an <img> that crashed the server. In real Chromium,
// after the app's page has set its cookie: nothing runs, the socket stays shut, the app works on.
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

/** The other page: it knows the app's port, not its token. */
function attackPage(appPort: number): string {
  return `<!doctype html><title>some other local page</title><iframe name="sink"></iframe>
<script>
const target = 'http://127.0.0.1:${appPort}'
const body = JSON.stringify({ args: [{ host: 'a2', action: 'off', dryRun: false }] })
window.results = {}
;(async () => {
  try {
    await fetch(target + '/api/fencing/run', { method: 'POST', mode: 'no-cors',
      credentials: 'include', headers: { 'content-type': 'text/plain' }, body })
    results.textPlain = 'sent'
  } catch { results.textPlain = 'error' }
  try {
    const r = await fetch(target + '/api/fencing/run', { method: 'POST', credentials: 'include',
      headers: { 'content-type': 'application/json' }, body })
    results.json = r.status
  } catch { results.json = 'blocked' }
  results.socket = await new Promise((resolve) => {
    const ws = new WebSocket('ws://127.0.0.1:${appPort}/events')
    ws.onopen = () => resolve('open')
    ws.onerror = () => resolve('refused')
  })
  await new Promise((resolve) => {
    const img = new Image()
    img.onload = img.onerror = resolve
    img.src = target + '//['
  })
  const form = document.createElement('form')
  form.method = 'POST'
  form.action = target + '/api/fencing/run'
  form.enctype = 'text/plain'
  form.target = 'sink'
  const input = document.createElement('input')
  input.name = body.slice(0, -1) + ', "x": "'
  input.value = '"}'
  form.append(input)
  document.body.append(form)
  form.submit()
  results.done = true
})()
</script>`
}

describeWithParts(skip, 'a foreign local page against browser mode', () => {
  let session: AppSession
  let other: Server

  beforeAll(async () => {
    session = await openApp()
    const html = attackPage(session.server.port)
    other = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' })
      response.end(html)
    })
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    await new Promise((resolve) => other?.close(resolve))
    await session?.close()
  })

  it('powers nothing, opens no socket, and the app keeps working', async () => {
    const port = (other.address() as AddressInfo).port
    const page = await session.page.context().newPage()
    await page.goto(`http://127.0.0.1:${port}/`)
    await page.waitForFunction(() => (globalThis as { results?: { done?: boolean } }).results?.done)
    // Give the form POST its time to arrive and be refused.
    await page.waitForTimeout(1_000)
    const results = await page.evaluate(() => (globalThis as { results?: unknown }).results)
    expect(results).toMatchObject({ json: 'blocked', socket: 'refused', done: true })
    expect(await session.core.api.fencing.history()).toEqual([])
    await page.close()
    // The server is up, and the app's own page still loads and talks to it.
    const reopened = await session.reopen()
    await reopened.getByTestId('tree-node-host-a2').waitFor()
  })
})
