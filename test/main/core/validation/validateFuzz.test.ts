/**
 * Generated inputs: arbitrary JSON, schema-shaped garbage, and valid documents with a few
 * mutations. Whatever comes in, validateDocument answers — never throws — and every issue points
 * into the input.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatPath, type ValidationIssue } from '../../../../src-main/common/validation'
import {
  validateDocument,
  type ValidationResult,
} from '../../../../src-main/core/validation/validateDocument'
import { sampleLab, validDocument, WITH_PARAMETERS, type LooseDocument } from './fixtures'

type Segment = string | number

/** Parses a path printed by `formatPath` back into its keys. */
function parsePath(path: string): Segment[] {
  const segments: Segment[] = []
  let rest = path
  while (rest.length > 0) {
    const match =
      /^\[(\d+)\]/.exec(rest) ??
      /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest) ??
      (segments.length > 0 ? /^\.([A-Za-z_$][A-Za-z0-9_$]*)/ : /^([A-Za-z_$][A-Za-z0-9_$]*)/).exec(
        rest,
      )
    if (!match)
      throw new Error(`unparsable path ${JSON.stringify(path)} at ${JSON.stringify(rest)}`)
    const raw = match[1] ?? ''
    segments.push(/^\d+$/.test(raw) ? Number(raw) : raw.startsWith('"') ? JSON.parse(raw) : raw)
    rest = rest.slice(match[0].length)
  }
  return segments
}

function resolves(input: unknown, path: readonly Segment[]): boolean {
  let current = input
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(current) && key < current.length) {
      current = current[key]
    } else if (
      typeof key === 'string' &&
      typeof current === 'object' &&
      current !== null &&
      !Array.isArray(current) &&
      Object.hasOwn(current, key)
    ) {
      current = (current as Record<string, unknown>)[key]
    } else {
      return false
    }
  }
  return true
}

/** What is wrong with an issue, or `undefined`; plain code, as it runs for thousands of issues. */
function issueProblem(input: unknown, issue: ValidationIssue): string | undefined {
  if (issue.message.trim() === '') return 'empty message'
  if (issue.path === '') return 'empty path'
  if (issue.path === '(document)') return undefined
  const segments = parsePath(issue.path)
  if (formatPath(segments) !== issue.path) return 'path does not round-trip through formatPath'
  return resolves(input, segments.slice(0, -1)) ? undefined : 'path is not in the input'
}

/** The properties every answer must have, whatever the input. */
function checkAnswer(input: unknown): ValidationResult {
  let result: ValidationResult | undefined
  expect(() => (result = validateDocument(input, WITH_PARAMETERS))).not.toThrow()
  if (!result) throw new Error('no result')
  if (result.ok) {
    const again = validateDocument(result.document, WITH_PARAMETERS)
    expect(again).toEqual({ ok: true, document: result.document, warnings: result.warnings })
    return result
  }
  expect(result.issues.length).toBeGreaterThan(0)
  const bad = result.issues.flatMap((issue) => {
    const problem = issueProblem(input, issue)
    return problem ? [{ ...issue, problem }] : []
  })
  expect(bad).toEqual([])
  return result
}

/** Every node of a document below the root, with its path. */
function nodesOf(value: unknown, path: Segment[] = []): { path: Segment[]; value: unknown }[] {
  const nodes: { path: Segment[]; value: unknown }[] = []
  if (Array.isArray(value)) {
    value.forEach((child: unknown, i) => {
      nodes.push({ path: [...path, i], value: child }, ...nodesOf(child, [...path, i]))
    })
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      nodes.push({ path: [...path, key], value: child }, ...nodesOf(child, [...path, key]))
    }
  }
  return nodes
}

function parentOf(doc: unknown, path: readonly Segment[]): LooseDocument {
  let current = doc as LooseDocument
  for (const key of path.slice(0, -1)) current = current[key]
  return current
}

const KINDS = ['delete', 'replace', 'duplicate', 'newline', 'control', 'sameId'] as const

/** Characters no string of a document may hold (common/text.ts), one of each kind. */
const FORBIDDEN = [
  '\u0000',
  '\u001b',
  '\t',
  '\u007f',
  '\u009b',
  '\u202e',
  '\u2066',
  '\u200f',
  '\u2028',
  '\ud800',
  '\udfff',
]
type Kind = (typeof KINDS)[number]

interface Mutation {
  kind: Kind
  pick: number
  other: number
  value: unknown
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...KINDS),
  pick: fc.nat(),
  other: fc.nat(),
  value: fc.jsonValue({ maxDepth: 2 }),
})

/**
 * Applies one mutation in place and returns the path it touched, or `undefined` when the document
 * offers nothing of that kind.
 */
function mutate(doc: unknown, { kind, pick, other, value }: Mutation): Segment[] | undefined {
  const nodes = nodesOf(doc)
  const choose = <T>(list: T[], n: number): T | undefined => list[n % Math.max(list.length, 1)]
  if (kind === 'delete') {
    const target = choose(
      nodes.filter((n) => typeof n.path[n.path.length - 1] === 'string'),
      pick,
    )
    if (target) delete parentOf(doc, target.path)[target.path[target.path.length - 1] as string]
    return target?.path
  }
  if (kind === 'replace') {
    const target = choose(nodes, pick)
    if (target) parentOf(doc, target.path)[target.path[target.path.length - 1] as string] = value
    return target?.path
  }
  if (kind === 'duplicate') {
    const target = choose(
      nodes.filter((n) => Array.isArray(n.value) && n.value.length > 0),
      pick,
    )
    if (!target) return undefined
    const list = target.value as unknown[]
    list.splice(other % (list.length + 1), 0, structuredClone(list[pick % list.length]))
    return target.path
  }
  if (kind === 'newline') {
    const target = choose(
      nodes.filter((n) => typeof n.value === 'string'),
      pick,
    )
    if (!target) return undefined
    const text = target.value as string
    const at = other % (text.length + 1)
    const newline = other % 2 === 0 ? '\n' : '\r'
    parentOf(doc, target.path)[target.path[target.path.length - 1] as string] =
      text.slice(0, at) + newline + text.slice(at)
    return target.path
  }
  if (kind === 'control') {
    const target = choose(
      nodes.filter((n) => typeof n.value === 'string'),
      pick,
    )
    if (!target) return undefined
    const text = target.value as string
    const at = other % (text.length + 1)
    const char = FORBIDDEN[other % FORBIDDEN.length] as string
    parentOf(doc, target.path)[target.path[target.path.length - 1] as string] =
      text.slice(0, at) + char + text.slice(at)
    return target.path
  }
  const ids = nodes.filter((n) => n.path[n.path.length - 1] === 'id' && typeof n.value === 'string')
  const target = choose(ids, pick)
  const source = choose(ids, other)
  if (!target || !source) return undefined
  parentOf(doc, target.path).id = source.value
  return target.path
}

const baseArb = fc.constantFrom(validDocument(), sampleLab())

/** True when `prefix` is `path` or one of its ancestors. */
function isPrefix(prefix: readonly Segment[], path: readonly Segment[]): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => key === path[i])
}

describe('validateDocument on generated input', () => {
  it('answers arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        checkAnswer(input)
      }),
      { numRuns: 400 },
    )
  })

  it('answers schema-shaped garbage', () => {
    const anyValue = fc.jsonValue({ maxDepth: 2 })
    const loose = (keys: string[]) =>
      fc.dictionary(fc.constantFrom(...keys, '__proto__', 'constructor', 'extra'), anyValue)
    const docArb = fc.record(
      {
        version: fc.oneof(fc.constant(1), anyValue),
        engine: fc.oneof(loose(['name', 'address', 'canProxy', 'exec']), anyValue),
        defaults: fc.record({ proxyPreferences: fc.array(fc.string()) }),
        dataCenters: fc.array(loose(['id', 'name', 'proxyPreferences'])),
        clusters: fc.array(loose(['id', 'name', 'dataCenter', 'proxyPreferences'])),
        hosts: fc.array(
          loose(['id', 'name', 'address', 'cluster', 'status', 'canProxy', 'powerManagement']),
        ),
        proxies: fc.oneof(
          fc.array(loose(['id', 'name', 'address', 'dataCenter', 'cluster'])),
          anyValue,
        ),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(docArb, (input) => {
        checkAnswer(input)
      }),
      { numRuns: 300 },
    )
  })

  it('answers valid documents after a few mutations', () => {
    fc.assert(
      fc.property(baseArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (base, steps) => {
        const doc = structuredClone(base)
        for (const step of steps) mutate(doc, step)
        checkAnswer(doc)
      }),
      { numRuns: 900 },
    )
  })

  it('rejects one newline, control character, duplicated element or shared id where it was made', () => {
    fc.assert(
      fc.property(baseArb, mutationArb, (base, step) => {
        const doc = structuredClone(base)
        const before = nodesOf(doc)
        const touched = mutate(doc, step)
        const result = checkAnswer(doc)
        if (!touched) return
        const paths = result.ok ? [] : result.issues.map((i) => parsePath(i.path))
        if (step.kind === 'newline' || step.kind === 'control') {
          // An issue at the string or at an ancestor (an unknown key, a union) covers it.
          expect(paths.some((p) => isPrefix(p, touched))).toBe(true)
        }
        if (step.kind === 'control' && !result.ok) {
          // Reported at the string itself, naming the character and where it is.
          const at = result.issues.filter(
            (i) => formatPath(parsePath(i.path)) === formatPath(touched),
          )
          expect(at.map((i) => i.message).join('\n')).toMatch(
            /\(U\+[0-9A-F]{4}[^)]*\) at position \d+/,
          )
        }
        if (step.kind === 'duplicate') {
          // Every array of a valid document holds ids or preference entries: a copy is a duplicate.
          expect(paths.some((p) => isPrefix(touched, p))).toBe(true)
        }
        if (step.kind === 'sameId') {
          const ids = before.filter((n) => n.path[n.path.length - 1] === 'id')
          const source = ids[step.other % ids.length]
          const sameCollection =
            source !== undefined &&
            formatPath(source.path.slice(0, -2)) === formatPath(touched.slice(0, -2)) &&
            formatPath(source.path) !== formatPath(touched)
          // Reported where the id appears second: at the changed one or at the one it copied.
          if (sameCollection) {
            const at = [touched, source.path]
            expect(paths.some((p) => at.some((path) => isPrefix(path, p)))).toBe(true)
          }
        }
      }),
      { numRuns: 400 },
    )
  })
})
