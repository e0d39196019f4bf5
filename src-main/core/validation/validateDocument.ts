/**
 * Validation of a topology document (DESIGN.md §2): the whole document is accepted or rejected,
 * with every problem listed by JSON path. The schema checks shapes; the semantic passes (ids,
 * references, preference entries, device types and parameters, newlines, control characters) read the raw input
 * defensively, so they still run — and still report — when the schema fails somewhere else.
 */
import type { TopologyDocument } from '../../common/document'
import { BUILTIN_DEVICE_TYPES, type ParameterSpec } from '../../common/plugins'
import { formatPath, type ValidationIssue } from '../../common/validation'
import { checkCharacters, withoutConsequences } from './characters'
import { checkDevices, type DeviceTypeCatalog } from './deviceParams'
import { IssueList } from './issues'
import { checkNewlines } from './newlines'
import { sortByDocumentOrder } from './ordering'
import { canonicalPreferences, checkPreferences } from './preferences'
import { readRaw, type RawDocument } from './rawDocument'
import { checkReferences } from './references'
import { checkSchema } from './schemaIssues'
import { checkUniqueness } from './uniqueness'

/** The path of an issue about the document as a whole. */
export const DOCUMENT_PATH = '(document)'

/** What the validator knows beyond the document itself. */
export interface ValidateOptions {
  /** The device types a device may have; {@link BUILTIN_DEVICE_TYPES} when not given. */
  deviceTypes?: Iterable<string>
  /**
   * The parameters of a device type, from its plugin manifest; `undefined` when not known, and
   * then that type's parameters are not checked.
   */
  parametersOf?: (type: string) => ParameterSpec[] | undefined
}

/**
 * A valid document in canonical form, or every error found; either way the warnings (issues with
 * `severity: 'warning'`, which do not make a document invalid).
 */
export type ValidationResult =
  | { ok: true; document: TopologyDocument; warnings: ValidationIssue[] }
  | { ok: false; issues: ValidationIssue[]; warnings: ValidationIssue[] }

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error)
  } catch {
    return 'unknown error'
  }
}

function catalogOf(options: ValidateOptions | undefined): DeviceTypeCatalog {
  let types: Set<string>
  try {
    types = new Set(options?.deviceTypes ?? BUILTIN_DEVICE_TYPES)
  } catch {
    types = new Set(BUILTIN_DEVICE_TYPES)
  }
  return { types, parametersOf: options?.parametersOf }
}

function formatIssues(input: unknown, items: IssueList['items']): ValidationIssue[] {
  const seen = new Set<string>()
  const issues: ValidationIssue[] = []
  for (const raw of sortByDocumentOrder(input, items)) {
    const issue: ValidationIssue = {
      path: formatPath(raw.path) || DOCUMENT_PATH,
      message: raw.message,
      ...(raw.severity ? { severity: raw.severity } : {}),
    }
    const key = `${issue.path}\n${issue.message}`
    if (seen.has(key)) continue
    seen.add(key)
    issues.push(issue)
  }
  return issues
}

function validate(input: unknown, options: ValidateOptions | undefined): ValidationResult {
  const out = new IssueList()
  // Each pass is fenced off: a failure inside one is reported and the others still run.
  const pass = (what: string, run: () => void): void => {
    try {
      run()
    } catch (error) {
      out.add([], `internal error while checking ${what}: ${describeError(error)}`)
    }
  }
  let parsed: TopologyDocument | undefined
  let raw: RawDocument | undefined
  pass('the document shape', () => (parsed = checkSchema(input, out)))
  pass('the document', () => (raw = readRaw(input)))
  if (raw) {
    const doc = raw
    const catalog = catalogOf(options)
    pass('ids, names and addresses', () => checkUniqueness(doc, out))
    pass('references', () => checkReferences(doc, out))
    pass('proxy preferences', () => checkPreferences(doc, out))
    pass('devices', () => checkDevices(doc, catalog, out))
  }
  pass('newlines', () => checkNewlines(input, out))
  const characters = new IssueList()
  pass('characters', () => checkCharacters(input, characters))
  out.items.splice(0, out.items.length, ...withoutConsequences(out.items, characters.items))
  out.items.push(...characters.items)
  const errors = out.items.filter((item) => item.severity === undefined)
  const warnings = formatIssues(
    input,
    out.items.filter((item) => item.severity === 'warning'),
  )
  if (errors.length === 0 && parsed) {
    return { ok: true, document: canonicalPreferences(parsed), warnings }
  }
  if (errors.length === 0) errors.push({ path: [], message: 'not a valid topology document' })
  return { ok: false, issues: formatIssues(input, errors), warnings }
}

/**
 * Validates a topology document. Never throws, whatever `input` is: a document is either returned
 * in canonical form (keyword preference entries lower-cased, `proxies` defaulted to `[]`) or
 * rejected with every error; warnings come with both answers. Every issue has a JSON path (`hosts[2].powerManagement.devices[0].params.ip`,
 * {@link DOCUMENT_PATH} for the document itself) and a message for people.
 */
export function validateDocument(input: unknown, options?: ValidateOptions): ValidationResult {
  try {
    return validate(input, options)
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: DOCUMENT_PATH, message: `could not be validated: ${describeError(error)}` }],
      warnings: [],
    }
  }
}
