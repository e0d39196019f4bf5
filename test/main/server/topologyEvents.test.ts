// Browser mode and store revisions (DESIGN.md §5a): a save based on an old revision answers 409
// with the store's revision, and every open page hears of saves made elsewhere over the socket.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { TOPOLOGY_CHANGED_CHANNEL } from '../../../src-main/common/api'
import type { LoadedTopology } from '../../../src-main/common/api'
import type { FencepostCore } from '../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../src-main/core/nodeCore'
import { createConfBackend } from '../../../src-main/core/persistence/confBackend'
import { createDocumentStore } from '../../../src-main/core/persistence/documentStore'
import { startBrowserServer } from '../../../src-main/server/browserServer'
import type { BrowserServer } from '../../../src-main/server/browserServer'

let dataDir: string
let core: FencepostCore
let server: BrowserServer

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'fencepost-static-'))
  mkdirSync(join(staticDir, 'assets'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Fencepost</title>')
  dataDir = mkdtempSync(join(tmpdir(), 'fencepost-server-rev-'))
  core = await createNodeCore({ dataDir })
  server = await startBrowserServer({ api: core.api, staticDir })
})

afterAll(async () => {
  await server.close()
  await core.close()
})

const call = async (method: string, args: unknown[]) => {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/topology/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ args }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

function openSocket(): Promise<{ ws: WebSocket; messages: unknown[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${server.port}/events`,
      ['fencepost', `fencepost.token.${server.token}`],
      { origin: `http://127.0.0.1:${server.port}` },
    )
    const messages: unknown[] = []
    ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8'))))
    ws.on('open', () => resolve({ ws, messages }))
    ws.on('error', reject)
  })
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('browser mode with store revisions', () => {
  it('saves with a base revision; a stale one answers 409 with the store revision', async () => {
    const loaded = (await call('load', [])).body.result as LoadedTopology
    expect(loaded.revision).toBe(0)
    const first = await call('save', [loaded.document, 0])
    expect(first.status).toBe(200)
    expect(first.body.result).toMatchObject({ ok: true, revision: 1 })

    const stale = await call('save', [loaded.document, 0])
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({
      code: 'changed-elsewhere',
      error: 'the topology was changed elsewhere (revision 1, you edited 0)',
      details: { revision: 1 },
    })
    // A negative or fractional revision is bad input, named.
    const bad = await call('save', [loaded.document, -1])
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('argument 1')
    // Without a base the save overwrites (the later reload/compare/overwrite dialog uses it).
    expect((await call('save', [loaded.document])).body.result).toMatchObject({ revision: 2 })
  })

  it('tells every open page of a save made by another process', async () => {
    const pages = await Promise.all([openSocket(), openSocket()])
    try {
      const before = (await call('load', [])).body.result as LoadedTopology
      const other = createDocumentStore({ backend: createConfBackend({ cwd: dataDir }) })
      const saved = other.save(before.document)
      if (!saved.ok) throw new Error('not saved')
      for (const page of pages) {
        await until(() => page.messages.length > 0)
        expect(page.messages).toEqual([
          { channel: TOPOLOGY_CHANGED_CHANNEL, payload: { revision: saved.revision } },
        ])
      }
      expect(saved.revision).toBe(before.revision + 1)
    } finally {
      for (const page of pages) page.ws.close()
    }
  })
})
