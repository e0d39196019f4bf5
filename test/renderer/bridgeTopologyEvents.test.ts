// bridge.ts in browser mode delivers the server's topology-changed messages to `onChanged`
// listeners (and fencing events to `onEvent` ones) from one event socket. The WebSocket is a
// stand-in that lets the test push messages; it carries no rules.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { FENCING_EVENT_CHANNEL, TOPOLOGY_CHANGED_CHANNEL } from '../../src-main/common/api'
import type { FencepostApi, FencingEvent, TopologyChanged } from '../../src-main/common/api'

const sockets: PushingSocket[] = []
let api: FencepostApi

class PushingSocket {
  onmessage: ((message: { data: string }) => void) | null = null
  onopen: (() => void) | null = null
  onclose: (() => void) | null = null
  constructor() {
    sockets.push(this)
  }
  push(channel: string, payload: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ channel, payload }) })
  }
  close(): void {}
}

beforeAll(async () => {
  window.history.replaceState(null, '', '/?token=T0k3n')
  vi.stubGlobal('WebSocket', PushingSocket)
  api = (await import('../../src-renderer/src/bridge')).api
})

afterAll(() => {
  vi.unstubAllGlobals()
})

describe('bridge in browser mode: topology changes', () => {
  it('hands each channel to its own listeners, over one socket', () => {
    const changes: TopologyChanged[] = []
    const events: FencingEvent[] = []
    const stopChanges = api.topology.onChanged((event) => changes.push(event))
    const stopEvents = api.fencing.onEvent((event) => events.push(event))
    expect(sockets).toHaveLength(1)

    sockets[0]!.push(TOPOLOGY_CHANGED_CHANNEL, { revision: 12 })
    const message: FencingEvent = { kind: 'message', runId: 'r1', text: 'hi' }
    sockets[0]!.push(FENCING_EVENT_CHANNEL, message)
    expect(changes).toEqual([{ revision: 12 }])
    expect(events).toEqual([message])

    stopChanges()
    sockets[0]!.push(TOPOLOGY_CHANGED_CHANNEL, { revision: 13 })
    expect(changes).toEqual([{ revision: 12 }])
    stopEvents()
  })

  it('after the socket was lost, reads the store revision once and hands it on', async () => {
    vi.useFakeTimers()
    const fetched: string[] = []
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url)
      return new Response(JSON.stringify({ result: { revision: 21 } }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    })
    const changes: TopologyChanged[] = []
    const stop = api.topology.onChanged((event) => changes.push(event))
    const first = sockets.at(-1)!
    first.onopen?.()
    expect(fetched).toEqual([])

    first.onclose?.()
    await vi.advanceTimersByTimeAsync(1_000)
    const second = sockets.at(-1)!
    expect(second).not.toBe(first)
    second.onopen?.()
    await vi.waitFor(() => expect(changes).toEqual([{ revision: 21 }]))
    expect(fetched).toEqual(['/api/topology/load'])
    stop()
    vi.useRealTimers()
  })
})
