/**
 * Puts issues in document order (by where their path points in the input), so a reader goes
 * through the document once; issues at one place keep the order the passes found them.
 */
import type { RawIssue } from './issues'
import { isRecord } from './rawDocument'

const ABSENT = Number.MAX_SAFE_INTEGER

/** Sorts issues by the position of their path in `input`; keys missing from it sort last. */
export function sortByDocumentOrder(input: unknown, issues: RawIssue[]): RawIssue[] {
  const keyIndex = new Map<object, Map<string, number>>()
  const indexOf = (value: Record<string, unknown>, key: string): number => {
    let index = keyIndex.get(value)
    if (!index) {
      index = new Map(Object.keys(value).map((k, i) => [k, i]))
      keyIndex.set(value, index)
    }
    return index.get(key) ?? ABSENT
  }
  const position = (issue: RawIssue): number[] => {
    const steps: number[] = []
    let current: unknown = input
    for (const key of issue.path) {
      if (typeof key === 'number' && Array.isArray(current)) {
        steps.push(key)
        current = current[key]
      } else if (typeof key === 'string' && isRecord(current)) {
        steps.push(indexOf(current, key))
        current = Object.hasOwn(current, key) ? current[key] : undefined
      } else {
        steps.push(ABSENT)
        current = undefined
      }
    }
    return steps
  }
  const keyed = issues.map((issue, order) => ({ issue, order, at: position(issue) }))
  keyed.sort((a, b) => {
    const length = Math.min(a.at.length, b.at.length)
    for (let i = 0; i < length; i++) {
      const d = (a.at[i] ?? 0) - (b.at[i] ?? 0)
      if (d !== 0) return d
    }
    return a.at.length - b.at.length || a.order - b.order
  })
  return keyed.map((k) => k.issue)
}
