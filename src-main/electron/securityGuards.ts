// Guards on every web contents the app ever creates (windows, and anything a compromised page
// might try to open): no permissions, no new windows, no navigation away from the app's page, no
// <webview>. Installed before the first window, so nothing escapes them.
import type { App, Session, WebContents } from 'electron'

/** Denies every permission request and check (camera, notifications, clipboard, HID, …). */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

/** Guards one web contents; `isAppPage` says which URLs are the app's own page. */
export function guardWebContents(contents: WebContents, isAppPage: (url: string) => boolean): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  // will-frame-navigate covers the main frame and subframes; will-redirect a server redirect.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppPage(event.url)) event.preventDefault()
  })
  contents.on('will-navigate', (event, url) => {
    if (!isAppPage(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppPage(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** Applies {@link guardWebContents} to every web contents created from now on. */
export function guardAllWebContents(
  app: Pick<App, 'on'>,
  isAppPage: (url: string) => boolean,
): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isAppPage))
}
