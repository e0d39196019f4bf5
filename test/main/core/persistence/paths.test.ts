// The CLI and browser mode find the desktop app's data folder (Electron's userData) on every
// platform: one store, one secret store.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDataDir } from '../../../../src-main/core/paths'

describe('defaultDataDir', () => {
  it("is Electron's userData for the product Fencepost on each platform", () => {
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.config', 'Fencepost'))
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe(join('/x/cfg', 'Fencepost'))
    expect(defaultDataDir({}, 'darwin')).toBe(
      join(homedir(), 'Library', 'Application Support', 'Fencepost'),
    )
    expect(defaultDataDir({ APPDATA: '/appdata' }, 'win32')).toBe(join('/appdata', 'Fencepost'))
  })

  it('follows FENCEPOST_HOME everywhere', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(defaultDataDir({ FENCEPOST_HOME: 'lab-a' }, platform)).toBe(resolve('lab-a'))
    }
  })
})
