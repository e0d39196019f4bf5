// Undo writes a snapshot over the document where it differs: only what differs triggers.
import { describe, expect, it } from 'vitest'
import { effect, reactive } from 'vue'
import { patchInPlace } from '../../../src-renderer/src/lib/patchInPlace'

describe('patchInPlace', () => {
  it('writes only what differs, so only the reads of it run again', () => {
    const doc = reactive({
      hosts: [
        { id: 'a', name: 'a', prefs: ['cluster'] },
        { id: 'b', name: 'b', prefs: ['dc'] },
      ],
    })
    let runsA = 0
    let runsB = 0
    effect(() => void (runsA++, doc.hosts[0]!.prefs.join()))
    effect(() => void (runsB++, doc.hosts[1]!.name))
    const b = doc.hosts[1]
    expect(
      patchInPlace(doc, {
        hosts: [
          { id: 'a', name: 'a', prefs: ['engine', 'cluster'] },
          { id: 'b', name: 'b', prefs: ['dc'] },
        ],
      }),
    ).toBe(true)
    expect(doc.hosts[0]!.prefs).toEqual(['engine', 'cluster'])
    expect(runsA).toBeGreaterThan(1)
    expect(runsB).toBe(1)
    expect(doc.hosts[1]).toBe(b)
  })

  it('replaces items whose id differs, and drops and adds items and keys', () => {
    const doc = reactive<{ hosts: { id: string; n?: number }[]; x?: number }>({
      hosts: [{ id: 'a' }, { id: 'b', n: 1 }, { id: 'c' }],
      x: 1,
    })
    const source = { hosts: [{ id: 'a', n: 2 }, { id: 'c' }] }
    expect(patchInPlace(doc, source)).toBe(true)
    expect(JSON.stringify(doc)).toBe(JSON.stringify(source))
  })

  it('keeps the JSON key order: an object whose keys would move is replaced, the root refused', () => {
    const doc = reactive<Record<string, unknown>>({ inner: { b: 1 }, z: 1 })
    // `a` comes before `b` in the source: patching `inner` would put it last.
    expect(patchInPlace(doc, { inner: { a: 0, b: 1 }, z: 1 })).toBe(true)
    expect(JSON.stringify(doc)).toBe('{"inner":{"a":0,"b":1},"z":1}')
    expect(patchInPlace(doc, { y: 2, inner: { a: 0, b: 1 }, z: 1 })).toBe(false)
    expect(JSON.stringify(doc)).toBe('{"inner":{"a":0,"b":1},"z":1}')
  })
})
