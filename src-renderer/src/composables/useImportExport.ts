// Import a topology file and export the stored one. An import is read, checked by the core,
// compared with the document being edited and shown as that change before anything is saved; the
// person imports or cancels. Export leaves secrets out unless a person explicitly asks, past a
// warning.
import { h } from 'vue'
import { useDialog } from 'naive-ui'
import { EXPORT_SECRETS_CONFIRMATION } from '../../../src-main/common/api'
import {
  describeChanges,
  describeDocumentSize,
  summarizeChanges,
} from '../../../src-main/common/documentChanges'
import { FOREIGN_FORMAT_LABELS, formatOfFile } from '../../../src-main/common/foreignFormats'
import type { ForeignFile } from '../../../src-main/common/foreignFormats'
import { topologySizeProblem } from '../../../src-main/common/importLimits'
import { jsonSyntaxProblem } from '../../../src-main/common/jsonErrors'
import { formatIssue } from '../../../src-main/common/validation'
import type { ValidationIssue } from '../../../src-main/common/validation'
import { plural } from '../lib/format'
import { useServices } from '../services'
import type { PickedFile } from '../services'
import { useImportsStore } from '../stores/imports'
import { usePlanStore } from '../stores/plan'
import { usePluginsStore } from '../stores/plugins'
import { useTopologyStore } from '../stores/topology'
import { useUiStore } from '../stores/ui'

// A Fencepost document, oVirt's API answers (several at once) or a Pacemaker CIB.
const IMPORT_ACCEPT = '.json,.xml,application/json,application/xml,text/xml'

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

export function useImportExport() {
  const topology = useTopologyStore()
  const plan = usePlanStore()
  const plugins = usePluginsStore()
  const imports = useImportsStore()
  const ui = useUiStore()
  const dialog = useDialog()
  const services = useServices()

  function notImported(fileName: string, issues: ValidationIssue[]): false {
    imports.finish()
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
  }

  /** What the import would change in the edited document, in words (secrets by presence only). */
  function changesOf(imported: Parameters<typeof summarizeChanges>[1]): string[] {
    const current = topology.document
    if (!current) return ['The imported topology becomes the lab.']
    return describeChanges(
      summarizeChanges(current, imported, {
        isSecretParam: plugins.isSecret,
        paramLabel: (type, name) =>
          plugins.typeOf(type)?.parameters.find((p) => p.name === name)?.label,
      }),
    )
  }

  /**
   * The document in the picked files' text: a Fencepost document as it is (`parsed` when it is
   * JSON), another system's files translated by the core, with where they came from and what
   * was lost noted for the confirmation. Issues when neither works.
   */
  async function documentOf(
    files: ForeignFile[],
  ): Promise<{ parsed: unknown; text: string } | { issues: ValidationIssue[] }> {
    const [only] = files
    if (only && files.length === 1) {
      let parsed: unknown
      try {
        parsed = JSON.parse(only.text)
      } catch (error) {
        if (formatOfFile(only) === 'fencepost')
          return {
            issues: [
              { path: '(document)', message: `not valid JSON: ${jsonSyntaxProblem(error)}` },
            ],
          }
      }
      if (formatOfFile(only, parsed) === 'fencepost') return { parsed, text: only.text }
    }
    try {
      const translated = await services.api.topology.translateForeign({ files })
      const from = FOREIGN_FORMAT_LABELS[translated.format]
      imports.translated(
        `From ${from}: ${describeDocumentSize(translated.document)}`,
        translated.notes,
      )
      return { parsed: translated.document, text: JSON.stringify(translated.document) }
    } catch (error) {
      return { issues: [{ path: '', message: errorText(error) }] }
    }
  }

  /**
   * Imports picked files: read, translated when another system's (oVirt's answers, a Pacemaker
   * CIB), checked, compared and confirmed before it is saved. Returns true when it was imported;
   * Cancel (at any stage before saving) changes nothing.
   */
  async function importFiles(picked: PickedFile[]): Promise<boolean> {
    const name = picked.map((f) => f.name).join(', ')
    const size = picked.reduce((n, f) => n + f.size, 0)
    const tooBig = topologySizeProblem(size)
    if (tooBig) return notImported(name, [{ path: '', message: tooBig }])
    imports.start(name, size)
    try {
      const files = await Promise.all(
        picked.map(async (f) => ({ name: f.name, text: await f.text() })),
      )
      if (!imports.active()) return false
      imports.advance('checking')
      const read = await documentOf(files)
      if (!imports.active()) return false
      if ('issues' in read) return notImported(name, read.issues)
      const checked = await services.api.topology.validate(read.parsed)
      if (!imports.active()) return false
      if (!checked.ok) return notImported(name, checked.issues)
      imports.advance('comparing')
      const lines = changesOf(checked.document)
      if (!(await imports.confirm(describeDocumentSize(checked.document), lines))) {
        imports.finish()
        return false
      }
      imports.advance('importing')
      const issues = await topology.importText(read.text)
      if (issues.length > 0) return notImported(name, issues)
      imports.finish()
      ui.notify('success', `Imported ${name}. Undo (Ctrl+Z) brings back the previous lab.`)
      ui.select({ kind: 'engine' })
      void plan.refreshNow()
      return true
    } catch (error) {
      imports.finish()
      ui.notify('error', `Import failed: ${errorText(error)}`)
      return false
    }
  }

  /** Imports one picked file (see {@link importFiles}). */
  function importFile(file: PickedFile): Promise<boolean> {
    return importFiles([file])
  }

  /** Imports JSON text as if read from a file called `fileName`. */
  function importText(text: string, fileName: string): Promise<boolean> {
    const size = new TextEncoder().encode(text).length
    return importFile({ name: fileName, size, text: async () => text })
  }

  /** Asks for a file and imports it (its confirmation says when unsaved edits are replaced). */
  function pickAndImport(): void {
    void (async () => {
      const files = await services.platform.pickTextFiles(IMPORT_ACCEPT)
      if (files.length > 0) await importFiles(files)
    })()
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

  return { importFile, importFiles, importText, pickAndImport, exportTopology }
}
