/** Naming rules for fence agent parameters that the importer and the registry share. */

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
