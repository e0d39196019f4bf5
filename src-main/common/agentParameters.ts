/**
 * What a device's agent receives (DESIGN.md §5, §6), apart from `action=`: one rule for the stdin
 * the core writes and for the exports that hand the same device to another engine (oVirt), so a
 * device behaves the same wherever its agent runs.
 */
import { withParameterDefaults } from './parameterDefaults'
import type { ParameterDefault } from './parameterDefaults'
import type { FenceType, ParameterSpec } from './plugins'

/** A value a fixed option of a fence type may take. */
export type FixedValue = NonNullable<FenceType['fixed']>[string]

/** One option an agent receives: its stdin key and its value. */
export interface AgentParameter<T> {
  key: string
  value: T | ParameterDefault | FixedValue
}

/**
 * The options an agent receives, in stdin order, `action` left out: the type's fixed options,
 * then every parameter the device sets (in its order, keys as the device spells them), then the
 * manifest default of each parameter it leaves unset. A fixed option wins over the device's value.
 */
export function agentParameters<T>(
  type: Pick<FenceType, 'parameters' | 'fixed'>,
  params: Readonly<Record<string, T>>,
): AgentParameter<T>[] {
  const fixed = type.fixed ?? {}
  const result: AgentParameter<T>[] = Object.entries(fixed).map(([key, value]) => ({ key, value }))
  for (const [key, value] of Object.entries(withParameterDefaults(type.parameters, params))) {
    if (Object.hasOwn(fixed, key) || key === 'action') continue
    result.push({ key, value })
  }
  return result
}

/** A plain value as an agent reads it: booleans as `1` / `0` (fence-agents' own spelling). */
export function agentValueText(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
}

/**
 * The manifest parameter a stdin key stands for: the one of that name, else the one that lists it
 * among its aliases (the agent's deprecated names). Undefined for a key the manifest lacks.
 */
export function parameterOfKey(
  parameters: readonly ParameterSpec[],
  key: string,
): ParameterSpec | undefined {
  return parameters.find((p) => p.name === key) ?? parameters.find((p) => p.aliases?.includes(key))
}
