// What every Playwright spec needs: the real browser-mode server over a fresh data folder (the
// demo lab on first start, as a new user sees it) and Debian's Chromium driven by playwright-core.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import type { FencepostCore } from '../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../src-main/core/nodeCore'
import { PROJECT_ROOT } from '../../../src-main/core/paths'
import { startBrowserServer } from '../../../src-main/server/browserServer'
import type { BrowserServer } from '../../../src-main/server/browserServer'

/** Debian's Chromium; playwright-core never downloads a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium'

/** Debian's Chromium, headless, with nothing of its own on the network (TOOLCHAIN.md). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Headless Chromium 156 starts the WebUI omnibox popup's renderer for every new window:
      // about 2 s of CPU on 2 cores that no page asked for and a user's open window has long
      // paid. Measured, it doubled the bench's time to usable and slowed every spec's start.
      '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
    ],
  })
}

/** Why the specs cannot run here, or undefined. */
export function browserUnavailable(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing — run scripts/install-browser.sh`
  if (!existsSync(join(PROJECT_ROOT, 'out/renderer/index.html'))) {
    return 'the UI is not built — run `npm run build` (the e2e global setup does)'
  }
  return undefined
}

/** Where specs save screenshots (a CI artifact, not committed). */
export const SCREENSHOTS = join(PROJECT_ROOT, 'test/e2e/screenshots')

/** A running app in browser mode with a page open on it. */
export interface AppSession {
  core: FencepostCore
  server: BrowserServer
  browser: Browser
  page: Page
  dataDir: string
  /** Opens a fresh page on the app (a reload as a user would do it). */
  reopen(): Promise<Page>
  screenshot(name: string): Promise<void>
  close(): Promise<void>
}

/** Starts the server over a fresh data folder and opens the app in Chromium. */
export async function openApp(
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<AppSession> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fencepost-e2e-'))
  const core = await createNodeCore({
    dataDir,
    fencingSettings: { agentTimeoutMs: 3_000, verifyRetries: 5, verifyDelayMs: 100 },
  })
  const server = await startBrowserServer({
    api: core.api,
    staticDir: join(PROJECT_ROOT, 'out/renderer'),
  })
  const browser = await launchChromium()
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
  })
  const open = async (): Promise<Page> => {
    const page = await context.newPage()
    await page.goto(server.url)
    await page.getByTestId('app-shell').waitFor()
    return page
  }
  const session: AppSession = {
    core,
    server,
    browser,
    dataDir,
    page: await open(),
    async reopen() {
      await session.page.close()
      session.page = await open()
      return session.page
    },
    async screenshot(name) {
      mkdirSync(SCREENSHOTS, { recursive: true })
      // No hover tooltip left over from the last click, no half-finished transition.
      await session.page.mouse.move(0, 0)
      await session.page.locator('.n-tooltip').first().waitFor({ state: 'hidden' })
      await session.page.screenshot({
        path: join(SCREENSHOTS, `${name}.png`),
        animations: 'disabled',
      })
    },
    async close() {
      await browser.close()
      await server.close()
      await core.close()
    },
  }
  return session
}
