// Tells the user, once per start, what the secret store could not do (no keyring: passwords in the
// encrypted file; old passwords that could not be moved). A non-modal message box over the window:
// visible, but it blocks nothing. "Don't show this again" silences that exact text.
import type { BrowserWindow, Dialog } from 'electron'

/** Where dismissed warnings are remembered. */
export interface DismissedWarnings {
  has(text: string): boolean
  add(text: string): void
}

/** The title of the message box. */
export const SECRET_WARNING_TITLE = 'About stored passwords'

/** Shows the warnings not dismissed before; resolves when the user closed the box. */
export async function showSecretWarnings(
  dialog: Pick<Dialog, 'showMessageBox'>,
  window: BrowserWindow,
  warnings: readonly string[],
  dismissed: DismissedWarnings,
): Promise<void> {
  const shown = warnings.filter((w) => !dismissed.has(w))
  if (shown.length === 0) return
  const { checkboxChecked } = await dialog.showMessageBox(window, {
    type: 'warning',
    title: SECRET_WARNING_TITLE,
    message: SECRET_WARNING_TITLE,
    detail: shown.join('\n\n'),
    buttons: ['OK'],
    checkboxLabel: "Don't show this again",
    checkboxChecked: false,
  })
  if (checkboxChecked) shown.forEach((w) => dismissed.add(w))
}
