// Reachability results are re-read when another process (a CLI `test`) wrote the file.
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ReachabilityResult } from '../../../../src-main/common/plan'
import { createReachabilityStore } from '../../../../src-main/core/fencing/reachabilityStore'

const result = (proxyId: string, ok: boolean): ReachabilityResult => ({
  hostId: 'host-1',
  deviceId: 'psu-1',
  proxyId,
  ok,
  at: '2026-01-01T00:00:00.000Z',
  outcome: ok ? 'ok' : 'timeout',
})

describe('reachability store', () => {
  it('sees what another process wrote since, and merges into it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fencepost-reach-')), 'reachability.json')
    const mine = createReachabilityStore(file)
    const other = createReachabilityStore(file)
    expect(mine.all()).toEqual([])

    other.record([result('p1', true)])
    expect(mine.all()).toEqual([result('p1', true)])

    // Same size, rewritten in place by a writer that is not ours.
    writeFileSync(file, JSON.stringify([result('p1', false)]))
    expect(mine.all()).toEqual([result('p1', false)])

    // Replaced by rename (atomic writers).
    writeFileSync(`${file}.new`, JSON.stringify([result('p2', true)]))
    renameSync(`${file}.new`, file)
    expect(mine.all()).toEqual([result('p2', true)])

    // A record merges into the file as it is now, not as this process last read it.
    other.record([result('p3', true)])
    mine.record([result('p2', false)])
    expect(other.all()).toEqual([result('p2', false), result('p3', true)])
  })
})
