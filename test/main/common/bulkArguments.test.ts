// `fencing.testMany` runs a test or a status of many hosts — never a power-changing action — and a
// bad `action` is refused with the argument named.
import { describe, expect, it } from 'vitest'
import { checkArguments } from '../../../src-main/common/apiArguments'

describe('fencing.testMany arguments', () => {
  it('takes a test (the default) or a status of the hosts named', () => {
    expect(checkArguments('fencing', 'testMany', [{ bulkId: 'b1', hosts: ['a1'] }])).toEqual([
      { bulkId: 'b1', hosts: ['a1'] },
    ])
    expect(
      checkArguments('fencing', 'testMany', [{ bulkId: 'b1', hosts: ['a1'], action: 'status' }]),
    ).toEqual([{ bulkId: 'b1', hosts: ['a1'], action: 'status' }])
  })

  it('refuses power-changing actions, naming the action argument', () => {
    for (const action of ['on', 'off', 'restart'])
      expect(() => checkArguments('fencing', 'testMany', [{ bulkId: 'b1', action }])).toThrow(
        /^fencing\.testMany: bad arguments \(argument 0\.action\)/,
      )
  })
})
