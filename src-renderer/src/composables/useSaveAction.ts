// Saving from anywhere (Ctrl+S, the toolbar): save, then say what happened.
import { useDialog } from 'naive-ui'
import { isChangedElsewhere, useChangedElsewhereStore } from '../stores/changedElsewhere'
import { useTopologyStore } from '../stores/topology'
import { useUiStore } from '../stores/ui'
import { usePlanStore } from '../stores/plan'
import { plural } from '../lib/format'

export function useSaveAction() {
  const topology = useTopologyStore()
  const ui = useUiStore()
  const plan = usePlanStore()
  const dialog = useDialog()
  const changedElsewhere = useChangedElsewhereStore()

  /** A demo opened over a stored lab replaces that lab only when the admin says so. */
  function confirmReplace(): Promise<boolean> {
    return new Promise((resolve) => {
      dialog.warning({
        title: 'Replace your stored lab with the demo?',
        content:
          'The demo lab becomes the stored topology; what is stored now is replaced (a backup is kept).',
        positiveText: 'Replace and save',
        negativeText: 'Cancel',
        positiveButtonProps: { ...({ 'data-testid': 'demo-save-confirm' } as object) },
        onPositiveClick: () => resolve(true),
        onNegativeClick: () => resolve(false),
        onClose: () => resolve(false),
        onMaskClick: () => resolve(false),
      })
    })
  }

  async function save(): Promise<boolean> {
    if (!topology.loaded) return false
    if (!topology.dirty && topology.origin === 'store') {
      ui.notify('info', 'Nothing to save.')
      return true
    }
    if (topology.origin === 'demo' && topology.storeRevision > 0 && !(await confirmReplace()))
      return false
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
      // Based on an old revision: the admin chooses (reload, compare, overwrite); nothing is lost.
      if (isChangedElsewhere(error)) changedElsewhere.open('refused')
      else
        ui.notify('error', `Not saved: ${error instanceof Error ? error.message : String(error)}`)
      return false
    }
  }

  return { save }
}
