// Closing with unsaved changes. The UI's beforeunload guard blocks the unload; Electron then emits
// `will-prevent-unload`, which would otherwise keep the window open without a word. The user picks:
// close and lose the changes, or cancel (the default, and what Escape does).
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron'

/** The question asked, with "Cancel" as default and cancel button. */
export const UNSAVED_CLOSE_DIALOG: MessageBoxOptions = {
  type: 'question',
  buttons: ['Close without saving', 'Cancel'],
  defaultId: 1,
  cancelId: 1,
  message: 'The topology has unsaved changes.',
  detail: 'Close Fencepost and lose them?',
}

/** Asks before an unload the UI blocked; closing proceeds only on "Close without saving". */
export function guardUnsavedClose(
  window: BrowserWindow,
  dialog: Pick<Dialog, 'showMessageBoxSync'>,
): void {
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, UNSAVED_CLOSE_DIALOG)
    // preventDefault on this event means "ignore the beforeunload handler": the window closes.
    if (choice === 0) event.preventDefault()
  })
}
