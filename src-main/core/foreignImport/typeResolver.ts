/**
 * Device types for the agents another system names: an existing type when one fits, else one
 * generated from the agent's metadata as `fencepost plugins import-metadata` does, keeping the
 * other system's name for it.
 */
import type { ForeignFormat } from '../../common/foreignFormats'
import type { FenceType, PluginManifest } from '../../common/plugins'
import { importMetadata } from '../plugins/importMetadata'
import { freePluginId } from '../plugins/pluginIds'
import type { ResolveType } from './foreignImport'

/** Options of {@link createTypeResolver}. */
export interface TypeResolverOptions {
  /** The device types of the loaded plugins. */
  types: readonly FenceType[]
  /** Plugin and type ids already taken (`takenPluginIds`): a generated plugin avoids them. */
  taken: ReadonlySet<string>
  /** The metadata XML of an agent (`fence_X -o metadata`); rejects when it cannot be had. */
  metadata: (agent: string) => Promise<string>
}

/**
 * What a `metadata` function rejects with where no plugin can be generated: the app, whose
 * plugins are fixed for the core's life. The note then names the commands that add the plugin.
 */
export class PluginsFixedError extends Error {
  constructor(readonly format: ForeignFormat) {
    super('the app cannot add plugins while it runs')
    this.name = 'PluginsFixedError'
  }
}

/** A {@link ResolveType} and the plugins it generated. */
export interface TypeResolver {
  resolve: ResolveType
  generated: () => PluginManifest[]
}

/** A type id as the plugin manifests write them: `apc_snmp` → `apc-snmp`. */
export function typeIdOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/^fence_/, '')
    .replace(/_/g, '-')
}

/**
 * Resolution: the type whose id is the other system's name (`ilo4`, `apc-snmp`, `ipmilan` for
 * Pacemaker's `fence_ipmilan`); else a plugin generated from `agent`'s metadata under that name,
 * so a `drac7` stays a `drac7` even though it runs fence_ipmilan. Each name is generated once.
 */
export function createTypeResolver(options: TypeResolverOptions): TypeResolver {
  const types = [...options.types]
  const generated: PluginManifest[] = []
  const taken = new Set(options.taken)
  const failed = new Set<string>()

  const resolve: ResolveType = async (agent, name, notes) => {
    const id = typeIdOf(name)
    const known = types.find((t) => t.id === id)
    if (known) return known
    if (failed.has(id)) return undefined
    try {
      const xml = await options.metadata(agent)
      const pluginId = freePluginId(id, taken)
      const { manifest } = importMetadata(xml, { agent, id: pluginId })
      generated.push(manifest)
      taken.add(pluginId)
      types.push(...manifest.contributes.fenceTypes)
      notes.push(
        `type ${name}: no plugin had it; generated plugin "${pluginId}" from ${agent}'s metadata`,
      )
      return manifest.contributes.fenceTypes[0]
    } catch (error) {
      failed.add(id)
      if (error instanceof PluginsFixedError) {
        notes.push(
          `type ${name} has no plugin, so its devices are left out: run ` +
            `\`fencepost import --from ${error.format} FILE\` (which generates it) or ` +
            `\`fencepost plugins import-metadata ${agent} --id ${freePluginId(id, taken)}\`, ` +
            'then restart Fencepost',
        )
        return undefined
      }
      const why = error instanceof Error ? error.message : String(error)
      notes.push(
        `type ${name}: no plugin has it and ${agent}'s metadata could not be read (${why}); ` +
          `its devices are left out — run \`fencepost plugins import-metadata ${agent} --via PROXY\` ` +
          'on a machine that has the agent, then import again',
      )
      return undefined
    }
  }
  return { resolve, generated: () => [...generated] }
}
