import { agentParameters, agentValueText } from '../../common/agentParameters'
import type { FenceType } from '../../common/plugins'

/** A resolved parameter value (secrets already read). */
export type PlainParam = string | number | boolean

/** The stdin for one agent call, and the same text with every secret shown as `***`. */
export interface AgentStdin {
  text: string
  redacted: string
}

function line(key: string, value: PlainParam): string {
  const text = agentValueText(value)
  // Validation rejects newlines; this guards the one place where a value becomes a stdin line.
  if (/[\r\n]/.test(text) || /[\r\n=]/.test(key))
    throw new Error(`parameter ${key} contains a newline`)
  return `${key}=${text}`
}

/**
 * Builds the `key=value` lines an agent reads on stdin (DESIGN.md §5): `action=` first, then the
 * type's fixed options, then the device's parameters, then the manifest default of every parameter
 * the device leaves unset (common/parameterDefaults.ts). In fence-agents stdin `port` is the plug.
 * `isSecret` decides which keys the redacted copy hides (the registry knows aliases too).
 */
export function buildAgentStdin(
  type: FenceType,
  action: 'on' | 'off' | 'status',
  params: Readonly<Record<string, PlainParam>>,
  isSecret: (key: string) => boolean,
): AgentStdin {
  const lines: { key: string; value: PlainParam }[] = [
    { key: 'action', value: action },
    ...agentParameters(type, params),
  ]
  const text = lines.map((l) => line(l.key, l.value)).join('\n') + '\n'
  const redacted =
    lines.map((l) => (isSecret(l.key) ? `${l.key}=***` : line(l.key, l.value))).join('\n') + '\n'
  return { text, redacted }
}
