// The secret-store warning: shown once, over the window, until the user silences it.
import { beforeEach, describe, expect, it } from 'vitest'
import { SECRET_WARNING_TITLE, showSecretWarnings } from '../../../src-main/electron/secretWarning'
import * as fake from './fakeElectron'

beforeEach(() => fake.resetFakeElectron())

function memory(): { has(text: string): boolean; add(text: string): void; seen: Set<string> } {
  const seen = new Set<string>()
  return { seen, has: (t) => seen.has(t), add: (t) => void seen.add(t) }
}

describe('secret-store warning', () => {
  it('shows the warnings as a warning box over the window', async () => {
    const window = new fake.FakeBrowserWindow({})
    await showSecretWarnings(
      fake.dialog as never,
      window as never,
      ['no keyring', 'not moved'],
      memory(),
    )
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1)
    const [parent, options] = fake.dialog.showMessageBox.mock.calls[0] as [
      unknown,
      Record<string, unknown>,
    ]
    expect(parent).toBe(window)
    expect(options).toMatchObject({ type: 'warning', title: SECRET_WARNING_TITLE })
    expect(options.detail).toBe('no keyring\n\nnot moved')
  })

  it('"Don\'t show this again" silences exactly those texts', async () => {
    const window = new fake.FakeBrowserWindow({})
    const dismissed = memory()
    fake.dialog.showMessageBox.mockResolvedValue({ response: 0, checkboxChecked: true })
    await showSecretWarnings(fake.dialog as never, window as never, ['no keyring'], dismissed)
    await showSecretWarnings(fake.dialog as never, window as never, ['no keyring'], dismissed)
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1)
    await showSecretWarnings(
      fake.dialog as never,
      window as never,
      ['no keyring', 'new one'],
      dismissed,
    )
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(2)
    expect((fake.dialog.showMessageBox.mock.calls[1]![1] as { detail: string }).detail).toBe(
      'new one',
    )
  })

  it('nothing to say: no box', async () => {
    await showSecretWarnings(
      fake.dialog as never,
      new fake.FakeBrowserWindow({}) as never,
      [],
      memory(),
    )
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled()
  })
})
