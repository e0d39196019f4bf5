// The hosts' known power (DESIGN.md §4) as the core recorded it: which hosts an action or a status
// confirmed off (no proxy until a status says on). Read again after every finished action and
// whenever another lab is loaded; when it changed, the plans are made again.
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { FencingEvent } from '../../../src-main/common/api'
import { knownOffSince } from '../../../src-main/common/knownPower'
import type { KnownPower } from '../../../src-main/common/knownPower'
import { useApi } from '../services'
import { usePlanStore } from './plan'
import { useTopologyStore } from './topology'

export const useKnownPowerStore = defineStore('knownPower', () => {
  const topology = useTopologyStore()
  const records = ref<KnownPower[]>([])
  let seq = 0

  /** Reads the known power of the lab on screen (the demo lab's apart); re-plans on a change. */
  async function refresh(): Promise<void> {
    const mine = ++seq
    const api = useApi().fencing
    try {
      // An absent argument, not `undefined`: over HTTP it would arrive as null.
      const next =
        topology.origin === 'demo' ? await api.knownPower('demo') : await api.knownPower()
      if (mine !== seq) return
      const changed = JSON.stringify(next) !== JSON.stringify(records.value)
      records.value = next
      if (changed) void usePlanStore().refreshNow()
    } catch {
      // Nothing known is the safe reading: the plans then reject nobody for power.
      if (mine === seq) records.value = []
    }
  }

  /** When the host was confirmed off (ISO time), or undefined when it is not known off. */
  function offSince(hostId: string | undefined): string | undefined {
    return hostId === undefined ? undefined : knownOffSince(records.value, hostId)
  }

  useApi().fencing.onEvent((event: FencingEvent) => {
    if (event.kind === 'finished' && !event.result.dryRunSteps) void refresh()
  })
  // A document replaced (loaded, reloaded, the demo opened) may be another lab.
  watch([() => topology.document, () => topology.origin], () => void refresh(), {
    immediate: true,
  })

  return { records, refresh, offSince }
})
