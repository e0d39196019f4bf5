// Electron main: lifecycle, window, menu and IPC registration. Every decision lives in the core;
// this file only adapts Electron to it.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BrowserWindow, Menu, app, dialog, ipcMain, nativeTheme, screen } from 'electron'
import type { IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron'
import Store from 'electron-store'
import { API_METHODS, FENCING_EVENT_CHANNEL, MENU_COMMAND_CHANNEL, channelOf } from '../common/api'
import type { ApiDomain, MenuCommand } from '../common/api'
import { checkArguments } from '../common/apiArguments'
import { createCore } from '../core/fencepostCore'
import type { FencepostCore } from '../core/fencepostCore'
import { createAgentRunner } from '../core/nodeCore'
import { PROJECT_ROOT, dataPaths } from '../core/paths'
import { createFileKnownHosts } from '../core/runners/knownHosts'
import { createElectronStoreBackend } from './electronStoreBackend'
import { createSafeStorageSecrets } from './safeStorageSecrets'

interface WindowState {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

const windowStore = new Store<{ window: WindowState }>({
  name: 'window-state',
  defaults: { window: { width: 1400, height: 900, maximized: false } },
})

let mainWindow: BrowserWindow | undefined

function visibleOnSomeDisplay(state: WindowState): boolean {
  if (state.x === undefined || state.y === undefined) return false
  return screen.getAllDisplays().some(({ workArea: a }) => {
    const { x, y } = state as Required<WindowState>
    return x >= a.x && y >= a.y && x < a.x + a.width && y < a.y + a.height
  })
}

function createWindow(): BrowserWindow {
  const state = windowStore.get('window')
  const window = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(visibleOnSomeDisplay(state) ? { x: state.x, y: state.y } : {}),
    show: false,
    title: 'Fencepost',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  if (state.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())
  const saveState = (): void => {
    const bounds = window.getNormalBounds()
    windowStore.set('window', { ...bounds, maximized: window.isMaximized() })
  }
  window.on('close', saveState)
  // Navigation and new windows are blocked: the app is one local page.
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  // The UI's beforeunload guard (unsaved changes) would otherwise block closing silently.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Close without saving', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'The topology has unsaved changes.',
      detail: 'Close Fencepost and lose them?',
    })
    if (choice === 0) event.preventDefault()
  })
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void window.loadFile(join(__dirname, '../renderer/index.html'))
  return window
}

function isOwnFrame(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame
  if (!mainWindow || event.sender !== mainWindow.webContents || !frame) return false
  const url = new URL(frame.url)
  return (
    url.protocol === 'file:' ||
    url.origin === new URL(process.env.ELECTRON_RENDERER_URL ?? 'file://').origin
  )
}

function registerIpc(core: FencepostCore): void {
  for (const domain of Object.keys(API_METHODS) as ApiDomain[]) {
    const target = core.api[domain] as unknown as Record<
      string,
      (...a: unknown[]) => Promise<unknown>
    >
    for (const method of API_METHODS[domain]) {
      ipcMain.handle(channelOf(domain, method), async (event, ...args: unknown[]) => {
        if (!isOwnFrame(event)) throw new Error('refused: not the Fencepost window')
        return target[method]!(...checkArguments(domain, method, args))
      })
    }
  }
  core.api.fencing.onEvent((event) => mainWindow?.webContents.send(FENCING_EVENT_CHANNEL, event))
}

function buildMenu(core: FencepostCore): void {
  const send = (command: MenuCommand) => () =>
    mainWindow?.webContents.send(MENU_COMMAND_CHANNEL, command)
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          label: 'Import…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const picked = await dialog.showOpenDialog({
              filters: [{ name: 'JSON', extensions: ['json'] }],
            })
            if (picked.canceled || !picked.filePaths[0]) return
            const result = await core.api.topology.importText(
              readFileSync(picked.filePaths[0], 'utf8'),
            )
            if (!result.ok) {
              dialog.showErrorBox(
                'The file was not imported',
                result.issues.map((i) => `${i.path}: ${i.message}`).join('\n'),
              )
            }
            send('reload')()
          },
        },
        {
          label: 'Export…',
          click: async () => {
            const picked = await dialog.showSaveDialog({ defaultPath: 'topology.json' })
            if (picked.canceled || !picked.filePath) return
            writeFileSync(picked.filePath, await core.api.topology.exportText(), {
              mode: 0o600,
            })
          },
        },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send('save') },
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
        { label: 'Light theme', click: () => (nativeTheme.themeSource = 'light') },
        { label: 'Dark theme', click: () => (nativeTheme.themeSource = 'dark') },
        { label: 'System theme', click: () => (nativeTheme.themeSource = 'system') },
        { type: 'separator' },
        { role: 'toggleDevTools' },
      ],
    },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

async function main(): Promise<void> {
  await app.whenReady()
  const dataDir = app.getPath('userData')
  const secrets = await createSafeStorageSecrets(dataDir)
  const knownHosts = createFileKnownHosts(dataPaths(dataDir).knownHosts)
  const core = await createCore({
    dataDir,
    backend: createElectronStoreBackend(dataDir),
    secrets,
    projectRoot: PROJECT_ROOT,
    runner: createAgentRunner(knownHosts),
    knownHosts,
  })
  if (secrets.warning) console.warn(`fencepost: ${secrets.warning}`)
  registerIpc(core)
  buildMenu(core)
  mainWindow = createWindow()
  app.on('window-all-closed', () => {
    void core.close().then(() => app.quit())
  })
}

void main()
