// How a preference editor's change becomes an undo step. Text typed in its box can reach the
// document in several emits (a comma takes the entries before it at once, Enter the rest); they
// carry one typing key, and the edits of one key make one undo step.
import type { EditOptions } from '../stores/topology'

/** What the preference editor says about a change beside the new list. */
export interface PreferenceEdit {
  /** Set while the change comes from one stretch of typing (or a suggestion ending it). */
  typing?: string
}

/** The edit options for a change of a preference list. */
export function preferenceEditOptions(edit: PreferenceEdit | undefined): EditOptions {
  return edit?.typing ? { coalesce: edit.typing, coalesceAlways: true } : {}
}

let typingSeq = 0

/** A key no other stretch of typing has had (editors of different nodes share test names). */
export function newTypingKey(): string {
  return `preference-typing-${++typingSeq}`
}
