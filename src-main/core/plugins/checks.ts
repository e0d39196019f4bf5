/**
 * Checks of a manifest that its schema cannot express: names that collide, defaults of the wrong
 * type, `fixed` lines that shadow a parameter. The loader runs them before any plugin code; a
 * manifest with any finding is not loaded.
 */
import type { FenceType, ParameterSpec, PluginManifest } from '../../common/plugins'

/** Stdin keys a manifest may not declare: the action is always Fencepost's to send. */
const RESERVED_KEYS = new Set(['action', 'nodename'])

function checkDefault(where: string, parameter: ParameterSpec): string | undefined {
  const value = parameter.default
  if (value === undefined) return undefined
  switch (parameter.type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
        ? undefined
        : `${where}.default: must be a whole number`
    case 'number':
      return typeof value === 'number' ? undefined : `${where}.default: must be a number`
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${where}.default: must be true or false`
    case 'choice':
      return typeof value === 'string' && parameter.choices?.includes(value)
        ? undefined
        : `${where}.default: must be one of the choices`
    case 'string':
    case 'host':
      return typeof value === 'string' ? undefined : `${where}.default: must be text`
  }
}

/** Findings for one fence type; `where` is its JSON path in the manifest. */
export function checkFenceType(fenceType: FenceType, where: string): string[] {
  const messages: string[] = []
  const keys = new Map<string, string>() // stdin key → where it was declared
  const claim = (key: string, at: string): void => {
    if (RESERVED_KEYS.has(key)) messages.push(`${at}: "${key}" is reserved`)
    const earlier = keys.get(key)
    if (earlier) messages.push(`${at}: "${key}" is already declared at ${earlier}`)
    else keys.set(key, at)
  }
  fenceType.parameters.forEach((parameter, i) => {
    const at = `${where}.parameters[${i}]`
    claim(parameter.name, `${at}.name`)
    parameter.aliases?.forEach((alias, j) => claim(alias, `${at}.aliases[${j}]`))
    const badDefault = checkDefault(at, parameter)
    if (badDefault) messages.push(badDefault)
    if (parameter.choices && parameter.type !== 'choice') {
      messages.push(`${at}.choices: only a choice parameter has choices`)
    }
    if (parameter.secret && parameter.default !== undefined) {
      messages.push(`${at}.default: a secret parameter must not ship a default`)
    }
  })
  for (const key of Object.keys(fenceType.fixed ?? {})) {
    if (!/^[a-z][a-z0-9_]*$/.test(key)) messages.push(`${where}.fixed.${key}: not a parameter name`)
    else claim(key, `${where}.fixed.${key}`)
  }
  if (new Set(fenceType.actions).size !== fenceType.actions.length) {
    messages.push(`${where}.actions: an action is listed twice`)
  }
  return messages
}

/** Findings for a whole manifest (empty when it is sound). */
export function checkManifest(manifest: PluginManifest): string[] {
  const messages: string[] = []
  const seen = new Set<string>()
  manifest.contributes.fenceTypes.forEach((fenceType, i) => {
    const where = `contributes.fenceTypes[${i}]`
    if (seen.has(fenceType.id)) messages.push(`${where}.id: "${fenceType.id}" is declared twice`)
    seen.add(fenceType.id)
    messages.push(...checkFenceType(fenceType, where))
  })
  return messages
}
