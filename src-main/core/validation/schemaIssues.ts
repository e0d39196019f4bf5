/**
 * Turns zod's issues into plain words: what was expected, what was found, which key is unknown
 * (with a "did you mean" when it looks like a typo). Messages the schema spells out itself
 * (`not an IP address or FQDN`, `must not contain a newline`, …) are kept as they are.
 */
import * as z from 'zod'
import { documentSchema } from '../../common/document'
import { describeValue, quote, type IssueList, type Path } from './issues'
import { valueAt } from './rawDocument'
import { didYouMean } from './suggest'

type ZodIssue = z.core.$ZodIssue

/** Zod's own default messages; anything else came from our schema and is kept. */
const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized)/

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  null: 'null',
}

function expectedName(expected: string): string {
  return Object.hasOwn(EXPECTED, expected) ? (EXPECTED[expected] ?? expected) : `a ${expected}`
}

function literal(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/** `expected X, got Y`, or `missing (expected X)` when the key is absent. */
function expectedGot(input: unknown, path: Path, expected: string): string {
  const { found, value } = valueAt(input, path)
  if (!found) return `missing (expected ${expected})`
  return `expected ${expected}, got ${describeValue(value)}`
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType
  }
  return current
}

/** The schemas a value at `path` may have (several where a union allows several objects). */
function schemasAt(path: Path): z.ZodType[] {
  const expand = (schema: z.ZodType): z.ZodType[] => {
    const inner = unwrap(schema)
    return inner instanceof z.ZodUnion ? (inner.options as z.ZodType[]).flatMap(expand) : [inner]
  }
  let schemas = expand(documentSchema)
  for (const key of path) {
    const next: z.ZodType[] = []
    for (const schema of schemas) {
      if (schema instanceof z.ZodObject && typeof key === 'string') {
        const shape = schema.shape as Record<string, z.ZodType>
        const field = Object.hasOwn(shape, key) ? shape[key] : undefined
        if (field) next.push(...expand(field))
      } else if (schema instanceof z.ZodArray && typeof key === 'number') {
        next.push(...expand(schema.element as z.ZodType))
      } else if (schema instanceof z.ZodRecord && typeof key === 'string') {
        next.push(...expand(schema.valueType as z.ZodType))
      }
    }
    schemas = next
  }
  return schemas
}

/** The keys an object at `path` may have, per the schema. */
function allowedKeys(path: Path): string[] {
  const keys = new Set<string>()
  for (const schema of schemasAt(path)) {
    if (schema instanceof z.ZodObject) for (const key of Object.keys(schema.shape)) keys.add(key)
  }
  return [...keys]
}

function unknownKey(objectPath: Path, key: string): string {
  const allowed = allowedKeys(objectPath)
  const hint = didYouMean(key, allowed)
  if (hint) return `unknown key ${quote(key)}${hint}`
  return allowed.length > 0
    ? `unknown key ${quote(key)}; allowed: ${allowed.join(', ')}`
    : `unknown key ${quote(key)}`
}

const SECRET_FORMS = 'text, { "env": "VARIABLE" } or { "ref": "id" }'

/** A union failed on every branch and zod could not tell which was meant: say what it takes. */
function unionMessage(
  input: unknown,
  path: Path,
  issue: ZodIssue & { code: 'invalid_union' },
): string {
  const last = path[path.length - 1]
  const parent = path[path.length - 2]
  if (path.length === 2 && path[0] === 'engine' && last === 'exec') {
    return expectedGot(input, path, '"local" or { "ssh": { … } }')
  }
  if (parent === 'params') {
    return expectedGot(
      input,
      path,
      `text, a number, true/false, { "env": "VARIABLE" } or { "ref": "id" }`,
    )
  }
  if (last === 'password') return expectedGot(input, path, SECRET_FORMS)
  const forms = new Set<string>()
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (inner.path.length > 0) continue
      if (inner.code === 'invalid_type') forms.add(expectedName(inner.expected))
      if (inner.code === 'invalid_value') inner.values.forEach((v) => forms.add(literal(v)))
    }
  }
  return forms.size > 0 ? expectedGot(input, path, [...forms].join(' or ')) : 'not a valid value'
}

/** A readable message for codes whose zod default message is too terse. */
function fallbackMessage(issue: ZodIssue): string {
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum
    const word = issue.code === 'too_small' ? 'at least' : 'at most'
    if (issue.origin === 'string') return `must have ${word} ${String(bound)} characters`
    if (issue.origin === 'array') return `must have ${word} ${String(bound)} items`
    return `must be ${word} ${String(bound)}`
  }
  if (issue.code === 'invalid_format') return 'has the wrong format'
  return 'not a valid value'
}

function mapIssue(input: unknown, issue: ZodIssue, out: IssueList): void {
  const path = issue.path
  switch (issue.code) {
    case 'invalid_type':
      if (path.length === 0) {
        out.add(path, `expected the topology document (a JSON object), got ${describeValue(input)}`)
      } else {
        out.add(path, expectedGot(input, path, expectedName(issue.expected)))
      }
      return
    case 'invalid_value': {
      const values = issue.values.map(literal)
      const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`
      out.add(path, expectedGot(input, path, expected ?? 'another value'))
      return
    }
    case 'unrecognized_keys':
      for (const key of issue.keys) out.add([...path, key], unknownKey(path, key))
      return
    case 'invalid_key': {
      const reasons = issue.issues.map((inner) => inner.message).filter((m) => m.length > 0)
      const reason = reasons.length > 0 ? reasons.join('; ') : 'not a valid key'
      out.add(
        path,
        reason === 'not a parameter name'
          ? `${quote(String(path[path.length - 1]))} is not a parameter name (lower-case letters, digits and "_", starting with a letter)`
          : reason,
      )
      return
    }
    case 'invalid_union':
      out.add(path, unionMessage(input, path, issue))
      return
    default:
      out.add(
        path,
        ZOD_DEFAULT_MESSAGE.test(issue.message) ? fallbackMessage(issue) : issue.message,
      )
  }
}

/**
 * Checks `input` against the document schema. Appends one issue per problem and returns the parsed
 * document when the shape is right.
 */
export function checkSchema(
  input: unknown,
  out: IssueList,
): z.infer<typeof documentSchema> | undefined {
  const result = documentSchema.safeParse(input)
  if (result.success) return result.data
  for (const issue of result.error.issues) mapIssue(input, issue, out)
  return undefined
}
