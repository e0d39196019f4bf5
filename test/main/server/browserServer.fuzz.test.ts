// A few thousand malformed requests over raw TCP — bad request lines, URLs and percent-encodings,
// huge and broken headers, bad JSON, wrong argument types, truncated and oversized bodies — at a
// server over the real core. None may crash it, none may be answered 5xx, and a good Bearer
// request still works afterwards. 127.0.0.1 only; bounded in count and in time.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_METHODS } from '../../../src-main/common/api'
import type { FencepostCore } from '../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../src-main/core/nodeCore'
import { startBrowserServer } from '../../../src-main/server/browserServer'
import type { BrowserServer } from '../../../src-main/server/browserServer'
import { callApi, rawExchange, rawStatus } from './httpClient'

const REQUESTS = 3000
const IN_FLIGHT = 24

let core: FencepostCore
let server: BrowserServer
const logged: string[] = []

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'fencepost-static-'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Fencepost</title>')
  core = await createNodeCore({
    dataDir: mkdtempSync(join(tmpdir(), 'fencepost-fuzz-')),
    fencingSettings: { verifyDelayMs: 5 },
  })
  server = await startBrowserServer({ api: core.api, staticDir, log: (l) => logged.push(l) })
})

afterAll(async () => {
  await server.close()
  await core.close()
})

/** One malformed request: its bytes, and whether the client half-closes after writing. */
interface Malformed {
  bytes: Buffer
  endAfterWrite: boolean
}

function requests(port: number, token: string): fc.Arbitrary<Malformed> {
  const method = fc.oneof(
    fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE', 'PRI'),
    fc.string({ maxLength: 12 }),
  )
  const path = fc.oneof(
    fc.constantFrom(
      '//[',
      '/%E0%A4%A',
      '/%',
      '/%zz',
      '/%00',
      '/%C0%AF',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/../../etc/passwd',
      '/api',
      '/api/',
      '/api/topology',
      '/api/topology/load/x',
      '/api/__proto__/constructor',
      '/api/topology/constructor',
      '/api/plan/inputs',
      '/api/topology/save',
      '/api/topology/importText',
      '/api/fencing/run',
      '/api/demo/setFaults',
      '/api/settings/set',
      '/events',
      `/?token=${token}`,
      '*',
      'http://127.0.0.1/',
      '/\\\\evil',
    ),
    fc.string({ maxLength: 40 }).map((s) => `/${s}`),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ maxLength: 20 }).map((s) => `/api/${encodeURIComponent(s)}/%${s}`),
    fc.integer({ min: 9_000, max: 70_000 }).map((n) => `/${'a'.repeat(n)}`),
  )
  const version = fc.oneof(
    fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 extra', ''),
    fc.string({ maxLength: 10 }),
  )
  const host = fc.constantFrom(
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    `evil.example:${port}`,
    '',
    '[',
    `127.0.0.1:${port}, 127.0.0.1:${port}`,
  )
  const header = fc.oneof(
    fc.constantFrom(
      `authorization: Bearer ${token}`,
      'authorization: Bearer wrong',
      'authorization: Basic Zm9vOmJhcg==',
      `authorization: Bearer ${token} ${token}`,
      'content-type: application/json',
      'content-type: text/plain',
      'content-type: application/json; charset=latin1',
      'content-length: -1',
      'content-length: 99999999999999999999',
      'content-length: 5, 6',
      'transfer-encoding: chunked',
      'transfer-encoding: gzip, chunked',
      'expect: 100-continue',
      'expect: nonsense',
      'origin: null',
      `origin: http://127.0.0.1:${port}`,
      'origin: http://evil.example',
      `cookie: fencepost-token-${port}=${token}`,
      'cookie: ;;;=;',
      'upgrade: websocket',
      'connection: upgrade',
      'sec-websocket-protocol: fencepost, fencepost.token.',
      'no-colon-here',
      ': empty-name',
      'bad header: space in name',
    ),
    fc
      .tuple(fc.stringMatching(/^[a-z-]{1,12}$/), fc.string({ maxLength: 40 }))
      .map(([n, v]) => `${n}: ${v}`),
    fc.integer({ min: 8_000, max: 40_000 }).map((n) => `x-huge: ${'h'.repeat(n)}`),
  )
  const body = fc.oneof(
    fc.constantFrom(
      '',
      '{',
      '{"args":',
      'null',
      '[]',
      '{"args":{}}',
      '{"args":[null]}',
      '{"args":[{}, "a1"]}',
      '{"args":[{"hosts":5}, "a1"]}',
      '{"args":["a1", {"hosts":[]}]}',
      '{"args":[{"host":"a1","action":"explode","dryRun":false}]}',
      '{"args":[{"host":"a1","action":"status","dryRun":"yes"}]}',
      '{"args":[{"proxiesDown":"x","cutOff":[],"failing":[],"slow":[]}]}',
      '{"args":[{"ssh":null,"fencing":{}}]}',
      '{"__proto__":{"args":[1]}}',
      '{"args":["\\ud800"]}',
      '{"args":[1e999999]}',
    ),
    fc.json({ maxDepth: 3 }),
    fc.json({ maxDepth: 2 }).map((j) => `{"args":[${j}]}`),
    fc.string({ unit: 'binary', maxLength: 200 }),
  )
  // Half the requests pass every gate (Host, token, JSON) so that their bodies reach the API.
  const apiPath = fc.constantFrom(
    ...Object.entries(API_METHODS).flatMap(([d, ms]) => ms.map((m) => `/api/${d}/${m}`)),
  )
  return fc
    .record({
      authenticated: fc.boolean(),
      apiPath,
      method,
      path,
      version,
      host: fc.option(host, { nil: undefined }),
      headers: fc.array(header, { maxLength: 6 }),
      body,
      lengthShift: fc.constantFrom(0, 0, 0, 5, -1, 1000),
      lineEnd: fc.constantFrom('\r\n', '\r\n', '\n', '\r'),
      truncateAt: fc.option(fc.nat(400), { nil: undefined }),
      endAfterWrite: fc.boolean(),
    })
    .map((r) => {
      const body = Buffer.from(r.body, 'utf8')
      const lines = r.authenticated
        ? [
            `POST ${r.apiPath} HTTP/1.1`,
            `host: 127.0.0.1:${port}`,
            `authorization: Bearer ${token}`,
            'content-type: application/json',
          ]
        : [`${r.method} ${r.path} ${r.version}`]
      if (r.host !== undefined && !r.authenticated) lines.push(`host: ${r.host}`)
      lines.push(...r.headers)
      if (r.body !== '' || r.lengthShift !== 0) {
        lines.push(`content-length: ${Math.max(0, body.length + r.lengthShift)}`)
      }
      let bytes = Buffer.concat([
        Buffer.from(lines.join(r.lineEnd) + r.lineEnd + r.lineEnd, 'latin1'),
        body,
      ])
      if (r.truncateAt !== undefined) bytes = bytes.subarray(0, r.truncateAt)
      // A request that waits for more body would hold its socket until the server's timeout:
      // such ones half-close, as a client that gave up does.
      const waits =
        r.lengthShift > 0 ||
        r.truncateAt !== undefined ||
        r.headers.some((h) => h.startsWith('transfer-encoding'))
      return { bytes, endAfterWrite: r.endAfterWrite || waits }
    })
}

describe('browser mode under malformed requests', () => {
  it(`stays up through ${REQUESTS} malformed requests and still answers a Bearer request`, async () => {
    const started = Date.now()
    // In `fencepost serve` an uncaught exception ends the process; here the test runner would
    // catch it, so it is counted instead.
    const crashes: string[] = []
    const crashed = (error: unknown): void => {
      crashes.push(String(error))
    }
    process.on('uncaughtException', crashed)
    process.on('unhandledRejection', crashed)
    const samples = fc.sample(requests(server.port, server.token), {
      numRuns: REQUESTS,
      seed: 20261127,
    })
    const serverErrors: string[] = []
    let answered = 0
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < samples.length) {
        const sample = samples[next++]!
        const answer = await rawExchange(server.port, sample.bytes, {
          timeoutMs: 2_000,
          endAfterWrite: sample.endAfterWrite,
          untilHead: true,
        })
        const status = rawStatus(answer)
        if (status !== undefined) answered++
        if (status !== undefined && status >= 500) {
          serverErrors.push(`${status} for ${JSON.stringify(sample.bytes.toString('latin1'))}`)
        }
      }
    }
    try {
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
      // Let whatever the last requests scheduled run.
      await new Promise((resolve) => setTimeout(resolve, 200))
    } finally {
      process.off('uncaughtException', crashed)
      process.off('unhandledRejection', crashed)
    }
    expect(crashes.slice(0, 5)).toEqual([])
    expect(serverErrors.slice(0, 5)).toEqual([])
    // Most malformed requests get an answer (the rest are closed or truncated before one).
    expect(answered).toBeGreaterThan(REQUESTS / 2)
    const good = await callApi(server.port, server.token, 'plugins', 'list', [])
    expect(good.status).toBe(200)
    expect(logged.filter((l) => /internal error/.test(l))).toEqual([])
    expect(Date.now() - started).toBeLessThan(120_000)
  }, 180_000)
})
