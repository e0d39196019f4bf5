// The demo lab's simulated faults.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { NO_DEMO_FAULTS } from '../../../src-main/common/api'
import type { DemoFaults } from '../../../src-main/common/api'
import { useApi } from '../services'

/** No faults at all. */
export const NO_FAULTS: DemoFaults = NO_DEMO_FAULTS

/** Every fault list of the panel. */
export const FAULT_KINDS = Object.keys(NO_FAULTS) as (keyof DemoFaults)[]

/** The `cutOff` key of a BMC that a proxy cannot reach (the one rule, in common). */
export { cutOffKey } from '../../../src-main/common/demoScenarios'

/** The BMC and proxy of a `cutOff` key. */
export function parseCutOff(key: string): { bmc: string; proxy: string } {
  const at = key.lastIndexOf('|')
  return at < 0 ? { bmc: key, proxy: '' } : { bmc: key.slice(0, at), proxy: key.slice(at + 1) }
}

export const useDemoStore = defineStore('demo', () => {
  const faults = ref<DemoFaults>({ ...NO_FAULTS })
  const loaded = ref(false)
  const busy = ref(false)
  const error = ref<string>()

  const faultCount = computed(() =>
    FAULT_KINDS.reduce((sum, kind) => sum + (faults.value[kind]?.length ?? 0), 0),
  )

  async function load(): Promise<void> {
    try {
      faults.value = await useApi().demo.faults()
      loaded.value = true
      error.value = undefined
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
    }
  }

  async function set(next: DemoFaults): Promise<void> {
    busy.value = true
    try {
      // Plain data: the lists of `faults` are reactive proxies, which Electron's IPC (a structured
      // clone) refuses — toggling a fault failed in the desktop app with "could not be cloned".
      faults.value = await useApi().demo.setFaults(JSON.parse(JSON.stringify(next)) as DemoFaults)
      error.value = undefined
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
    } finally {
      busy.value = false
    }
  }

  /** Adds or removes one entry of one fault list. */
  async function toggle(kind: keyof DemoFaults, entry: string, on: boolean): Promise<void> {
    const list = (faults.value[kind] ?? []).filter((e) => e !== entry)
    if (on) list.push(entry)
    await set({ ...faults.value, [kind]: list })
  }

  function has(kind: keyof DemoFaults, entry: string): boolean {
    return faults.value[kind]?.includes(entry) ?? false
  }

  async function clear(): Promise<void> {
    await set({ ...NO_FAULTS })
  }

  return { faults, loaded, busy, error, faultCount, load, set, toggle, has, clear }
})
