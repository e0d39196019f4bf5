// The menu's commands, and File > Import / Export.
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { EXPORT_SECRETS_CONFIRMATION } from '../../../src-main/common/api'
import type { MenuCommand } from '../../../src-main/common/api'
import { createFileCommands } from '../../../src-main/electron/fileCommands'
import { menuTemplate } from '../../../src-main/electron/menu'
import type { MenuActions } from '../../../src-main/electron/menu'
import * as fake from './fakeElectron'

beforeEach(() => fake.resetFakeElectron())

/** The item labelled `label` anywhere in the template. */
function item(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  for (const top of template) {
    for (const entry of (top.submenu ?? []) as MenuItemConstructorOptions[]) {
      if (entry.label === label) return entry
    }
  }
  throw new Error(`no menu item "${label}"`)
}

function click(template: MenuItemConstructorOptions[], label: string): void {
  ;(item(template, label).click as () => void)()
}

describe('menu', () => {
  function recorded(): { actions: MenuActions; sent: MenuCommand[]; log: string[] } {
    const sent: MenuCommand[] = []
    const log: string[] = []
    return {
      sent,
      log,
      actions: {
        send: (command) => sent.push(command),
        exportFile: async () => void log.push('export'),
        setTheme: (theme) => log.push(`theme:${theme}`),
      },
    }
  }

  it('Save, Undo and Redo send their command to the UI', () => {
    const { actions, sent } = recorded()
    const template = menuTemplate(actions)
    click(template, 'Save')
    click(template, 'Undo')
    click(template, 'Redo')
    expect(sent).toEqual(['save', 'undo', 'redo'])
    expect(item(template, 'Save').accelerator).toBe('CmdOrCtrl+S')
  })

  it('File › Open the demo lab sends its command to the UI (which opens it without saving)', () => {
    const { actions, sent } = recorded()
    click(menuTemplate(actions), 'Open the demo lab')
    expect(sent).toEqual(['open-demo'])
  })

  it('Import and Backups go to the UI (which confirms against the edited document)', () => {
    const { actions, sent, log } = recorded()
    const template = menuTemplate(actions)
    click(template, 'Import…')
    click(template, 'Backups…')
    expect(sent).toEqual(['import', 'backups'])
    expect(log).toEqual([])
    expect(item(template, 'Import…').accelerator).toBe('CmdOrCtrl+O')
  })

  it('Export and the themes run their action', () => {
    const { actions, sent, log } = recorded()
    const template = menuTemplate(actions)
    for (const label of ['Export…', 'Dark theme', 'Light theme', 'System theme']) {
      click(template, label)
    }
    expect(log).toEqual(['export', 'theme:dark', 'theme:light', 'theme:system'])
    expect(sent).toEqual([])
  })
})

describe('File > Export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fencepost-menu-'))

  function commands() {
    const topology = { exportText: vi.fn(async () => '{"version":1}\n') }
    return { topology, ...createFileCommands(fake.dialog as never, topology) }
  }

  it('a cancelled dialog exports nothing', async () => {
    await commands().exportFile()
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false })
    const c = commands()
    await c.exportFile()
    expect(c.topology.exportText).not.toHaveBeenCalled()
  })

  it('exports to the picked file, readable by the user only', async () => {
    const file = join(dir, 'out.json')
    fake.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: file })
    await commands().exportFile()
    expect(readFileSync(file, 'utf8')).toBe('{"version":1}\n')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('includes plain secrets only past the warning, written by this process', async () => {
    const file = join(dir, 'secrets.json')
    fake.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: file })
    // "Include secrets…", then Cancel at the warning: nothing is exported.
    fake.dialog.showMessageBox
      .mockResolvedValueOnce({ response: 1, checkboxChecked: false })
      .mockResolvedValueOnce({ response: 1, checkboxChecked: false })
    const c = commands()
    await c.exportFile()
    expect(c.topology.exportText).not.toHaveBeenCalled()
    expect(fake.dialog.showSaveDialog).not.toHaveBeenCalled()
    // "Include secrets…", then "Write plain secrets".
    fake.dialog.showMessageBox
      .mockResolvedValueOnce({ response: 1, checkboxChecked: false })
      .mockResolvedValueOnce({ response: 0, checkboxChecked: false })
    await c.exportFile()
    const warning = fake.dialog.showMessageBox.mock.calls[3]![0] as { message: string }
    expect(warning.message).toContain('plain text')
    expect(c.topology.exportText).toHaveBeenCalledWith({
      includeSecrets: true,
      confirm: EXPORT_SECRETS_CONFIRMATION,
    })
    expect(readFileSync(file, 'utf8')).toBe('{"version":1}\n')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    // The default button exports without secrets.
    const first = fake.dialog.showMessageBox.mock.calls[0]![0] as { defaultId: number }
    expect(first.defaultId).toBe(0)
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false })
    await c.exportFile()
    expect(c.topology.exportText).toHaveBeenLastCalledWith()
  })
})
