// Saving from anywhere (Ctrl+S, the toolbar): save, then say what happened.
import { useTopologyStore } from '../stores/topology'
import { useUiStore } from '../stores/ui'
import { usePlanStore } from '../stores/plan'
import { plural } from '../lib/format'

export function useSaveAction() {
  const topology = useTopologyStore()
  const ui = useUiStore()
  const plan = usePlanStore()

  async function save(): Promise<boolean> {
    if (!topology.loaded) return false
    if (!topology.dirty && topology.origin === 'store') {
      ui.notify('info', 'Nothing to save.')
      return true
    }
    try {
      const ok = await topology.save()
      if (ok) {
        ui.notify('success', 'Saved.')
        void plan.refreshNow()
      } else {
        ui.notify('error', `Not saved: ${plural(topology.issues.length, 'problem')} to fix first.`)
        ui.problemsOpen = true
      }
      return ok
    } catch (error) {
      ui.notify('error', `Not saved: ${error instanceof Error ? error.message : String(error)}`)
      return false
    }
  }

  return { save }
}
