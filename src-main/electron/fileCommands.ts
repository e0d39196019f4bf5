// File > Import and File > Export: a file dialog, then the core. Import tells the UI to reload.
import { readFile, writeFile } from 'node:fs/promises'
import type { Dialog } from 'electron'
import type { MenuCommand, TopologyApi } from '../common/api'

/** The dialogs the commands use. */
export type FileDialogs = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showErrorBox'>

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
      const picked = await dialog.showSaveDialog({ defaultPath: 'topology.json' })
      if (picked.canceled || !picked.filePath) return
      try {
        await writeFile(picked.filePath, await topology.exportText(), { mode: 0o600 })
      } catch (error) {
        dialog.showErrorBox('The topology was not exported', errorText(error))
      }
    },
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
