import { describe, expect, it } from 'vitest'
import { scrollToReveal, virtualWindow } from '../../../src-renderer/src/lib/virtualWindow'

describe('virtualWindow', () => {
  it('renders the rows in view plus the overscan, never past either end', () => {
    // 26 px rows, a 260 px viewport scrolled to row 100: rows 100–109 visible.
    expect(virtualWindow(2600, 260, 26, 2000, 5)).toEqual({ start: 95, end: 115 })
    expect(virtualWindow(0, 260, 26, 2000, 5)).toEqual({ start: 0, end: 15 })
    expect(virtualWindow(2000 * 26 - 260, 260, 26, 2000, 5)).toEqual({ start: 1985, end: 2000 })
  })

  it('counts a partly visible row', () => {
    expect(virtualWindow(13, 26, 26, 10, 0)).toEqual({ start: 0, end: 2 })
  })

  it('is empty for an empty list, and small lists render whole', () => {
    expect(virtualWindow(0, 500, 26, 0, 8)).toEqual({ start: 0, end: 0 })
    expect(virtualWindow(0, 500, 26, 7, 8)).toEqual({ start: 0, end: 7 })
  })

  it('keeps a window when the list shrank under the scroll position', () => {
    // Collapsing a data center while scrolled far down: the last rows, not an empty window.
    const w = virtualWindow(50_000, 260, 26, 40, 5)
    expect(w.end).toBe(40)
    expect(w.start).toBeLessThan(40)
  })
})

describe('scrollToReveal', () => {
  it('moves only when the row is not whole in view, by the least amount', () => {
    expect(scrollToReveal(260, 260, 26, 12)).toBe(260)
    expect(scrollToReveal(260, 260, 26, 5)).toBe(130)
    expect(scrollToReveal(260, 260, 26, 20)).toBe(21 * 26 - 260)
    expect(scrollToReveal(0, 260, 26, 1999)).toBe(2000 * 26 - 260)
  })
})
