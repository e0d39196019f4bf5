// Electron main: composes the app from small modules — the page to load (appPage), the guards on
// every web contents (securityGuards), the secret store shared with the CLI (appSecrets), the IPC
// handlers and their sender check (ipc, senderCheck), the menu, the window and its close dialog.
// Every decision lives in the core or in those modules; this file only wires them.
import { join } from 'node:path'
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  nativeTheme,
  safeStorage,
  screen,
  session,
} from 'electron'
import Store from 'electron-store'
import {
  FENCING_EVENT_CHANNEL,
  MENU_COMMAND_CHANNEL,
  TOPOLOGY_CHANGED_CHANNEL,
} from '../common/api'
import type { MenuCommand } from '../common/api'
import { createCore } from '../core/fencepostCore'
import { createAgentRunner } from '../core/nodeCore'
import { PROJECT_ROOT, dataPaths } from '../core/paths'
import { createFileKnownHosts } from '../core/runners/knownHosts'
import { openSecretStore } from '../core/secrets/openSecretStore'
import { isAppPageUrl, resolveAppPage } from './appPage'
import { openAppSecrets } from './appSecrets'
import { guardUnsavedClose } from './closeDialog'
import { createElectronStoreBackend } from './electronStoreBackend'
import { createFileCommands } from './fileCommands'
import { registerApiHandlers } from './ipc'
import { readLegacySecrets, removeLegacySecrets } from './legacySecrets'
import { menuTemplate } from './menu'
import { showSecretWarnings } from './secretWarning'
import { denyAllPermissions, guardAllWebContents } from './securityGuards'
import { createSenderCheck } from './senderCheck'
import { DEFAULT_WINDOW_STATE, createMainWindow } from './window'
import type { WindowState } from './window'

/** What the shell remembers between runs (not the topology: that is the core's store). */
interface ShellState {
  window: WindowState
  dismissedWarnings: string[]
}

async function main(): Promise<void> {
  const page = resolveAppPage({
    isPackaged: app.isPackaged,
    argv: process.argv,
    env: process.env,
    rendererDir: join(__dirname, '../renderer'),
  })
  const isAppPage = (url: string): boolean => isAppPageUrl(url, page)
  // Before anything can create a web contents.
  guardAllWebContents(app, isAppPage)
  await app.whenReady()
  denyAllPermissions(session.defaultSession)

  const dataDir = app.getPath('userData')
  const secrets = await openAppSecrets({
    // The same choice the CLI makes for this data folder (and FENCEPOST_SECRET_STORE).
    open: () => openSecretStore({ dataDir, env: process.env }),
    readLegacy: () => readLegacySecrets(dataDir, safeStorage),
    removeLegacy: removeLegacySecrets,
  })
  const knownHosts = createFileKnownHosts(dataPaths(dataDir).knownHosts)
  const core = await createCore({
    dataDir,
    backend: createElectronStoreBackend(dataDir),
    secrets: secrets.store,
    projectRoot: PROJECT_ROOT,
    runner: createAgentRunner(knownHosts),
    knownHosts,
    lockOwner: 'Fencepost app',
  })

  // The window comes last, once everything it may call is in place.
  const shown: { window?: BrowserWindow } = {}
  const toWindow = (channel: string, payload: unknown): void => {
    const window = shown.window
    if (window && !window.isDestroyed()) window.webContents.send(channel, payload)
  }
  registerApiHandlers(
    ipcMain,
    core.api,
    createSenderCheck(() => shown.window?.webContents, page),
  )
  core.api.fencing.onEvent((event) => toWindow(FENCING_EVENT_CHANNEL, event))
  core.api.topology.onChanged((event) => toWindow(TOPOLOGY_CHANGED_CHANNEL, event))

  const send = (command: MenuCommand): void => toWindow(MENU_COMMAND_CHANNEL, command)
  const fileCommands = createFileCommands(dialog, core.api.topology)
  const menu = menuTemplate({
    send,
    exportFile: fileCommands.exportFile,
    setTheme: (theme) => (nativeTheme.themeSource = theme),
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu))

  const shellState = new Store<ShellState>({
    name: 'window-state',
    defaults: { window: DEFAULT_WINDOW_STATE, dismissedWarnings: [] },
  })
  const window = createMainWindow({
    page,
    preloadPath: join(__dirname, '../preload/index.cjs'),
    state: { get: () => shellState.get('window'), set: (state) => shellState.set('window', state) },
    workAreas: () => screen.getAllDisplays().map((display) => display.workArea),
  })
  shown.window = window
  guardUnsavedClose(window, dialog)
  window.once('ready-to-show', () => {
    void showSecretWarnings(dialog, window, secrets.warnings, {
      has: (text) => shellState.get('dismissedWarnings').includes(text),
      add: (text) =>
        shellState.set('dismissedWarnings', [...shellState.get('dismissedWarnings'), text]),
    })
  })
  app.on('window-all-closed', () => {
    void core.close().then(() => app.quit())
  })
}

/** Settles when the app has started (or failed to, after telling the user why). */
export const started: Promise<void> = main().catch((error: unknown) => {
  dialog.showErrorBox(
    'Fencepost could not start',
    error instanceof Error ? error.message : String(error),
  )
  app.exit(1)
})
