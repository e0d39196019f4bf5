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

  // Secrets never reach the renderer once saved, so the UI exports without them; the CLI's
  // `fencepost export --include-secrets` writes them where a person asks for it explicitly.
  async function exportTopology(): Promise<void> {
    try {
      services.platform.downloadText('topology.json', await services.api.topology.exportText())
      ui.notify(
        'info',
        topology.dirty
          ? 'Exported the saved topology without secrets; your unsaved changes are not in it.'
          : 'Exported without secrets (`fencepost export --include-secrets` writes them).',
      )
    } catch (error) {
      ui.notify('error', `Export failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  return { importText, pickAndImport, exportTopology }
}
