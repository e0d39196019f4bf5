// `AgentRunner.connect` of the SSH runner against a hung proxy: a local TCP server that accepts
// and never speaks SSH (what a SIGSTOPped sshd looks like from outside). The hedged fallback
// abandons such a connection; the runner must close it then, not at its handshake timeout.
import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunTarget } from '../../../../src-main/core/runners/agentRunner'
import { createMemoryKnownHosts } from '../../../../src-main/core/runners/knownHosts'
import { createSshRunner, type SshRunner } from '../../../../src-main/core/runners/sshRunner'

let server: Server
let sockets: Socket[]
let closed: number
let runner: SshRunner
let target: RunTarget

beforeEach(async () => {
  sockets = []
  closed = 0
  server = createServer((socket) => {
    sockets.push(socket)
    // Read what the client sends (its SSH banner), so its FIN is seen, and never answer.
    socket.resume()
    socket.on('error', () => undefined)
    socket.on('close', () => closed++)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  target = {
    machineId: 'px-hung',
    name: 'hung',
    exec: 'ssh',
    host: '127.0.0.1',
    port: address.port,
    user: 'fence',
    password: 'not-used',
  }
  runner = createSshRunner({ knownHosts: createMemoryKnownHosts(), connectTimeoutMs: 10_000 })
})

afterEach(async () => {
  await runner.close()
  for (const s of sockets) s.destroy()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 10))
  }
  return check()
}

describe('SSH runner connect', () => {
  it('closes a connection stuck in its handshake as soon as its only waiter gives up', async () => {
    const controller = new AbortController()
    const connecting = runner.connect(target, controller.signal)
    expect(await until(() => sockets.length === 1, 2_000)).toBe(true)
    expect(runner.stats().open).toBe(1)
    const abortedAt = Date.now()
    controller.abort()
    await expect(connecting).rejects.toMatchObject({ code: 'cancelled' })
    // Closed now, not when the 10 s handshake timeout would have fired.
    expect(await until(() => closed === 1, 1_000)).toBe(true)
    expect(Date.now() - abortedAt).toBeLessThan(1_000)
    expect(runner.stats().open).toBe(0)
  })

  it('keeps the connection while another waiter still wants it', async () => {
    const first = new AbortController()
    const second = new AbortController()
    const a = runner.connect(target, first.signal)
    const b = runner.connect(target, second.signal)
    expect(await until(() => sockets.length === 1, 2_000)).toBe(true)
    first.abort()
    await expect(a).rejects.toMatchObject({ code: 'cancelled' })
    await new Promise((r) => setTimeout(r, 100))
    expect(closed).toBe(0)
    expect(sockets).toHaveLength(1)
    second.abort()
    await expect(b).rejects.toMatchObject({ code: 'cancelled' })
    expect(await until(() => closed === 1, 1_000)).toBe(true)
  })

  it('reports a handshake that never comes as proxy-unreachable at its timeout', async () => {
    const quick = createSshRunner({ knownHosts: createMemoryKnownHosts(), connectTimeoutMs: 300 })
    try {
      await expect(quick.connect(target)).rejects.toMatchObject({
        code: 'proxy-unreachable',
        message: expect.stringMatching(/no SSH handshake within 300 ms/),
      })
    } finally {
      await quick.close()
    }
  })

  it('refuses an already aborted request without connecting', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(runner.connect(target, controller.signal)).rejects.toMatchObject({
      code: 'cancelled',
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(sockets).toHaveLength(0)
  })
})
