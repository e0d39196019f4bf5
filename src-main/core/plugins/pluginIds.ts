/**
 * A plugin the user gets (generated from agent metadata): the ids it may take, and its file.
 * Plugin and device-type ids that a new plugin may take. The loader refuses a plugin whose id or
 * type id an earlier plugin owns (built-ins first), so a generated plugin must avoid them.
 */
import type { PluginManifest } from '../../common/plugins'
import { escapeForbiddenCharacters } from '../../common/text'
import type { PluginRegistry } from './registry'

/** Every plugin id and device-type id the loaded plugins own. */
export function takenPluginIds(registry: PluginRegistry): Set<string> {
  return new Set([
    ...registry.plugins().map((p) => p.manifest.id),
    ...registry.types().map((t) => t.id),
  ])
}

/** The first id of `manifest` (the plugin's, then its types') that is already taken. */
export function clashingId(
  manifest: PluginManifest,
  taken: ReadonlySet<string>,
): string | undefined {
  return [manifest.id, ...manifest.contributes.fenceTypes.map((t) => t.id)].find((id) =>
    taken.has(id),
  )
}

/** `base` when free, else `base-imported`, `base-imported-2`, … : the first free one. */
export function freePluginId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base
  let id = `${base}-imported`
  for (let n = 2; taken.has(id); n++) id = `${base}-imported-${n}`
  return id
}

/**
 * The text of a generated plugin.json. Metadata is the agent's text: no control or bidi character
 * of it goes into the file raw.
 */
export function manifestFileText(manifest: PluginManifest): string {
  return escapeForbiddenCharacters(JSON.stringify(manifest, null, 2), '\n') + '\n'
}
