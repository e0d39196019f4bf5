// File > Import and File > Export: a file dialog, then the core. Import tells the UI to reload.
// Export asks whether to include the secrets; when a person chooses to (past a warning), this
// process writes them straight from the core to the file, so they never reach the page.
import { readFile, writeFile } from 'node:fs/promises'
import type { Dialog } from 'electron'
import { EXPORT_SECRETS_CONFIRMATION } from '../common/api'
import type { MenuCommand, TopologyApi } from '../common/api'

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

/** Builds the import and export commands of the File menu. */
export function createFileCommands(
  dialog: FileDialogs,
  topology: Pick<TopologyApi, 'importText' | 'exportText'>,
  send: (command: MenuCommand) => void,
): { importFile(): Promise<void>; exportFile(): Promise<void> } {
  return {
    async importFile() {
      const picked = await dialog.showOpenDialog({
        filters: [{ name: 'JSON', extensions: ['json'] }],
        properties: ['openFile'],
      })
      const file = picked.filePaths[0]
      if (picked.canceled || !file) return
      try {
        const result = await topology.importText(await readFile(file, 'utf8'))
        if (!result.ok) {
          dialog.showErrorBox(
            'The file was not imported',
            result.issues.map((i) => `${i.path}: ${i.message}`).join('\n'),
          )
          return
        }
      } catch (error) {
        dialog.showErrorBox('The file was not imported', errorText(error))
        return
      }
      send('reload')
    },
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
