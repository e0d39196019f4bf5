/**
 * Checks of a manifest that its schema cannot express: names that collide, defaults of the wrong
 * type, `fixed` lines that shadow a parameter, a demo world naming a type or parameter it lacks. The loader runs them before any plugin code; a
 * manifest with any finding is not loaded.
 */
import type {
  DemoScenarioSetup,
  FenceType,
  ParameterSpec,
  PluginManifest,
} from '../../common/plugins'

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

/** The placeholders a scenario's intent may use, and the setups that know them. */
const INTENT_PLACEHOLDERS: Record<string, readonly DemoScenarioSetup[] | 'all'> = {
  host: 'all',
  device: ['reach-last-candidate-only'],
}

/** Findings for `contributes.demo`: it must name this plugin's own type and parameter. */
export function checkDemo(manifest: PluginManifest): string[] {
  const demo = manifest.contributes.demo
  if (!demo) return []
  const where = 'contributes.demo'
  const messages: string[] = []
  if (!manifest.main) {
    messages.push(`${where}: a simulated world needs a main module whose hooks drive it`)
  }
  const type = manifest.contributes.fenceTypes.find((t) => t.id === demo.fenceType)
  if (!type) {
    messages.push(`${where}.fenceType: "${demo.fenceType}" is not a fence type of this plugin`)
  } else if (!type.parameters.some((p) => p.name === demo.deviceParameter)) {
    messages.push(
      `${where}.deviceParameter: "${demo.deviceParameter}" is not a parameter of type "${type.id}"`,
    )
  }
  const ids = new Set<string>()
  demo.scenarios?.forEach((scenario, i) => {
    const at = `${where}.scenarios[${i}]`
    if (ids.has(scenario.id)) messages.push(`${at}.id: "${scenario.id}" is declared twice`)
    ids.add(scenario.id)
    for (const [, name] of scenario.intent.matchAll(/\{([^{}]*)\}/g)) {
      const known = INTENT_PLACEHOLDERS[name ?? '']
      if (known === undefined) {
        messages.push(`${at}.intent: {${name}} is not a placeholder (use {host} or {device})`)
      } else if (known !== 'all' && !known.includes(scenario.setup)) {
        messages.push(`${at}.intent: {${name}} is not known to the ${scenario.setup} setup`)
      }
    }
  })
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
  messages.push(...checkDemo(manifest))
  return messages
}
