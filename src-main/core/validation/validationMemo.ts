/**
 * Remembers the last few validations by the exact JSON text of their input. Browser mode's page
 * asks, on opening a big lab, for the stored document (validated on load), then validates the
 * same document, then its planner inputs (loaded and validated again): one validation of a
 * 2,000-host lab costs 100–300 ms, a lookup a few. Validation is a pure function of the input
 * and the validator's fixed options, so an equal input gets an equal (deep-copied) answer; an
 * input that JSON text does not describe exactly (undefined, NaN, a Date, a class instance, …) is
 * validated every time.
 */
import type { ValidationResult } from './validateDocument'

/** A validator and its memo. */
export interface MemoizedValidation {
  (input: unknown): ValidationResult
  /** How many answers came from the memo (for tests). */
  readonly hits: number
}

/** How many distinct inputs are remembered (the stored lab, the page's copy, a demo). */
const REMEMBERED = 4

/** True when JSON text describes `value` exactly: plain objects, arrays, strings, finite numbers. */
function isExactJson(value: unknown): boolean {
  // Iterative, so a deeply nested input cannot overflow the stack.
  const stack: unknown[] = [value]
  // Each object is checked once: shared parts are fine, and a cycle ends here (stringify throws).
  const seen = new Set<object>()
  while (stack.length > 0) {
    const item = stack.pop()
    switch (typeof item) {
      case 'string':
      case 'boolean':
        continue
      case 'number':
        if (!Number.isFinite(item)) return false
        continue
      case 'object': {
        if (item === null || seen.has(item)) continue
        seen.add(item)
        if (Array.isArray(item)) {
          for (let i = 0; i < item.length; i++) {
            if (!(i in item)) return false
            stack.push(item[i])
          }
          continue
        }
        const proto = Object.getPrototypeOf(item) as unknown
        if (proto !== Object.prototype && proto !== null) return false
        if (typeof (item as { toJSON?: unknown }).toJSON === 'function') return false
        for (const key in item) stack.push((item as Record<string, unknown>)[key])
        continue
      }
      default:
        return false
    }
  }
  return true
}

/**
 * The JSON text of `input`, or undefined when JSON text would not describe it exactly (then two
 * different inputs could share one text, and the input is not remembered).
 */
export function exactJsonText(input: unknown): string | undefined {
  try {
    return isExactJson(input) ? JSON.stringify(input) : undefined
  } catch {
    // A cycle, or a getter that throws.
    return undefined
  }
}

/** Wraps a pure validator so that the same input is validated once, not on every call. */
export function memoizeValidation(
  validate: (input: unknown) => ValidationResult,
): MemoizedValidation {
  // An answer is kept as its JSON text when that describes it exactly (parsing is the cheapest
  // deep copy), else as a structured clone.
  const remembered = new Map<string, { text: string } | { copy: ValidationResult }>()
  let hits = 0
  const memoized = (input: unknown): ValidationResult => {
    const key = exactJsonText(input)
    if (key === undefined) return validate(input)
    const known = remembered.get(key)
    if (known) {
      hits++
      // Most recently used last.
      remembered.delete(key)
      remembered.set(key, known)
      return 'text' in known
        ? (JSON.parse(known.text) as ValidationResult)
        : structuredClone(known.copy)
    }
    const result = validate(input)
    const text = exactJsonText(result)
    remembered.set(key, text === undefined ? { copy: structuredClone(result) } : { text })
    if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value as string)
    return result
  }
  Object.defineProperty(memoized, 'hits', { get: () => hits })
  return memoized as MemoizedValidation
}
