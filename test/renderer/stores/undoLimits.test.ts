// Each undo step holds the whole document: in a big lab the history is bounded by size, not only
// by count, and the newest steps are the ones kept.
import { describe, expect, it } from 'vitest'
import type { HistoryStep } from '../../../src-renderer/src/stores/topology'
import { UNDO_CHARS, UNDO_LIMIT, withinUndoLimits } from '../../../src-renderer/src/stores/topology'

const step = (label: string, chars: number): HistoryStep => ({
  label,
  snapshot: 'x'.repeat(chars),
  at: 0,
})

describe('withinUndoLimits', () => {
  it('keeps the newest UNDO_LIMIT small steps', () => {
    const steps = Array.from({ length: UNDO_LIMIT + 5 }, (_, i) => step(`s${i}`, 10))
    const kept = withinUndoLimits(steps)
    expect(kept).toHaveLength(UNDO_LIMIT)
    expect(kept.at(-1)?.label).toBe(`s${UNDO_LIMIT + 4}`)
    expect(kept[0]?.label).toBe('s5')
  })

  it('keeps big snapshots within UNDO_CHARS, newest first', () => {
    // A 2,000-host lab: 1.3 MB per step.
    const big = 1_300_000
    const steps = Array.from({ length: 150 }, (_, i) => step(`s${i}`, big))
    const kept = withinUndoLimits(steps)
    expect(kept.length).toBe(Math.floor(UNDO_CHARS / big))
    expect(kept.at(-1)?.label).toBe('s149')
    expect(kept.reduce((n, s) => n + s.snapshot.length, 0)).toBeLessThanOrEqual(UNDO_CHARS)
  })

  it('always keeps the newest step, however big', () => {
    const kept = withinUndoLimits([step('old', 10), step('huge', UNDO_CHARS + 1)])
    expect(kept.map((s) => s.label)).toEqual(['huge'])
  })

  it('leaves a short history as it is', () => {
    const steps = [step('a', 10), step('b', 10)]
    expect(withinUndoLimits(steps)).toBe(steps)
  })
})
