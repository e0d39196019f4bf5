// The hosts' known power in `power.json`: re-read when another process (a CLI `off`) wrote it,
// merged into what the file holds now; the demo lab's in memory.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { KnownPower } from '../../../../src-main/common/knownPower'
import {
  createKnownPowerStore,
  createMemoryKnownPowerStore,
} from '../../../../src-main/core/fencing/knownPowerStore'

const rec = (hostId: string, power: 'on' | 'off', at = '2026-11-27T14:02:00.000Z'): KnownPower => ({
  hostId,
  power,
  at,
  action: power === 'off' ? 'off' : 'status',
})

describe('known power store', () => {
  it('sees what another process wrote and merges into it, one record per host', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fencepost-power-')), 'power.json')
    const mine = createKnownPowerStore(file)
    const other = createKnownPowerStore(file)
    expect(mine.all()).toEqual([])

    other.record(rec('a1', 'off'))
    expect(mine.all()).toEqual([rec('a1', 'off')])

    mine.record(rec('a2', 'off'))
    other.record(rec('a1', 'on'))
    expect(mine.all()).toEqual([rec('a2', 'off'), rec('a1', 'on')])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([rec('a2', 'off'), rec('a1', 'on')])

    mine.clear()
    expect(other.all()).toEqual([])
  })

  it('reads a broken file as nothing known, and skips records it cannot use', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fencepost-power-')), 'power.json')
    writeFileSync(file, '{ not json')
    const store = createKnownPowerStore(file)
    expect(store.all()).toEqual([])
    writeFileSync(file, JSON.stringify([rec('a1', 'off'), { hostId: 'a2', power: 'unknown' }, 7]))
    expect(store.all()).toEqual([rec('a1', 'off')])
  })

  it('in memory for the demo lab: nothing on disk, cleared by a reset', () => {
    const demo = createMemoryKnownPowerStore()
    demo.record(rec('a1', 'off'))
    demo.record(rec('a1', 'on'))
    expect(demo.all()).toEqual([rec('a1', 'on')])
    demo.clear()
    expect(demo.all()).toEqual([])
  })
})
