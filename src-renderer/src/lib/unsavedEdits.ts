// How many undo (or redo) steps lie between the document and its saved state. The undo stack
// outlives a save, so its length is not that number: after a save and an undo it said "0 edits",
// after "Start empty" (saved) and one more edit it said 2.

/** A step of the editor's history: the document before it (undo) or after it (redo), as JSON. */
export interface HistorySnapshot {
  snapshot: string
}

/**
 * The number of steps from the current document back (or forward) to `saved`, or undefined when
 * the saved state is not in the history at all (then only "unsaved" is known).
 */
export function editsSinceSave(
  undo: readonly HistorySnapshot[],
  redo: readonly HistorySnapshot[],
  current: string,
  saved: string,
): number | undefined {
  if (current === saved) return 0
  for (let i = undo.length - 1; i >= 0; i--) if (undo[i]!.snapshot === saved) return undo.length - i
  for (let i = redo.length - 1; i >= 0; i--) if (redo[i]!.snapshot === saved) return redo.length - i
  return undefined
}
