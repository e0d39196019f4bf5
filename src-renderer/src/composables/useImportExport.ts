// Import a topology file (validated whole by the core; nothing is written when it fails) and
// export the stored one (secrets left out unless asked).
import { h } from 'vue'
import { useDialog } from 'naive-ui'
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

  async function exportTopology(includeSecrets: boolean): Promise<void> {
    const go = async () => {
      try {
        const text = await services.api.topology.exportText(includeSecrets)
        services.platform.downloadText(
          includeSecrets ? 'topology-with-secrets.json' : 'topology.json',
          text,
        )
        if (topology.dirty)
          ui.notify('warning', 'Exported the saved topology; your unsaved changes are not in it.')
      } catch (error) {
        ui.notify(
          'error',
          `Export failed: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    }
    if (!includeSecrets) return go()
    dialog.warning({
      title: 'Export with secrets?',
      content: 'Passwords will be written in plain text into the file. Keep it somewhere safe.',
      positiveText: 'Export with secrets',
      negativeText: 'Cancel',
      onPositiveClick: go,
    })
  }

  return { importText, pickAndImport, exportTopology }
}
