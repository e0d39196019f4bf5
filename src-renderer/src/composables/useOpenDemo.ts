// The way back to the demo lab from anywhere (File menu, the empty engine page, the banner), and
// the way back from it to the stored lab. The demo opened so is throw-away: never saved on its own.
import { useDialog } from 'naive-ui'
import { usePlanStore } from '../stores/plan'
import { useTopologyStore } from '../stores/topology'
import { useUiStore } from '../stores/ui'

export function useOpenDemo() {
  const topology = useTopologyStore()
  const plan = usePlanStore()
  const ui = useUiStore()
  const dialog = useDialog()

  /** Runs `go`, asking first when unsaved edits would be dropped. */
  function unlessDirty(title: string, positiveText: string, go: () => Promise<void>): void {
    if (!topology.dirty) return void go()
    dialog.warning({
      title,
      content: 'Your unsaved changes are dropped.',
      positiveText,
      negativeText: 'Keep editing',
      positiveButtonProps: { ...({ 'data-testid': 'open-demo-discard' } as object) },
      onPositiveClick: () => void go(),
    })
  }

  /** Opens the demo lab without touching the store. */
  function openDemo(): void {
    unlessDirty('Open the demo lab?', 'Open the demo', async () => {
      try {
        await topology.openDemo()
        ui.showView('editor')
        const first = topology.document?.hosts.find((h) => h.powerManagement?.devices.length)
        ui.select(first ? { kind: 'host', id: first.id } : { kind: 'engine' })
        ui.notify('info', 'Opened the demo lab. Your stored lab is unchanged.')
        void plan.refreshNow()
      } catch (error) {
        ui.notify('error', `Could not open the demo lab: ${(error as Error).message}`)
      }
    })
  }

  /** Leaves the demo for the stored lab. */
  function backToStored(): void {
    unlessDirty('Back to your lab?', 'Back to my lab', async () => {
      await topology.load()
      ui.select({ kind: 'engine' })
      void plan.refreshNow()
    })
  }

  return { openDemo, backToStored }
}
