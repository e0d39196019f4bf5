/**
 * What an import from another system (oVirt, Pacemaker) gives: a normal topology document (DESIGN.md
 * §2, validated like any import afterwards), the device types it had to generate from agent
 * metadata, and what could not be carried over, in words.
 */
import type { ParamValue, TopologyDocument } from '../../common/document'
import type { FenceType, ParameterSpec, PluginManifest } from '../../common/plugins'

/** The result of translating another system's export into a document. */
export interface ForeignImport {
  document: TopologyDocument
  /** Plugins generated from agent metadata for agent types no loaded plugin had. */
  generated: PluginManifest[]
  /** What was left out or changed, one line each, naming where. */
  notes: string[]
}

/**
 * Finds the device type for an agent of the other system: `agent` is the `fence_*` executable,
 * `id` the name the other system gives the type (`ilo4`, `drac7`, `ipmilan`). Undefined when no
 * type exists and none could be generated (the resolver says why in `notes`).
 */
export type ResolveType = (
  agent: string,
  id: string,
  notes: string[],
) => Promise<FenceType | undefined>

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on'])
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off'])

/**
 * A boolean however the other system wrote it: `true`, `"true"`, `1`, `"1"`, `"yes"`, `"on"`
 * (case-insensitive). Undefined for anything else.
 */
export function looseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined
  if (typeof value !== 'string') return undefined
  const word = value.trim().toLowerCase()
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined
}

/** A whole number however it was written (`3`, `"3"`); undefined otherwise. */
export function looseInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined
}

/** The parameter of `type` named `name` or one of its aliases. */
function specOf(type: FenceType, name: string): ParameterSpec | undefined {
  return type.parameters.find((p) => p.name === name || (p.aliases ?? []).includes(name))
}

/**
 * Device parameters from the other system's name/value pairs: each name is matched against the
 * type's parameters and their aliases (the agent's metadata names, current or deprecated) and
 * stored under the current name, its value converted to the parameter's type. A name the type
 * does not know, or a value of the wrong kind, is left out with a note naming `where`.
 */
export function deviceParams(
  type: FenceType,
  pairs: readonly (readonly [string, unknown])[],
  where: string,
  notes: string[],
): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {}
  for (const [name, raw] of pairs) {
    const spec = specOf(type, name)
    if (!spec) {
      notes.push(`${where}: option ${name} is not a parameter of ${type.agent}; left out`)
      continue
    }
    const value = typedValue(spec, raw)
    if (value === undefined) {
      notes.push(`${where}: ${name}=${JSON.stringify(raw)} is not a valid ${spec.type}; left out`)
      continue
    }
    params[spec.name] = value
  }
  return params
}

function typedValue(spec: ParameterSpec, raw: unknown): ParamValue | undefined {
  switch (spec.type) {
    case 'boolean':
      // `lanplus` with no value (oVirt writes `lanplus` alone for "on").
      return raw === '' || raw === undefined ? true : looseBoolean(raw)
    case 'integer':
      return looseInteger(raw)
    case 'choice':
      // Written in another case by some systems (oVirt's `privlvl=OPERATOR`).
      return typeof raw === 'string'
        ? spec.choices?.find((c) => c.toLowerCase() === raw.trim().toLowerCase())
        : undefined
    default:
      if (typeof raw === 'string') return raw
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw)
      return undefined
  }
}

/** `base`, then `base-2`, `base-3`, … : the first not in `taken` (which it joins). */
export function uniqueId(base: string, taken: Set<string>): string {
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
  taken.add(id)
  return id
}

/** An id (DESIGN.md §2: letters, digits, `.`, `_`, `-`) made from any text. */
export function idFrom(text: string, fallback: string): string {
  const id = text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64)
  return id === '' ? fallback : id
}
