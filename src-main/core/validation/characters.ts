/**
 * No string anywhere in the document may hold a control character, a bidi control, a line
 * separator or a lone surrogate (the rule is `common/text.ts`): names are shown on terminals and in
 * the UI, and every value may end up on an agent's stdin. Newlines are the newline pass's: they
 * keep their own message.
 *
 * The issue names the character and where it is, and it replaces what other passes said about the
 * same value (an id's pattern, "not an IP address"): those follow from the character, and the user
 * fixes that first.
 */
import { forbiddenCharacterProblem, hasForbiddenCharacter } from '../../common/text'
import type { IssueList, Path, RawIssue } from './issues'

const NEWLINE = /[\r\n]/g

interface Step {
  parent: Step | undefined
  key: string | number | undefined
  value: unknown
}

/** The path of a step, built only when an issue needs it. */
function pathOf(step: Step): Path {
  const path: (string | number)[] = []
  for (let at: Step | undefined = step; at?.parent; at = at.parent) {
    if (at.key !== undefined) path.push(at.key)
  }
  return path.reverse()
}

/** Appends one issue per string value that holds a forbidden character (other than a newline). */
export function checkCharacters(input: unknown, out: IssueList): void {
  const seen = new WeakSet<object>()
  // Iterative, so a deeply nested input cannot overflow the stack.
  const stack: Step[] = [{ parent: undefined, key: undefined, value: input }]
  for (let step = stack.pop(); step; step = stack.pop()) {
    const { value } = step
    if (typeof value === 'string') {
      if (!hasForbiddenCharacter(value)) continue
      // A newline stands in as a plain character, so positions still count it.
      const problem = forbiddenCharacterProblem(value.replace(NEWLINE, ' '))
      if (problem) out.add(pathOf(step), problem)
      continue
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue
    seen.add(value)
    const keys: (string | number)[] = Array.isArray(value)
      ? Array.from({ length: value.length }, (_, i) => i)
      : Object.keys(value)
    // Pushed in reverse so issues come out in document order.
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string | number
      stack.push({ parent: step, key, value: (value as Record<string | number, unknown>)[key] })
    }
  }
}

function pathKey(path: Path): string {
  return JSON.stringify(path.map((key) => (typeof key === 'symbol' ? String(key) : key)))
}

/**
 * `issues` without what other passes said about a value whose forbidden character is reported in
 * `characters` — except newlines and unknown keys, which are problems of their own.
 */
export function withoutConsequences(
  issues: RawIssue[],
  characters: readonly RawIssue[],
): RawIssue[] {
  if (characters.length === 0) return issues
  const flagged = new Set(characters.map((issue) => pathKey(issue.path)))
  return issues.filter(
    (issue) =>
      !flagged.has(pathKey(issue.path)) ||
      issue.message === 'must not contain a newline' ||
      issue.message.startsWith('unknown key'),
  )
}
