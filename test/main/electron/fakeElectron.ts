// A stand-in for the `electron` module, for the main-process tests under plain Node (no Electron
// binary can be obtained here). It carries no rules of its own: it records what the app asks of
// Electron and lets a test fire the events Electron would fire. Tests wire it with
// `vi.mock('electron', () => import('./fakeElectron'))`; nothing outside test/main/electron uses it.
import { vi } from 'vitest'

type Listener = (...args: never[]) => unknown

/** on / once / emit, recording every listener. */
export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>()

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }

  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.off(event, wrapped)
      return listener(...args)
    }) as Listener
    return this.on(event, wrapped)
  }

  off(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    )
    return this
  }

  /** Calls every listener of `event` with `args`, as Electron would. */
  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...(args as never[]))
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0
  }
}

/** An event with preventDefault, as Electron passes to `will-*` listeners. */
export class FakeEvent {
  defaultPrevented = false
  constructor(readonly fields: Record<string, unknown> = {}) {
    Object.assign(this, fields)
  }
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

/** A frame (Electron's WebFrameMain): what the test says it is. */
export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
    public processId = 1,
    public routingId = 1,
  ) {}
}

/** A web contents: records sends and the window-open handler. */
export class FakeWebContents extends FakeEmitter {
  mainFrame = new FakeFrame('about:blank')
  readonly sent: { channel: string; payload: unknown }[] = []
  windowOpenHandler: ((details: { url: string }) => unknown) | undefined
  destroyed = false

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
}

/** A window: records its options and what it loaded. */
export class FakeBrowserWindow extends FakeEmitter {
  static instances: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  readonly loaded: ({ url: string } | { file: string })[] = []
  maximized = false
  shown = false
  bounds = { x: 10, y: 20, width: 1000, height: 700 }

  constructor(readonly options: Record<string, unknown>) {
    super()
    FakeBrowserWindow.instances.push(this)
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push({ url })
    return Promise.resolve()
  }
  loadFile(file: string): Promise<void> {
    this.loaded.push({ file })
    return Promise.resolve()
  }
  show(): void {
    this.shown = true
  }
  maximize(): void {
    this.maximized = true
  }
  isMaximized(): boolean {
    return this.maximized
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return this.bounds
  }
  isDestroyed(): boolean {
    return this.webContents.destroyed
  }
}

class FakeApp extends FakeEmitter {
  isPackaged = false
  readonly paths = new Map<string, string>()
  readonly whenReady = vi.fn(() => Promise.resolve())
  readonly quit = vi.fn()
  readonly exit = vi.fn()

  getPath(name: string): string {
    const path = this.paths.get(name)
    if (path === undefined) throw new Error(`fake app: no path "${name}" set by the test`)
    return path
  }
}

/** `app`. */
export const app = new FakeApp()

/** `ipcMain`: the registered handlers, in registration order. */
export const ipcMain = {
  handled: [] as { channel: string; handler: (event: unknown, ...args: unknown[]) => unknown }[],
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
    this.handled.push({ channel, handler })
  },
}

/** `Menu`: the template handed to buildFromTemplate and the menu set. */
export const Menu = {
  applicationMenu: undefined as { template: unknown[] } | undefined,
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template }
  },
  setApplicationMenu(menu: { template: unknown[] }): void {
    this.applicationMenu = menu
  },
}

/** `dialog`: every method a mock the test programs. */
export const dialog = {
  showMessageBoxSync: vi.fn((..._args: unknown[]): number => 1),
  showMessageBox: vi.fn(
    (..._args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> =>
      Promise.resolve({ response: 0, checkboxChecked: false }),
  ),
  showErrorBox: vi.fn((..._args: unknown[]): void => undefined),
  showOpenDialog: vi.fn(
    (..._args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> =>
      Promise.resolve({ canceled: true, filePaths: [] }),
  ),
  showSaveDialog: vi.fn((..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> =>
    Promise.resolve({ canceled: true }),
  ),
}

/** `session.defaultSession`: the permission handlers set. */
export const session = {
  defaultSession: {
    requestHandler: undefined as
      | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void)
      | undefined,
    checkHandler: undefined as ((...args: unknown[]) => boolean) | undefined,
    setPermissionRequestHandler(
      handler: (
        contents: unknown,
        permission: string,
        callback: (granted: boolean) => void,
      ) => void,
    ): void {
      this.requestHandler = handler
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
      this.checkHandler = handler
    },
  },
}

/** `safeStorage`: the test programs availability and decryption. */
export const safeStorage = {
  isAsyncEncryptionAvailable: vi.fn((): Promise<boolean> => Promise.resolve(false)),
  decryptStringAsync: vi.fn(
    (_encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> =>
      Promise.reject(new Error('fake safeStorage: no decryption programmed by the test')),
  ),
}

/** `nativeTheme`. */
export const nativeTheme = { themeSource: 'system' as string }

/** `screen`: one display unless the test says otherwise. */
export const screen = {
  getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]),
}

/** `contextBridge` (preload): what was exposed, by key. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api)
  },
}

/** `ipcRenderer` (preload): `invoke` is a mock the test routes; `on` listeners are recorded. */
export const ipcRenderer = Object.assign(new FakeEmitter(), {
  invoke: vi.fn((..._args: unknown[]): Promise<unknown> => Promise.resolve(undefined)),
  removeListener(event: string, listener: Listener) {
    return ipcRenderer.off(event, listener)
  },
})

/** Forgets everything recorded (between tests that share this module). */
export function resetFakeElectron(): void {
  FakeBrowserWindow.instances = []
  app.listeners.clear()
  app.paths.clear()
  app.isPackaged = false
  ipcMain.handled.length = 0
  Menu.applicationMenu = undefined
  session.defaultSession.requestHandler = undefined
  session.defaultSession.checkHandler = undefined
  nativeTheme.themeSource = 'system'
  contextBridge.exposed.clear()
  ipcRenderer.listeners.clear()
  // Back to the implementations above, dropping what a test programmed.
  vi.resetAllMocks()
}

export { FakeBrowserWindow as BrowserWindow }
