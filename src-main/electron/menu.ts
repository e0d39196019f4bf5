// The application menu. Editing commands go to the UI (MENU_COMMAND_CHANNEL), which owns the
// unsaved document: import too, so it is confirmed there against what is being edited and stays
// undoable; export (which may write secrets) is a file dialog in the main process.
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../common/api'

/** A theme the View menu can pick. */
export type ThemeSource = 'light' | 'dark' | 'system'

/** What the menu's items do. */
export interface MenuActions {
  /** Sends a command to the UI. */
  send(command: MenuCommand): void
  exportFile(): Promise<void>
  setTheme(theme: ThemeSource): void
}

/** The menu template (File, Edit, View). */
export function menuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  const send = (command: MenuCommand) => () => actions.send(command)
  return [
    {
      label: 'File',
      submenu: [
        { label: 'Import…', accelerator: 'CmdOrCtrl+O', click: send('import') },
        { label: 'Export…', click: () => void actions.exportFile() },
        { label: 'Backups…', click: send('backups') },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send('save') },
        { type: 'separator' },
        { label: 'Open the demo lab', click: send('open-demo') },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: send('undo') },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', click: send('redo') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Light theme', click: () => actions.setTheme('light') },
        { label: 'Dark theme', click: () => actions.setTheme('dark') },
        { label: 'System theme', click: () => actions.setTheme('system') },
        { type: 'separator' },
        { role: 'toggleDevTools' },
      ],
    },
  ]
}
