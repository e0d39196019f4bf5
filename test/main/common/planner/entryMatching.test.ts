import { describe, expect, it } from 'vitest'
import {
  indexByReference,
  namesMachine,
  referenceKey,
  referenceKeysOf,
  sameEntry,
} from '../../../../src-main/common/planner/entryMatching'

describe('referenceKey', () => {
  it('ignores case, surrounding spaces and an FQDN trailing dot', () => {
    expect(referenceKey(' Jump1.Lab.Example. ')).toBe('jump1.lab.example')
    expect(sameEntry('H1', 'h1')).toBe(true)
    expect(sameEntry('h1.lab.example.', 'H1.LAB.EXAMPLE')).toBe(true)
    expect(sameEntry('h1', 'h2')).toBe(false)
  })
})

describe('machine names', () => {
  const h1 = { name: 'h1', address: 'h1.lab.example', sshHost: '192.0.2.1' }

  it('a machine answers to its name, address and ssh.host, each once', () => {
    expect(referenceKeysOf(h1)).toEqual(['h1', 'h1.lab.example', '192.0.2.1'])
    expect(referenceKeysOf({ name: 'same', address: 'SAME' })).toEqual(['same'])
    expect(referenceKeysOf({ name: '', address: 'a.example' })).toEqual(['a.example'])
  })

  it('namesMachine matches by any of them, case-insensitively, and never by an empty entry', () => {
    expect(namesMachine('H1', h1)).toBe(true)
    expect(namesMachine('h1.lab.example.', h1)).toBe(true)
    expect(namesMachine('192.0.2.1', h1)).toBe(true)
    expect(namesMachine('h2', h1)).toBe(false)
    expect(namesMachine('  ', { name: '' })).toBe(false)
  })

  it('the index finds every machine an entry names, in the order given', () => {
    const machines = [
      { id: 'a', names: h1 },
      { id: 'b', names: { name: 'b', address: 'b.lab.example', sshHost: 'H1.lab.example' } },
    ]
    const lookup = indexByReference(machines, (m) => m.names)
    expect(lookup('h1.LAB.example').map((m) => m.id)).toEqual(['a', 'b'])
    expect(lookup(' b ').map((m) => m.id)).toEqual(['b'])
    expect(lookup('nothing')).toEqual([])
  })
})
