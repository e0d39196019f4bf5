/**
 * Fence devices: the type must be known, and when the type's parameters are known (from its
 * plugin manifest) every parameter must be one of them, with a value of the right kind, and every
 * required one must be given. Some checks need no manifest: `{ env }` values must name a variable,
 * and `ipport` must be a port number.
 */
import { idSchema, isHostAddress } from '../../common/document'
import type { ParameterSpec } from '../../common/plugins'
import { isSecretPointer } from '../../common/secretParams'
import { describeValue, quote, type IssueList, type Path } from './issues'
import { isRecord, itemsAt, own, ownString, type RawDocument, type RawRecord } from './rawDocument'
import { didYouMean } from './suggest'

/** What the device checks know about device types. */
export interface DeviceTypeCatalog {
  types: ReadonlySet<string>
  /** The parameters of a known type; `undefined` when they are not known. */
  parametersOf?: ((type: string) => ParameterSpec[] | undefined) | undefined
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const PORT_PARAMS = new Set(['ipport'])
const PARAMETER_NAME = /^[a-z][a-z0-9_]*$/

/** The type's parameters, or `undefined` when the catalog cannot tell (or its callback fails). */
function specsOf(catalog: DeviceTypeCatalog, type: string): ParameterSpec[] | undefined {
  let specs: unknown
  try {
    specs = catalog.parametersOf?.(type)
  } catch {
    return undefined
  }
  if (!Array.isArray(specs)) return undefined
  return specs.filter(
    (spec: unknown): spec is ParameterSpec => isRecord(spec) && typeof spec.name === 'string',
  )
}

/** Why `value` does not fit `spec`, or `undefined` when it does. */
function valueProblem(spec: ParameterSpec, value: unknown): string | undefined {
  if (isRecord(value)) {
    // Only a well-formed `{ env }` / `{ ref }` gets here; other objects are the schema's to report.
    return isSecretPointer(value) && !spec.secret
      ? 'only secret parameters take { "env": … } or { "ref": … }'
      : undefined
  }
  // Other shapes, and text with a newline, are the schema's to report.
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    return undefined
  }
  if (typeof value === 'string' && /[\r\n]/.test(value)) return undefined
  switch (spec.type) {
    case 'string':
      // A number is written to the agent's stdin as its digits, so it is accepted as text.
      return typeof value === 'boolean' ? `expected text, got ${describeValue(value)}` : undefined
    case 'host':
      if (typeof value !== 'string')
        return `expected an IP address or FQDN, got ${describeValue(value)}`
      return isHostAddress(value) ? undefined : 'not an IP address or FQDN'
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
        ? undefined
        : `expected a whole number, got ${describeValue(value)}`
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `expected a number, got ${describeValue(value)}`
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : `expected true or false, got ${describeValue(value)}`
    case 'choice': {
      const choices = spec.choices ?? []
      if (typeof value !== 'boolean' && choices.includes(String(value))) return undefined
      return `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}; got ${describeValue(value)}`
    }
    default:
      return undefined
  }
}

function checkParams(
  type: string,
  specs: ParameterSpec[],
  params: RawRecord,
  paramsPath: Path,
  out: IssueList,
): void {
  const byKey = new Map<string, ParameterSpec>()
  for (const spec of specs) {
    byKey.set(spec.name, spec)
    for (const alias of spec.aliases ?? []) if (!byKey.has(alias)) byKey.set(alias, spec)
  }
  for (const key of Object.keys(params)) {
    // A key that is no parameter name at all is reported by the schema.
    if (!PARAMETER_NAME.test(key)) continue
    const spec = byKey.get(key)
    if (!spec) {
      const hint = didYouMean(key, byKey.keys())
      const known = specs.map((s) => s.name).join(', ')
      out.add(
        [...paramsPath, key],
        `unknown parameter ${quote(key)} for device type ${quote(type)}${hint || (known ? `; it takes: ${known}` : '')}`,
      )
      continue
    }
    const problem = valueProblem(spec, params[key])
    if (problem) out.add([...paramsPath, key], problem)
  }
  for (const spec of specs) {
    const given = [spec.name, ...(spec.aliases ?? [])].filter((key) => Object.hasOwn(params, key))
    if (given.length === 0 && spec.required && spec.default === undefined) {
      out.add([...paramsPath, spec.name], `missing (required by device type ${quote(type)})`)
    }
    for (const key of given.slice(1)) {
      out.add([...paramsPath, key], `sets the same parameter as ${quote(given[0] ?? spec.name)}`)
    }
  }
}

/** Checks that hold for any device type: variable names of `{ env }` values, port ranges. */
function checkParamsAnyType(params: RawRecord, paramsPath: Path, out: IssueList): void {
  for (const key of Object.keys(params)) {
    const value = params[key]
    const env = own(value, 'env')
    // A newline is reported as such by the newline pass.
    if (typeof env === 'string' && !/[\r\n]/.test(env) && !VARIABLE_NAME.test(env)) {
      out.add([...paramsPath, key, 'env'], `${quote(env)} is not a variable name`)
    }
    if (
      PORT_PARAMS.has(key) &&
      typeof value === 'number' &&
      Number.isInteger(value) &&
      (value < 1 || value > 65535)
    ) {
      out.add([...paramsPath, key], 'port out of range (1–65535)')
    }
  }
}

/** Appends an issue for every unknown device type and every wrong device parameter. */
export function checkDevices(doc: RawDocument, catalog: DeviceTypeCatalog, out: IssueList): void {
  for (const host of doc.hosts ?? []) {
    const pmPath = [...host.path, 'powerManagement']
    for (const device of itemsAt(own(host.value, 'powerManagement'), 'devices', pmPath) ?? []) {
      const params = own(device.value, 'params')
      const paramsPath = [...device.path, 'params']
      if (isRecord(params)) checkParamsAnyType(params, paramsPath, out)
      const type = ownString(device.value, 'type')
      // A malformed type is reported by the schema; do not also call it unknown.
      if (type === undefined || !idSchema.safeParse(type).success) continue
      if (!catalog.types.has(type)) {
        const hint = didYouMean(type, catalog.types)
        const known = [...catalog.types].join(', ')
        out.add(
          [...device.path, 'type'],
          `unknown device type ${quote(type)}${hint || (known ? `; known types: ${known}` : '')}`,
        )
        continue
      }
      const specs = specsOf(catalog, type)
      if (specs && isRecord(params)) checkParams(type, specs, params, paramsPath, out)
    }
  }
}
