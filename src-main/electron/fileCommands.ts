// File > Export: a file dialog, then the core. (File > Import is the UI's: it confirms the change
// against the document being edited and keeps it undoable.) Export asks whether to include the secrets; when a person chooses to (past a warning), this
// process writes them straight from the core to the file, so they never reach the page.
import { writeFile } from 'node:fs/promises'
import type { Dialog } from 'electron'
import { EXPORT_SECRETS_CONFIRMATION } from '../common/api'
import type { TopologyApi } from '../common/api'

/** The dialogs the commands use. */
export type FileDialogs = Pick<
  Dialog,
  'showOpenDialog' | 'showSaveDialog' | 'showErrorBox' | 'showMessageBox'
>

/** Asks with secrets left out as the default; true only after the warning's explicit button. */
async function chooseSecrets(dialog: FileDialogs): Promise<boolean | undefined> {
  const choice = await dialog.showMessageBox({
    type: 'question',
    title: 'Export the topology',
    message: 'Export the topology',
    detail: 'Saved secrets (passwords) are left out unless you include them.',
    buttons: ['Export without secrets', 'Include secrets…', 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  })
  if (choice.response === 2) return undefined
  if (choice.response !== 1) return false
  const warning = await dialog.showMessageBox({
    type: 'warning',
    title: 'Export with plain secrets?',
    message: 'The file will hold every saved password in plain text',
    detail:
      'Anyone who can read the file can power the machines on and off. Keep it somewhere only you ' +
      'can read, and delete it when done.',
    buttons: ['Write plain secrets', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  })
  return warning.response === 0 ? true : undefined
}

/** Builds the export command of the File menu. */
export function createFileCommands(
  dialog: FileDialogs,
  topology: Pick<TopologyApi, 'exportText'>,
): { exportFile(): Promise<void> } {
  return {
    async exportFile() {
      const includeSecrets = await chooseSecrets(dialog)
      if (includeSecrets === undefined) return
      const picked = await dialog.showSaveDialog({
        defaultPath: includeSecrets ? 'topology-with-secrets.json' : 'topology.json',
      })
      if (picked.canceled || !picked.filePath) return
      try {
        const text = includeSecrets
          ? await topology.exportText({ includeSecrets, confirm: EXPORT_SECRETS_CONFIRMATION })
          : await topology.exportText()
        await writeFile(picked.filePath, text, { mode: 0o600 })
      } catch (error) {
        dialog.showErrorBox('The topology was not exported', errorText(error))
      }
    },
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
