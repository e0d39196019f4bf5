import { describe, expect, it } from 'vitest'
import { groupByOrder, inOrder } from '../../../src-main/common/deviceGroups'

const d = (id: string, order: number) => ({ id, order })

describe('device order', () => {
  it('sorts by order and keeps document order among equals', () => {
    const devices = [d('pdu', 2), d('psu2', 1), d('psu1', 1), d('spare', 3)]
    expect(inOrder(devices).map((x) => x.id)).toEqual(['psu2', 'psu1', 'pdu', 'spare'])
    // A copy: the document's own list is not reordered.
    expect(devices[0]?.id).toBe('pdu')
  })

  it('groups equal orders, groups ascending, even when orders skip numbers', () => {
    const groups = groupByOrder([d('c', 7), d('a', 1), d('b2', 4), d('b1', 4)])
    expect(groups.map((g) => [g.order, g.members.map((x) => x.id)])).toEqual([
      [1, ['a']],
      [4, ['b2', 'b1']],
      [7, ['c']],
    ])
    expect(groupByOrder([])).toEqual([])
  })
})
