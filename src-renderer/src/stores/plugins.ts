// Device types and plugin diagnostics, loaded once; the device forms are generated from them.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { PluginInfo } from '../../../src-main/common/api'
import type {
  DemoContribution,
  FenceType,
  PluginDiagnostic,
} from '../../../src-main/common/plugins'
import { isSecretParameterOf } from '../../../src-main/common/secretParams'
import { useApi } from '../services'

/** A device type with the plugin that contributes it. */
export interface DeviceType extends FenceType {
  plugin: string
  pluginName: string
  source: PluginInfo['source']
}

export const usePluginsStore = defineStore('plugins', () => {
  const plugins = ref<PluginInfo[]>([])
  const diagnostics = ref<PluginDiagnostic[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string>()

  const types = computed<DeviceType[]>(() =>
    plugins.value.flatMap((plugin) =>
      plugin.fenceTypes.map((type) => ({
        ...type,
        plugin: plugin.id,
        pluginName: plugin.name,
        source: plugin.source,
      })),
    ),
  )

  const typeById = computed(() => new Map(types.value.map((t) => [t.id, t])))

  /** The demo lab's simulated world (`contributes.demo` of the plugin that brings it), if any. */
  const demo = computed<DemoContribution | undefined>(() => plugins.value.find((p) => p.demo)?.demo)

  async function load(force = false): Promise<void> {
    if ((loaded.value && !force) || loading.value) return
    loading.value = true
    error.value = undefined
    try {
      const api = useApi()
      const [list, diags] = await Promise.all([api.plugins.list(), api.plugins.diagnostics()])
      plugins.value = list
      diagnostics.value = diags
      loaded.value = true
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
    } finally {
      loading.value = false
    }
  }

  function typeOf(id: string): DeviceType | undefined {
    return typeById.value.get(id)
  }

  /** True if a parameter of a device type is secret (unknown types: by name, to be safe). */
  /** Whether a parameter holds a secret: the one rule of common/secretParams. */
  function isSecret(typeId: string, param: string): boolean {
    return isSecretParameterOf(typeOf(typeId)?.parameters, param)
  }

  return { plugins, diagnostics, loaded, loading, error, types, demo, load, typeOf, isSecret }
})
