// The readiness list of a big lab: rows judged in one pass, filtered by words and state, counted,
// paged, and walked by keyboard across pages.
import { describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import type { ReachabilityResult } from '../../../src-main/common/plan'
import {
  countStates,
  filterRows,
  nothingFailing,
  pageOf,
  readinessRows,
  stepIndex,
} from '../../../src-renderer/src/lib/readinessList'
import { BIG_LAB, bigLab, bigLabHostId } from '../../e2e/support/bigLab'

const at = '2026-11-27T10:00:00.000Z'
const ok = (hostId: string, deviceId: string, proxyId: string, power?: 'on' | 'off') =>
  ({ hostId, deviceId, proxyId, ok: true, at, ...(power ? { power } : {}) }) as ReachabilityResult
const failed = (hostId: string, deviceId: string, proxyId: string): ReachabilityResult => ({
  hostId,
  deviceId,
  proxyId,
  ok: false,
  at,
  message: 'Unable to connect',
})

/** The 2,000-host lab with a few results: what the rows of the e2e spec see too. */
function lab(): { doc: TopologyDocument; results: ReachabilityResult[] } {
  const doc = bigLab(BIG_LAB)
  const h = (c: number, n: number) => bigLabHostId(0, c, n)
  const results = [
    // h0-0-1 has one device: reached by two proxies.
    ok(h(0, 1), 'bmc1', h(0, 2)),
    ok(h(0, 1), 'bmc1', h(0, 4)),
    // h0-0-2: reached by one, failed through another.
    ok(h(0, 2), 'bmc1', h(0, 1)),
    failed(h(0, 2), 'bmc1', h(0, 4)),
    // h0-0-4: failed through every proxy tested.
    failed(h(0, 4), 'bmc1', h(0, 1)),
    // h0-0-0 has two supplies (every third host): one answered off, the other on.
    ok(h(0, 0), 'bmc1', h(0, 1), 'off'),
    ok(h(0, 0), 'bmc2', h(0, 1), 'on'),
  ]
  return { doc, results }
}

const none = () => [] as string[]

describe('readinessRows', () => {
  it('judges every host with devices, in document order', () => {
    const { doc, results } = lab()
    const rows = readinessRows(doc, results, (id) =>
      id === bigLabHostId(3, 9, 49) ? ['bmc1'] : [],
    )
    expect(rows).toHaveLength(2000)
    expect(rows[0]?.hostId).toBe(bigLabHostId(0, 0, 0))
    const state = (id: string) => rows.find((r) => r.hostId === id)?.state
    expect(state(bigLabHostId(0, 0, 1))).toBe('ok')
    expect(state(bigLabHostId(0, 0, 2))).toBe('degraded')
    expect(state(bigLabHostId(0, 0, 4))).toBe('failing')
    expect(state(bigLabHostId(0, 0, 0))).toBe('mixed')
    expect(state(bigLabHostId(3, 9, 49))).toBe('no-proxy')
    expect(state(bigLabHostId(2, 5, 7))).toBe('untested')
    expect(rows[0]).toMatchObject({ cluster: 'cluster-0-0', dataCenter: 'site-0' })
  })

  it('leaves out hosts without devices', () => {
    const { doc } = lab()
    doc.hosts[0]!.powerManagement = { enabled: true, devices: [] }
    expect(readinessRows(doc, [], none)).toHaveLength(1999)
  })
})

describe('filterRows and countStates', () => {
  const { doc, results } = lab()
  const rows = readinessRows(doc, results, none)

  it('finds hosts by words of their name, cluster, data center or device, all words at once', () => {
    expect(filterRows(rows, { text: 'h0-0-1' }).map((r) => r.hostId)).toEqual([
      'h0-0-1',
      ...Array.from({ length: 10 }, (_, i) => `h0-0-${10 + i}`),
    ])
    expect(filterRows(rows, { text: 'CLUSTER-1-3' })).toHaveLength(50)
    expect(filterRows(rows, { text: 'site-2 cluster-2-4' })).toHaveLength(50)
    // bmc2: every third host has a second supply.
    expect(filterRows(rows, { text: 'bmc2' })).toHaveLength(Math.ceil(2000 / 3))
    expect(filterRows(rows, { text: 'no-such-host' })).toEqual([])
  })

  it('filters by state, and by words within it', () => {
    expect(filterRows(rows, { state: 'failing' }).map((r) => r.hostId)).toEqual(['h0-0-4'])
    expect(filterRows(rows, { state: 'untested', text: 'site-0' })).toHaveLength(500 - 4)
    expect(filterRows(rows, { state: 'all' })).toHaveLength(2000)
  })

  it('counts every state, the counts adding up to all', () => {
    const counts = countStates(rows)
    expect(counts).toEqual({
      'no-proxy': 0,
      failing: 1,
      mixed: 1,
      degraded: 1,
      untested: 1996,
      ok: 1,
      all: 2000,
    })
    expect(nothingFailing(counts)).toBe(false)
    expect(nothingFailing(countStates(readinessRows(doc, [], none)))).toBe(true)
  })
})

describe('pageOf', () => {
  const items = Array.from({ length: 45 }, (_, i) => i)

  it('cuts a page and says where it is', () => {
    expect(pageOf(items, 0, 20)).toMatchObject({ page: 0, pages: 3, from: 1, to: 20, total: 45 })
    const last = pageOf(items, 2, 20)
    expect(last.rows).toEqual([40, 41, 42, 43, 44])
    expect([last.from, last.to]).toEqual([41, 45])
  })

  it('clamps a page out of range (a filter shrank the list)', () => {
    expect(pageOf(items, 9, 20).page).toBe(2)
    expect(pageOf(items, -1, 20).page).toBe(0)
    expect(pageOf([], 3, 20)).toMatchObject({ rows: [], page: 0, pages: 1, from: 0, to: 0 })
  })
})

describe('stepIndex', () => {
  it('moves by row, by page and to the ends, never out of the list', () => {
    expect(stepIndex(0, 'ArrowDown', 45, 20)).toBe(1)
    expect(stepIndex(19, 'ArrowDown', 45, 20)).toBe(20)
    expect(stepIndex(0, 'ArrowUp', 45, 20)).toBe(0)
    expect(stepIndex(5, 'PageDown', 45, 20)).toBe(25)
    expect(stepIndex(30, 'PageDown', 45, 20)).toBe(44)
    expect(stepIndex(30, 'PageUp', 45, 20)).toBe(10)
    expect(stepIndex(30, 'Home', 45, 20)).toBe(0)
    expect(stepIndex(3, 'End', 45, 20)).toBe(44)
    expect(stepIndex(3, 'x', 45, 20)).toBeUndefined()
    expect(stepIndex(0, 'ArrowDown', 0, 20)).toBeUndefined()
  })
})
