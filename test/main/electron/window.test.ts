// The main window: locked-down web preferences, the page it loads, its remembered place.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppPage } from '../../../src-main/electron/appPage'
import { createMainWindow, DEFAULT_WINDOW_STATE } from '../../../src-main/electron/window'
import type { WindowState } from '../../../src-main/electron/window'
import * as fake from './fakeElectron'

vi.mock('electron', () => import('./fakeElectron'))

const filePage: AppPage = {
  kind: 'file',
  path: '/opt/Fencepost/out/renderer/index.html',
  url: 'file:///opt/Fencepost/out/renderer/index.html',
}

function open(page: AppPage, stored: WindowState = DEFAULT_WINDOW_STATE) {
  const saved: WindowState[] = []
  createMainWindow({
    page,
    preloadPath: '/opt/Fencepost/out/preload/index.cjs',
    state: { get: () => stored, set: (s) => void saved.push(s) },
    workAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }],
  })
  const window = fake.FakeBrowserWindow.instances.at(-1)!
  return { window, saved }
}

beforeEach(() => fake.resetFakeElectron())

describe('main window', () => {
  it('is sandboxed, context-isolated, without Node or webviews, with the built preload', () => {
    const { window } = open(filePage)
    expect(window.options.webPreferences).toEqual({
      preload: '/opt/Fencepost/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    })
    expect(window.options.show).toBe(false)
    window.emit('ready-to-show')
    expect(window.shown).toBe(true)
  })

  it('loads the built file, or the dev server in a dev run', () => {
    expect(open(filePage).window.loaded).toEqual([{ file: filePage.path }])
    expect(open({ kind: 'dev', url: 'http://localhost:5173/' }).window.loaded).toEqual([
      { url: 'http://localhost:5173/' },
    ])
  })

  it('comes back where it was, unless that place is on no display', () => {
    const here = open({ ...filePage }, { x: 100, y: 50, width: 800, height: 600, maximized: true })
    expect(here.window.options).toMatchObject({ x: 100, y: 50, width: 800, height: 600 })
    expect(here.window.maximized).toBe(true)
    const gone = open(filePage, { x: 5000, y: 50, width: 800, height: 600, maximized: false })
    expect(gone.window.options.x).toBeUndefined()
    expect(gone.window.options.y).toBeUndefined()
  })

  it('remembers its size and place when closed', () => {
    const { window, saved } = open(filePage)
    window.bounds = { x: 1, y: 2, width: 1200, height: 800 }
    window.emit('close', new fake.FakeEvent())
    expect(saved).toEqual([{ x: 1, y: 2, width: 1200, height: 800, maximized: false }])
  })
})
