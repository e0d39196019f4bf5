/**
 * What a manifest `default` means (DESIGN.md §6): the value a device's agent receives for a
 * parameter the device leaves unset — under its name or any alias. The core sends it on stdin (the
 * dry run shows it) and the device form shows it as the value in effect, so what the UI shows is
 * what is sent. `fixed` options of a type still win over both (see agentStdin.ts).
 */
import type { ParameterSpec } from './plugins'

/** A manifest default: text, a number or a boolean. */
export type ParameterDefault = NonNullable<ParameterSpec['default']>

/** True when `params` sets the parameter under its name or one of its aliases. */
export function setsParameter(
  params: Readonly<Record<string, unknown>>,
  spec: ParameterSpec,
): boolean {
  return [spec.name, ...(spec.aliases ?? [])].some(
    (key) => Object.hasOwn(params, key) && params[key] !== undefined,
  )
}

/**
 * The parameters an agent receives: every one the device sets, in its order, then the manifest
 * default of each parameter it leaves unset, in manifest order. Secret parameters never have a
 * default (the loader refuses a manifest that ships one).
 */
export function withParameterDefaults<T>(
  parameters: readonly ParameterSpec[],
  params: Readonly<Record<string, T>>,
): Record<string, T | ParameterDefault> {
  const result: Record<string, T | ParameterDefault> = { ...params }
  for (const spec of parameters) {
    if (spec.default === undefined || spec.secret || setsParameter(params, spec)) continue
    result[spec.name] = spec.default
  }
  return result
}
