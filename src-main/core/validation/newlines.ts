/**
 * The last line of defence for DESIGN.md §5: values end up as `key=value` lines on an agent's
 * stdin, so no string anywhere in the document may hold a newline. The schema's `text` catches
 * its own fields; this walk catches the rest. It skips what already has an issue (an unknown key's
 * whole subtree, say) so one fault is not reported twice.
 */
import { formatPath } from '../../common/validation'
import type { IssueList, Path } from './issues'

const NEWLINE = /[\r\n]/

/** Appends `must not contain a newline` for every string value holding one. */
export function checkNewlines(input: unknown, out: IssueList): void {
  const reported = new Set(out.items.map((issue) => formatPath(issue.path)))
  const seen = new WeakSet<object>()
  // Iterative, so a deeply nested input cannot overflow the stack.
  const stack: { path: Path; value: unknown }[] = [{ path: [], value: input }]
  while (stack.length > 0) {
    const { path, value } = stack.pop() ?? { path: [], value: undefined }
    if (path.length > 0 && reported.has(formatPath(path))) continue
    if (typeof value === 'string') {
      if (NEWLINE.test(value)) out.add(path, 'must not contain a newline')
      continue
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue
    seen.add(value)
    const children: { path: Path; value: unknown }[] = []
    if (Array.isArray(value)) {
      value.forEach((child: unknown, index) =>
        children.push({ path: [...path, index], value: child }),
      )
    } else {
      for (const key of Object.keys(value)) {
        children.push({ path: [...path, key], value: (value as Record<string, unknown>)[key] })
      }
    }
    // Pushed in reverse so issues come out in document order.
    for (let i = children.length - 1; i >= 0; i--)
      stack.push(children[i] as (typeof children)[number])
  }
}
