// The main window: sandboxed, context-isolated, no Node in the page; its size and place are kept
// between runs (but a position on a display that is gone is dropped). It loads the app's page.
import { BrowserWindow } from 'electron'
import type { Rectangle } from 'electron'
import type { AppPage } from './appPage'

/** Size and place of the window, as stored. */
export interface WindowState {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

/** Where the window state is kept. */
export interface WindowStateStore {
  get(): WindowState
  set(state: WindowState): void
}

/** What {@link createMainWindow} needs. */
export interface MainWindowOptions {
  page: AppPage
  /** The built preload script (CommonJS: sandboxed renderers load nothing else). */
  preloadPath: string
  state: WindowStateStore
  /** The work areas of the connected displays. */
  workAreas: () => Rectangle[]
}

/** Fallback size on first start. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1400, height: 900, maximized: false }

/** True when the stored top-left corner lies on one of `workAreas`. */
export function visibleOnSomeDisplay(state: WindowState, workAreas: Rectangle[]): boolean {
  const { x, y } = state
  if (x === undefined || y === undefined) return false
  return workAreas.some((a) => x >= a.x && y >= a.y && x < a.x + a.width && y < a.y + a.height)
}

/** Creates the window and loads the app's page into it. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = options.state.get()
  const window = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(visibleOnSomeDisplay(state, options.workAreas()) ? { x: state.x, y: state.y } : {}),
    show: false,
    title: 'Fencepost',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    },
  })
  if (state.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())
  window.on('close', () => {
    options.state.set({ ...window.getNormalBounds(), maximized: window.isMaximized() })
  })
  if (options.page.kind === 'dev') void window.loadURL(options.page.url)
  else void window.loadFile(options.page.path)
  return window
}
