// The app's settings (SSH defaults, fencing timeouts) and the SSH host keys it trusts.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppSettings, KnownHost } from '../../../src-main/common/api'
import { useApi } from '../services'

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<AppSettings>()
  const knownHosts = ref<KnownHost[]>([])
  const loading = ref(false)
  const saving = ref(false)
  const error = ref<string>()

  async function load(): Promise<void> {
    loading.value = true
    error.value = undefined
    try {
      const api = useApi().settings
      const [s, hosts] = await Promise.all([api.get(), api.knownHosts()])
      settings.value = s
      knownHosts.value = hosts
    } catch (e) {
      error.value = errorText(e)
    } finally {
      loading.value = false
    }
  }

  /** Saves; returns true when stored (the stored version replaces the local one). */
  async function save(next: AppSettings): Promise<boolean> {
    saving.value = true
    error.value = undefined
    try {
      settings.value = await useApi().settings.set(JSON.parse(JSON.stringify(next)) as AppSettings)
      return true
    } catch (e) {
      error.value = errorText(e)
      return false
    } finally {
      saving.value = false
    }
  }

  async function forget(hostPort: string): Promise<void> {
    try {
      knownHosts.value = await useApi().settings.forgetHost(hostPort)
    } catch (e) {
      error.value = errorText(e)
    }
  }

  return { settings, knownHosts, loading, saving, error, load, save, forget }
})
