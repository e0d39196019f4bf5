/**
 * The last line of defence for DESIGN.md §5: values end up as `key=value` lines on an agent's
 * stdin, so no string anywhere in the document may hold a newline. The schema's `text` catches
 * its own fields; this walk catches the rest. It skips what already has an issue (an unknown key's
 * whole subtree, say) so one fault is not reported twice.
 */
import type { IssueList, Path } from './issues'

const NEWLINE = /[\r\n]/

/** The paths that already have an issue, as a trie of keys. */
interface Reported {
  here: boolean
  children: Map<PropertyKey, Reported>
}

function reportedTrie(out: IssueList): Reported {
  const root: Reported = { here: false, children: new Map() }
  for (const issue of out.items) {
    let node = root
    for (const key of issue.path) {
      let child = node.children.get(key)
      if (!child) {
        child = { here: false, children: new Map() }
        node.children.set(key, child)
      }
      node = child
    }
    node.here = true
  }
  return root
}

interface Step {
  parent: Step | undefined
  key: string | number | undefined
  value: unknown
  /** Where this path is in the trie of reported paths; `undefined` once it has left it. */
  reported: Reported | undefined
}

/** The path of a step, built only when an issue needs it. */
function pathOf(step: Step): Path {
  const path: (string | number)[] = []
  for (let at: Step | undefined = step; at?.parent; at = at.parent) {
    if (at.key !== undefined) path.push(at.key)
  }
  return path.reverse()
}

function childKeys(value: object): (string | number)[] {
  if (!Array.isArray(value)) return Object.keys(value)
  const indices: number[] = []
  for (let i = 0; i < value.length; i++) indices.push(i)
  return indices
}

/** Appends `must not contain a newline` for every string value holding one. */
export function checkNewlines(input: unknown, out: IssueList): void {
  const seen = new WeakSet<object>()
  // Iterative, so a deeply nested input cannot overflow the stack.
  const stack: Step[] = [
    { parent: undefined, key: undefined, value: input, reported: reportedTrie(out) },
  ]
  for (let step = stack.pop(); step; step = stack.pop()) {
    const { value, reported } = step
    if (step.parent && reported?.here) continue
    if (typeof value === 'string') {
      if (NEWLINE.test(value)) out.add(pathOf(step), 'must not contain a newline')
      continue
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue
    seen.add(value)
    const keys = childKeys(value)
    // Pushed in reverse so issues come out in document order.
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string | number
      stack.push({
        parent: step,
        key,
        value: (value as Record<string | number, unknown>)[key],
        reported: reported?.children.get(key),
      })
    }
  }
}
