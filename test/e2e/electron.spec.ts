// The real Electron shell: runs only where the Electron binary exists. Electron 42+ downloads it on
// first launch, which machines without internet cannot do, so elsewhere this is skipped with the
// reason printed.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../../src-main/core/paths'

function electronBinary(): string | undefined {
  const pathFile = join(PROJECT_ROOT, 'node_modules/electron/path.txt')
  if (!existsSync(pathFile)) return undefined
  const binary = join(
    PROJECT_ROOT,
    'node_modules/electron/dist',
    readFileSync(pathFile, 'utf8').trim(),
  )
  return existsSync(binary) ? binary : undefined
}

const binary = electronBinary()
const display = process.env.DISPLAY
const skip = !binary
  ? 'no Electron binary (node_modules/electron/path.txt is missing: it is downloaded on first launch)'
  : !display
    ? 'no X display (run under xvfb-run -a)'
    : undefined
if (skip) console.warn(`Electron smoke test skipped: ${skip}`)

describe.skipIf(skip !== undefined)('Electron shell', () => {
  it('opens the window sandboxed, with the preload API and the demo lab', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(PROJECT_ROOT, 'out/main/index.js')],
      env: { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'fencepost-electron-')) },
    })
    try {
      const page = await app.firstWindow()
      await page.getByTestId('app-shell').waitFor()
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
        'undefined',
      )
      expect(
        await page.evaluate(() =>
          Object.keys((globalThis as { fencepost?: object }).fencepost ?? {}),
        ),
      ).toEqual(['topology', 'plan', 'fencing', 'plugins', 'demo'])
      await expect(page.getByTestId('demo-banner').isVisible()).resolves.toBe(true)
    } finally {
      await app.close()
    }
  })
})
