// Closing with unsaved changes: the user's choice decides.
import { beforeEach, describe, expect, it } from 'vitest'
import { UNSAVED_CLOSE_DIALOG, guardUnsavedClose } from '../../../src-main/electron/closeDialog'
import * as fake from './fakeElectron'

beforeEach(() => fake.resetFakeElectron())

function blockedUnload(choice: number): { event: fake.FakeEvent; window: fake.FakeBrowserWindow } {
  const window = new fake.FakeBrowserWindow({})
  guardUnsavedClose(window as never, fake.dialog as never)
  fake.dialog.showMessageBoxSync.mockReturnValue(choice)
  const event = new fake.FakeEvent()
  window.webContents.emit('will-prevent-unload', event)
  return { event, window }
}

describe('close dialog', () => {
  it('"Close without saving" lets the window close', () => {
    const { event, window } = blockedUnload(0)
    expect(fake.dialog.showMessageBoxSync).toHaveBeenCalledWith(window, UNSAVED_CLOSE_DIALOG)
    expect(event.defaultPrevented).toBe(true)
  })

  it('"Cancel" (also Escape) keeps it open', () => {
    const { event } = blockedUnload(1)
    expect(event.defaultPrevented).toBe(false)
  })

  it('asks with Cancel as the default and cancel answer', () => {
    expect(UNSAVED_CLOSE_DIALOG.buttons).toEqual(['Close without saving', 'Cancel'])
    expect([UNSAVED_CLOSE_DIALOG.defaultId, UNSAVED_CLOSE_DIALOG.cancelId]).toEqual([1, 1])
  })
})
