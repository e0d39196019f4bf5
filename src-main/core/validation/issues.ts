/** Issue collection shared by the validation passes; paths stay as key lists until the end. */
import { quoteSafely } from '../../common/text'

/** A path into the raw input: object keys and array indices. */
export type Path = readonly PropertyKey[]

/** An issue before its path is formatted. */
export interface RawIssue {
  path: Path
  message: string
  /** A warning leaves the document valid; absent for an error. */
  severity?: 'warning'
}

/** Collects issues; each pass appends to the same list. */
export class IssueList {
  readonly items: RawIssue[] = []

  /** An error: the document is rejected. */
  add(path: Path, message: string): void {
    this.items.push({ path: [...path], message })
  }

  /** A warning: the document stays valid and is still told about it. */
  warn(path: Path, message: string): void {
    this.items.push({ path: [...path], message, severity: 'warning' })
  }
}

const MAX_QUOTED = 48

/**
 * A string value quoted for a message, cut short so a huge value cannot flood the output, with
 * control and bidi characters escaped so the message is safe wherever it is shown.
 */
export function quote(value: string): string {
  const cut = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value
  return quoteSafely(cut)
}

/** What a raw JSON value is, in words: `text ("abc")`, `a number (3)`, `an object`, … */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'string') return `text (${quote(value)})`
  if (typeof value === 'number') return `a number (${String(value)})`
  if (typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}
