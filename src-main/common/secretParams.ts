/**
 * Which device parameters hold secrets when no plugin says so (DESIGN.md §2: `password`,
 * `ssh.password`, anything a plugin marks secret). One rule for the core's import/export and the
 * renderer's change summaries; the plugin registry adds the plugins' `secret: true` on top.
 */
import type { ParameterSpec } from './plugins'

/** Whether a device parameter holds a secret (a plugin's `secret: true`). */
export type IsSecretParam = (deviceType: string, paramName: string) => boolean

/**
 * Names that hold a secret whatever a manifest says: `password`, `*_password`, `*_passwd`,
 * `community` (SNMP), `*_kg` (IPMI Kg key), `*secret*`, `token` / `*_token`, `*apikey*` / `*api_key*`.
 * (`token_file`, `tlskey`, `key` name files or reservation keys, not secrets.)
 */
const SECRET_NAME =
  /^(?:password|passwd|community|token)$|_(?:password|passwd|kg|token)$|secret|api_?key/

/** True when a parameter's name alone says it holds a secret. */
export function isSecretParameterName(name: string): boolean {
  return SECRET_NAME.test(name)
}

/**
 * The default {@link IsSecretParam} when no plugin information is given: by name only
 * ({@link isSecretParameterName}). `passwd_script` is a path, not a secret.
 */
export const defaultIsSecretParam: IsSecretParam = (_type, name) => isSecretParameterName(name)

/**
 * Whether parameter `name` of a fence type with `parameters` holds a secret: by its name, or
 * because the plugin marks it (or a parameter it is an alias of) `secret: true`.
 */
export function isSecretParameterOf(
  parameters: readonly ParameterSpec[] | undefined,
  name: string,
): boolean {
  if (isSecretParameterName(name)) return true
  const parameter = parameters?.find((p) => p.name === name || p.aliases?.includes(name))
  return parameter?.secret === true
}

/**
 * True for a value shaped as a secret held elsewhere — an object whose one key is `ref` or `env` —
 * whatever its parameter. Only a secret parameter may take one (validation says so).
 */
export function isSecretPointer(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const keys = Object.keys(value)
  return keys.length === 1 && (keys[0] === 'ref' || keys[0] === 'env')
}

/** True for a `{ ref }` value: a key into the secret store. */
export function isSecretRef(value: unknown): value is { ref: string } {
  return isSecretPointer(value) && typeof (value as { ref?: unknown }).ref === 'string'
}

/** True for an `{ env }` value: read from the environment at run time. */
export function isEnvSecret(value: unknown): value is { env: string } {
  return isSecretPointer(value) && typeof (value as { env?: unknown }).env === 'string'
}
