/**
 * The plugin registry: the device types the loaded plugins contribute, their hooks, and the
 * diagnostics of the plugins that did not load. Built by `loadPlugins`, or directly from manifests
 * with {@link createPluginRegistry} (tests, tools).
 */
import type {
  DemoContribution,
  FenceType,
  ParameterSpec,
  PluginDiagnostic,
  PluginManifest,
} from '../../common/plugins'
import { isSecretParameterOf } from '../../common/secretParams'
import type { PluginHooks } from './pluginApi'

/** Where a plugin came from: the app's `plugins/` folder or the user's `<appData>/plugins`. */
export type PluginSource = 'builtin' | 'user'

/** A plugin that loaded. */
export interface LoadedPlugin {
  manifest: PluginManifest
  source: PluginSource
  /** Absolute path of the plugin's folder. */
  folder: string
}

/** What the rest of the core asks about device types. */
export interface PluginRegistry {
  /** Every device type of every loaded plugin, builtin plugins first, each in manifest order. */
  types(): FenceType[]
  /** One device type. */
  type(id: string): FenceType | undefined
  /** The plugins that loaded. */
  plugins(): LoadedPlugin[]
  /** The plugin that contributes a device type. */
  pluginOf(typeId: string): LoadedPlugin | undefined
  /** Why plugins (or the plugin folders) could not be loaded. */
  diagnostics(): PluginDiagnostic[]
  /** The code hooks of the plugin that contributes a type, if it has a `main`. */
  hooksOf(typeId: string): PluginHooks | undefined
  /**
   * True when the type runs in-process through its plugin's `execute` hook (the `sim`), so no
   * proxy needs its agent installed.
   */
  runsInProcess(typeId: string): boolean
  /**
   * True when a device parameter must be treated as a secret: the type marks it (or the parameter
   * it is an alias of) secret, or its name says so (`password`, `*_password`, `community`, …),
   * whatever the type — also for unknown types and undeclared parameters.
   */
  isSecretParam(typeId: string, name: string): boolean
  /** The parameters of a type. */
  parametersOf(typeId: string): ParameterSpec[] | undefined
  /** The agent a type runs (`fence_ipmilan`, …). */
  agentOf(typeId: string): string | undefined
  /**
   * The plugin that contributes the demo lab's simulated world (`contributes.demo`), if one
   * loaded; `simWorld.ts` drives the world through its `control` hook.
   */
  demo(): DemoProvider | undefined
}

/** The demo lab's simulated world: the plugin that contributes it and the hook that drives it. */
export interface DemoProvider {
  plugin: LoadedPlugin
  contribution: DemoContribution
  /** The plugin's `control` hook (the loader refuses a demo plugin without one). */
  control: NonNullable<PluginHooks['control']>
}

/** A plugin as the registry holds it. */
export interface RegistryEntry extends LoadedPlugin {
  hooks?: PluginHooks
}

/**
 * Builds a registry from plugins already checked and activated. A type id that an earlier entry
 * already contributes is ignored here; `loadPlugins` diagnoses such clashes before this point.
 */
export function createPluginRegistry(
  entries: readonly RegistryEntry[],
  diagnostics: readonly PluginDiagnostic[] = [],
): PluginRegistry {
  const byType = new Map<string, { type: FenceType; entry: RegistryEntry }>()
  for (const entry of entries) {
    for (const type of entry.manifest.contributes.fenceTypes) {
      if (!byType.has(type.id)) byType.set(type.id, { type, entry })
    }
  }
  const loaded = entries.map(({ manifest, source, folder }) => ({ manifest, source, folder }))
  const diagnosticsCopy = diagnostics.map((d) => ({ ...d, messages: [...d.messages] }))
  const demoEntry = entries.find((e) => e.manifest.contributes.demo && e.hooks?.control)
  const demoProvider: DemoProvider | undefined =
    demoEntry?.manifest.contributes.demo && demoEntry.hooks?.control
      ? {
          plugin: {
            manifest: demoEntry.manifest,
            source: demoEntry.source,
            folder: demoEntry.folder,
          },
          contribution: demoEntry.manifest.contributes.demo,
          control: demoEntry.hooks.control,
        }
      : undefined

  const registry: PluginRegistry = {
    types: () => [...byType.values()].map((t) => t.type),
    type: (id) => byType.get(id)?.type,
    plugins: () => [...loaded],
    pluginOf: (typeId) => {
      const entry = byType.get(typeId)?.entry
      return entry
        ? { manifest: entry.manifest, source: entry.source, folder: entry.folder }
        : undefined
    },
    diagnostics: () => diagnosticsCopy.map((d) => ({ ...d, messages: [...d.messages] })),
    hooksOf: (typeId) => byType.get(typeId)?.entry.hooks,
    runsInProcess: (typeId) => typeof byType.get(typeId)?.entry.hooks?.execute === 'function',
    isSecretParam: (typeId, name) => isSecretParameterOf(byType.get(typeId)?.type.parameters, name),
    parametersOf: (typeId) => byType.get(typeId)?.type.parameters,
    agentOf: (typeId) => byType.get(typeId)?.type.agent,
    demo: () => demoProvider,
  }
  return registry
}
