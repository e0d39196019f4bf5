// The whole main-process wiring, under Node with the stand-in electron module: what main.ts
// registers, loads, guards and shows — with the real core behind the IPC handlers.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { MenuItemConstructorOptions } from 'electron'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FENCING_EVENT_CHANNEL, MENU_COMMAND_CHANNEL } from '../../../src-main/common/api'
import type { IpcResult } from '../../../src-main/common/ipcResult'
import { REFUSED_SENDER, apiChannels } from '../../../src-main/electron/ipc'
import { PROJECT_ROOT } from '../../../src-main/core/paths'
import { createFileSecretStore } from '../../../src-main/core/secrets/fileSecretStore'
import { LEGACY_SECRETS_FILE } from '../../../src-main/electron/legacySecrets'
import type * as Fake from './fakeElectron'

vi.mock('electron', () => import('./fakeElectron'))
// electron-store requires the real electron module; the window state lives in memory here.
vi.mock('electron-store', () => ({
  default: class {
    data: Record<string, unknown>
    constructor(options?: { defaults?: Record<string, unknown> }) {
      this.data = structuredClone(options?.defaults ?? {})
    }
    get(key: string): unknown {
      return this.data[key]
    }
    set(key: string, value: unknown): void {
      this.data[key] = value
    }
    set store(value: Record<string, unknown>) {
      this.data = value
    }
  },
}))

// The real chooser, with no OS keyring (never the developer's own): the encrypted file store, chosen
// as on a desktop without a keyring (not forced by FENCEPOST_SECRET_STORE=file, as vitest sets it).
vi.mock('../../../src-main/core/secrets/openSecretStore', async (importOriginal) => {
  const real =
    await importOriginal<typeof import('../../../src-main/core/secrets/openSecretStore')>()
  return {
    ...real,
    openSecretStore: (options: Parameters<typeof real.openSecretStore>[0]) =>
      real.openSecretStore({
        ...options,
        env: { ...options.env, FENCEPOST_SECRET_STORE: 'auto' },
        keyring: null,
      }),
  }
})

interface Started {
  electron: typeof Fake
  window: Fake.FakeBrowserWindow
  dataDir: string
}

const savedArgv = process.argv
const DEV_VARIABLES = ['ELECTRON_RENDERER_URL', 'NODE_ENV_ELECTRON_VITE'] as const

afterEach(() => {
  process.argv = savedArgv
  vi.unstubAllEnvs()
})

/** Imports main.ts afresh (it starts the app on import) and waits until it has started. */
async function start(options: {
  isPackaged: boolean
  argv?: string[]
  env?: Record<string, string>
  prepare?: (electron: typeof Fake, dataDir: string) => void
}): Promise<Started> {
  vi.resetModules()
  const electron = (await import('electron')) as unknown as typeof Fake
  electron.resetFakeElectron()
  const dataDir = mkdtempSync(join(tmpdir(), 'fencepost-main-'))
  electron.app.paths.set('userData', dataDir)
  electron.app.isPackaged = options.isPackaged
  process.argv = ['electron', 'out/main/index.js', ...(options.argv ?? [])]
  // Whatever the machine running the tests has set must not decide the page.
  for (const name of DEV_VARIABLES) vi.stubEnv(name, options.env?.[name])
  options.prepare?.(electron, dataDir)
  const main = await import('../../../src-main/electron/main')
  await main.started
  const window = electron.FakeBrowserWindow.instances[0]!
  return { electron, window, dataDir }
}

/** A store file whose topology (the demo lab) keeps its first BMC password under `ref`. */
function storeReferring(ref: string): unknown {
  const topology = JSON.parse(readFileSync(join(PROJECT_ROOT, 'resources/demo-lab.json'), 'utf8'))
  const device = topology.hosts.find(
    (h: { powerManagement?: { devices?: unknown[] } }) => h.powerManagement?.devices?.length,
  ).powerManagement.devices[0]
  device.params.password = { ref }
  return { version: 1, revision: 1, topology }
}

/** Makes the window's top frame show `url`, as Electron would after loading it. */
function showing(window: Fake.FakeBrowserWindow, url: string): Fake.FakeFrame {
  window.webContents.mainFrame.url = url
  return window.webContents.mainFrame
}

function invoke(
  electron: typeof Fake,
  channel: string,
  event: unknown,
  ...args: unknown[]
): Promise<IpcResult> {
  const found = electron.ipcMain.handled.find((h) => h.channel === channel)
  if (!found) throw new Error(`no handler for ${channel}`)
  return found.handler(event, ...args) as Promise<IpcResult>
}

function menuItem(electron: typeof Fake, label: string): MenuItemConstructorOptions {
  const template = electron.Menu.applicationMenu!.template as MenuItemConstructorOptions[]
  const items = template.flatMap((top) => (top.submenu ?? []) as MenuItemConstructorOptions[])
  return items.find((i) => i.label === label)!
}

describe('Electron main process', () => {
  it('production: loads the built page whatever ELECTRON_RENDERER_URL says', async () => {
    const { window } = await start({
      isPackaged: true,
      argv: ['--dev'],
      env: {
        ELECTRON_RENDERER_URL: 'http://localhost:5173',
        NODE_ENV_ELECTRON_VITE: 'development',
      },
    })
    expect(window.loaded).toHaveLength(1)
    expect(window.loaded[0]).toHaveProperty('file')
    expect((window.loaded[0] as { file: string }).file).toMatch(/renderer[\\/]index\.html$/)
  })

  it('a dev run loads the dev server', async () => {
    const { window } = await start({
      isPackaged: false,
      argv: ['--dev'],
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' },
    })
    expect(window.loaded).toEqual([{ url: 'http://localhost:5173/' }])
  })

  it('registers exactly the API channels, answered by the core for the top frame only', async () => {
    const { electron, window } = await start({ isPackaged: true })
    expect(electron.ipcMain.handled.map((h) => h.channel)).toEqual(apiChannels())
    const pageUrl = pathToFileURL((window.loaded[0] as { file: string }).file).href
    const top = showing(window, pageUrl)
    const listed = await invoke(electron, 'plugins:list', {
      sender: window.webContents,
      senderFrame: top,
    })
    expect(listed.ok).toBe(true)
    expect((listed as { value: { id: string }[] }).value.map((p) => p.id)).toContain('ipmilan')
    const sub = new electron.FakeFrame(pageUrl, top, top.processId, 99)
    expect(
      await invoke(electron, 'plugins:list', { sender: window.webContents, senderFrame: sub }),
    ).toEqual({ ok: false, error: { message: REFUSED_SENDER } })
    showing(window, 'data:text/html,<script>1</script>')
    expect(
      await invoke(electron, 'plugins:list', { sender: window.webContents, senderFrame: top }),
    ).toEqual({ ok: false, error: { message: REFUSED_SENDER } })
  })

  it('forwards fencing events to the window', async () => {
    const { electron, window } = await start({ isPackaged: true })
    const top = showing(window, pathToFileURL((window.loaded[0] as { file: string }).file).href)
    const result = await invoke(
      electron,
      'fencing:run',
      { sender: window.webContents, senderFrame: top },
      { host: 'a1', action: 'status', dryRun: true },
    )
    expect(result.ok).toBe(true)
    const kinds = window.webContents.sent
      .filter((s) => s.channel === FENCING_EVENT_CHANNEL)
      .map((s) => (s.payload as { kind: string }).kind)
    expect(kinds[0]).toBe('started')
    expect(kinds.at(-1)).toBe('finished')
  })

  it('denies every permission and guards every web contents created', async () => {
    const { electron } = await start({ isPackaged: true })
    const answers: boolean[] = []
    electron.session.defaultSession.requestHandler!({}, 'media', (granted) => answers.push(granted))
    expect(answers).toEqual([false])
    expect(electron.session.defaultSession.checkHandler!({}, 'media')).toBe(false)
    const contents = new electron.FakeWebContents()
    electron.app.emit('web-contents-created', new electron.FakeEvent(), contents)
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    const away = new electron.FakeEvent({ url: 'https://example.com/' })
    contents.emit('will-frame-navigate', away)
    expect(away.defaultPrevented).toBe(true)
    const webview = new electron.FakeEvent()
    contents.emit('will-attach-webview', webview)
    expect(webview.defaultPrevented).toBe(true)
  })

  it('menu commands reach the window on the menu channel', async () => {
    const { electron, window } = await start({ isPackaged: true })
    for (const label of ['Save', 'Undo', 'Redo']) (menuItem(electron, label).click as () => void)()
    expect(
      window.webContents.sent
        .filter((s) => s.channel === MENU_COMMAND_CHANNEL)
        .map((s) => s.payload),
    ).toEqual(['save', 'undo', 'redo'])
    ;(menuItem(electron, 'Dark theme').click as () => void)()
    expect(electron.nativeTheme.themeSource).toBe('dark')
  })

  it('asks before closing over unsaved changes', async () => {
    const { electron, window } = await start({ isPackaged: true })
    electron.dialog.showMessageBoxSync.mockReturnValue(1)
    const cancelled = new electron.FakeEvent()
    window.webContents.emit('will-prevent-unload', cancelled)
    expect(cancelled.defaultPrevented).toBe(false)
    electron.dialog.showMessageBoxSync.mockReturnValue(0)
    const closed = new electron.FakeEvent()
    window.webContents.emit('will-prevent-unload', closed)
    expect(closed.defaultPrevented).toBe(true)
  })

  it('quits when the window is gone, after closing the core', async () => {
    const { electron } = await start({ isPackaged: true })
    electron.app.emit('window-all-closed')
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled())
  })

  it('without a keyring: moves the old safeStorage secrets into the shared file store and says so', async () => {
    const { electron, window, dataDir } = await start({
      isPackaged: true,
      prepare: (electron, dataDir) => {
        electron.safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(true)
        electron.safeStorage.decryptStringAsync.mockImplementation(async (sealed: Buffer) => ({
          result: sealed.toString('utf8').toUpperCase(),
          shouldReEncrypt: false,
        }))
        writeFileSync(
          join(dataDir, LEGACY_SECRETS_FILE),
          JSON.stringify({
            version: 1,
            secrets: { 's-0123': Buffer.from('bmc-pass').toString('base64') },
          }),
        )
        // The stored topology refers to it (else it is an orphan, collected at start).
        writeFileSync(join(dataDir, 'config.json'), JSON.stringify(storeReferring('s-0123')))
      },
    })
    expect(existsSync(join(dataDir, LEGACY_SECRETS_FILE))).toBe(false)
    // What the CLI reads on the same data folder.
    expect(await createFileSecretStore({ dir: dataDir }).get('s-0123')).toBe('BMC-PASS')
    expect(electron.dialog.showMessageBox).not.toHaveBeenCalled()
    window.emit('ready-to-show')
    expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1)
    const [parent, options] = electron.dialog.showMessageBox.mock.calls[0] as [
      unknown,
      { type: string; detail: string },
    ]
    expect(parent).toBe(window)
    expect(options.type).toBe('warning')
    expect(options.detail).toMatch(/encrypted file store/)
    expect(options.detail).not.toMatch(/BMC-PASS|bmc-pass/)
  })

  it('starts without safeStorage at all and says what could not be moved', async () => {
    const { electron, window, dataDir } = await start({
      isPackaged: true,
      prepare: (electron, dataDir) => {
        electron.safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(false)
        writeFileSync(
          join(dataDir, LEGACY_SECRETS_FILE),
          JSON.stringify({ version: 1, secrets: { 's-0123': 'c2VhbGVk' } }),
        )
      },
    })
    expect(electron.ipcMain.handled.length).toBe(apiChannels().length)
    window.emit('ready-to-show')
    const [, options] = electron.dialog.showMessageBox.mock.calls[0] as [
      unknown,
      { detail: string },
    ]
    expect(options.detail).toMatch(/"s-0123" cannot be decrypted \(safeStorage is not available/)
    expect(existsSync(join(dataDir, LEGACY_SECRETS_FILE))).toBe(true)
  })

  it('a failed start is shown to the user and ends the app', async () => {
    const { electron } = await start({
      isPackaged: true,
      prepare: (electron, dataDir) => {
        const file = join(dataDir, 'not-a-folder')
        writeFileSync(file, '')
        electron.app.paths.set('userData', join(file, 'Fencepost'))
      },
    }).catch(async () => ({ electron: (await import('electron')) as unknown as typeof Fake }))
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith(
      'Fencepost could not start',
      expect.any(String),
    )
    expect(electron.app.exit).toHaveBeenCalledWith(1)
  })
})
