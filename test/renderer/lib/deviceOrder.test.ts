import { describe, expect, it } from 'vitest'
import type { PowerManagement } from '../../../src-main/common/document'
import {
  applyGroups,
  groupsOf,
  joinDevice,
  mergeWithNext,
  moveDeviceToSlot,
  separateDevice,
  stepDevice,
} from '../../../src-renderer/src/lib/deviceOrder'

const pm = (orders: [string, number][]): PowerManagement => ({
  enabled: true,
  devices: orders.map(([id, order]) => ({ id, type: 'ipmilan', order, params: {} })),
})

describe('device order', () => {
  it('groups devices of equal order, groups in ascending order', () => {
    expect(
      groupsOf(
        pm([
          ['pdu', 5],
          ['psu1', 1],
          ['psu2', 1],
        ]),
      ),
    ).toEqual([['psu1', 'psu2'], ['pdu']])
  })

  it('steps a device out of its group instead of merging groups', () => {
    const groups = [['psu1', 'psu2'], ['pdu']]
    expect(stepDevice(groups, 'psu2', 1)).toEqual([['psu1'], ['psu2'], ['pdu']])
    expect(stepDevice(groups, 'psu1', -1)).toEqual([['psu1'], ['psu2'], ['pdu']])
  })

  it('swaps a lone device with the neighbouring group', () => {
    expect(stepDevice([['psu1', 'psu2'], ['pdu']], 'pdu', -1)).toEqual([['pdu'], ['psu1', 'psu2']])
    expect(stepDevice([['a'], ['b']], 'a', -1)).toEqual([['a'], ['b']])
  })

  it('joins, separates, merges and moves to a slot', () => {
    expect(joinDevice([['a'], ['b'], ['c']], 'c', 'a')).toEqual([['a', 'c'], ['b']])
    expect(separateDevice([['a', 'c'], ['b']], 'a')).toEqual([['c'], ['a'], ['b']])
    expect(mergeWithNext([['a'], ['b'], ['c']], 1)).toEqual([['a'], ['b', 'c']])
    expect(moveDeviceToSlot([['a'], ['b'], ['c']], 'c', 0)).toEqual([['c'], ['a'], ['b']])
  })

  it('writes groups back as orders 1, 2, 3 with the array in trying order', () => {
    const p = pm([
      ['pdu', 2],
      ['psu1', 1],
      ['psu2', 1],
    ])
    applyGroups(p, [['pdu'], ['psu1', 'psu2']])
    expect(p.devices.map((d) => [d.id, d.order])).toEqual([
      ['pdu', 1],
      ['psu1', 2],
      ['psu2', 2],
    ])
  })

  it('leaves orders alone when nothing changed', () => {
    const p = pm([
      ['psu1', 10],
      ['pdu', 20],
    ])
    applyGroups(p, groupsOf(p))
    expect(p.devices.map((d) => d.order)).toEqual([10, 20])
  })
})
