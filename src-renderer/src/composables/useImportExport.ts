// Import a topology file (validated whole by the core; nothing is written when it fails) and
// export the stored one (secrets left out unless a person explicitly asks, past a warning).
import { h } from 'vue'
import { useDialog } from 'naive-ui'
import { EXPORT_SECRETS_CONFIRMATION } from '../../../src-main/common/api'
import { formatIssue } from '../../../src-main/common/validation'
import { plural } from '../lib/format'
import { useServices } from '../services'
import { usePlanStore } from '../stores/plan'
import { useTopologyStore } from '../stores/topology'
import { useUiStore } from '../stores/ui'

export function useImportExport() {
  const topology = useTopologyStore()
  const plan = usePlanStore()
  const ui = useUiStore()
  const dialog = useDialog()
  const services = useServices()

  async function importText(text: string, fileName: string): Promise<boolean> {
    try {
      const issues = await topology.importText(text)
      if (issues.length === 0) {
        ui.notify('success', `Imported ${fileName}.`)
        ui.select({ kind: 'engine' })
        void plan.refreshNow()
        return true
      }
      dialog.error({
        title: `${fileName} was not imported`,
        content: () =>
          h('div', { 'data-testid': 'import-issues' }, [
            h('p', `${plural(issues.length, 'problem')} — nothing was changed:`),
            h(
              'ul',
              { class: 'mono', style: 'max-height: 300px; overflow: auto; padding-left: 18px' },
              issues.map((i) => h('li', formatIssue(i))),
            ),
          ]),
        positiveText: 'Close',
      })
      return false
    } catch (error) {
      ui.notify('error', `Import failed: ${error instanceof Error ? error.message : String(error)}`)
      return false
    }
  }

  /** Asks for a file and imports it (after confirming when there are unsaved changes). */
  function pickAndImport(): void {
    const run = async () => {
      const file = await services.platform.pickTextFile('.json,application/json')
      if (file) await importText(file.text, file.name)
    }
    if (!topology.dirty) return void run()
    dialog.warning({
      title: 'Import over unsaved changes?',
      content: 'The imported topology replaces what you are editing. Undo brings it back.',
      positiveText: 'Choose file…',
      negativeText: 'Cancel',
      onPositiveClick: run,
    })
  }

  // Secrets never reach the renderer once saved, so the UI exports without them by default. With
  // `withSecrets` (the export dialog's explicit choice, past its warning) the core sends them once,
  // for this download: the text goes straight to the file and is kept in no store, log or undo.
  // The desktop app never asks here: its File > Export writes them from the main process.
  async function exportTopology(withSecrets = false): Promise<boolean> {
    try {
      const text = withSecrets
        ? await services.api.topology.exportText({
            includeSecrets: true,
            confirm: EXPORT_SECRETS_CONFIRMATION,
          })
        : await services.api.topology.exportText()
      services.platform.downloadText(
        withSecrets ? 'topology-with-secrets.json' : 'topology.json',
        text,
      )
      const what = withSecrets ? 'with plain secrets' : 'without secrets'
      ui.notify(
        withSecrets ? 'warning' : 'info',
        topology.dirty
          ? `Exported the saved topology ${what}; your unsaved changes are not in it.`
          : `Exported ${what}.`,
      )
      return true
    } catch (error) {
      ui.notify('error', `Export failed: ${error instanceof Error ? error.message : String(error)}`)
      return false
    }
  }

  return { importText, pickAndImport, exportTopology }
}
