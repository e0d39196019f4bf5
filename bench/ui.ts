// The UI at scale (issue 9): a generated 2,000-host lab (4 data centers × 10 clusters × 50 hosts,
// 1–2 IPMI devices each) stored in a fresh data folder, served in browser mode as the e2e specs do,
// opened in Debian's Chromium through playwright-core. Measured:
//  (a) time to usable: navigation → the first host's name in the tree, its plan on screen, and a
//      click on another tree row handled (the row selected);
//  (b) select a host in the tree → its plan on screen;
//  (c) edit a preference (delete a chip of the device's own list) → the plan updated;
//  (d) the page's JS heap after a garbage collection.
// (b) and (c) are timed inside the page (from the event to the DOM showing the result, layout
// included), so Playwright's own round trips do not count. Run it under the browser lock:
// `flock /tmp/fencepost-build.lock npm run bench`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Page } from 'playwright-core'
import { createNodeCore } from '../src-main/core/nodeCore'
import { PROJECT_ROOT } from '../src-main/core/paths'
import { startBrowserServer } from '../src-main/server/browserServer'
import { CHROMIUM, launchChromium } from '../test/e2e/support/browserMode'
import { BIG_LAB, bigLab, bigLabHostId, storeLab } from '../test/e2e/support/bigLab'
import type { BigLabShape } from '../test/e2e/support/bigLab'
import type { BenchResult, BenchSection } from './report'
import { median } from './report'

/** Smoke mode's lab: small, just to prove every step runs. */
const SMOKE_LAB: BigLabShape = { dataCenters: 2, clustersPerDc: 2, hostsPerCluster: 5 }

/** How long any one step may take before the bench gives up on it. */
/** How long a fresh browser gets to finish its own start-up before a measure. */
const BROWSER_SETTLE_MS = 3_000
const STEP_TIMEOUT_MS = 60_000

/**
 * Helpers run inside the page (plain JavaScript: the node tsconfig has no DOM types). `timed` runs
 * an action and resolves with the milliseconds until `done()` holds, checked after every DOM
 * mutation; a forced layout is included, so the time covers what the browser must do to show it.
 */
const PAGE_HELPERS = `
window.__fpBench = {
  timed(act, done, timeoutMs) {
    return new Promise((resolve, reject) => {
      const t0 = performance.now()
      let finished = false
      const finish = (error) => {
        if (finished) return
        finished = true
        observer.disconnect()
        clearTimeout(timer)
        if (error) reject(error)
        else {
          document.body.getBoundingClientRect()
          resolve(performance.now() - t0)
        }
      }
      const check = () => { try { if (done()) finish() } catch (e) { finish(e) } }
      const observer = new MutationObserver(check)
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
      const timer = setTimeout(() => finish(new Error('timed out: ' + done.toString())), timeoutMs)
      act()
      check()
    })
  },
  planShown(hostId) {
    return document.querySelector('[data-testid="inspector"] [data-testid="plan-panel"][data-host="' + hostId + '"]:not(.stale)') !== null
  },
  firstVia(device) {
    const el = document.querySelector('[data-testid="inspector"] [data-testid="plan-candidate-' + device + '-1"] .via')
    return el ? el.textContent.replace(/[()]/g, '').trim() : undefined
  },
}
`

/** What PAGE_HELPERS adds to the page, as the functions below call it. */
interface BenchGlobals {
  __fpBench: {
    timed(act: () => void, done: () => boolean, timeoutMs: number): Promise<number>
    planShown(hostId: string): boolean
    firstVia(device: string): string | undefined
  }
  document: {
    querySelector(selector: string): {
      click(): void
      dispatchEvent(event: unknown): boolean
    } | null
    body: { dispatchEvent(event: unknown): boolean }
  }
  KeyboardEvent: new (type: string, init: Record<string, unknown>) => unknown
}

// The functions below run in the page; they are functions, not strings, because the app's
// Content-Security-Policy forbids evaluating strings.

/** Selects `hostId` by a click on its tree row; ms until its plan is on screen. */
async function timeSelect(page: Page, hostId: string): Promise<number> {
  return page.evaluate(
    ([id, timeout]) => {
      const g = globalThis as unknown as BenchGlobals
      return g.__fpBench.timed(
        () => g.document.querySelector(`[data-testid="tree-node-host-${id}"]`)!.click(),
        () => g.__fpBench.planShown(id),
        timeout,
      )
    },
    [hostId, STEP_TIMEOUT_MS] as const,
  )
}

/**
 * Deletes (`Delete` on it) the first chip of a device's own list, or puts it back (Ctrl+Z); ms
 * until the plan's first candidate is admitted by the expected entry.
 */
async function timeEdit(
  page: Page,
  hostId: string,
  device: string,
  how: 'delete' | 'undo',
  expectVia: string,
): Promise<number> {
  return page.evaluate(
    ([id, dev, mode, via, timeout]) => {
      const g = globalThis as unknown as BenchGlobals
      const act =
        mode === 'delete'
          ? () =>
              g.document
                .querySelector(`[data-testid="pref-device-${id}-${dev}-chip-0"]`)!
                .dispatchEvent(
                  new g.KeyboardEvent('keydown', {
                    key: 'Delete',
                    bubbles: true,
                    cancelable: true,
                  }),
                )
          : () =>
              g.document.body.dispatchEvent(
                new g.KeyboardEvent('keydown', {
                  key: 'z',
                  ctrlKey: true,
                  bubbles: true,
                  cancelable: true,
                }),
              )
      return g.__fpBench.timed(
        act,
        () => g.__fpBench.planShown(id) && g.__fpBench.firstVia(dev) === via,
        timeout,
      )
    },
    [hostId, device, how, expectVia, STEP_TIMEOUT_MS] as const,
  )
}

/** Waits until the plan of `hostId` is on screen (not updating). */
async function waitForPlan(page: Page, hostId: string): Promise<void> {
  await page.waitForFunction(
    (id) => (globalThis as unknown as BenchGlobals).__fpBench.planShown(id),
    hostId,
    { timeout: STEP_TIMEOUT_MS, polling: 'raf' },
  )
}

async function runUiBench(smoke: boolean): Promise<BenchResult[]> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing — run scripts/install-browser.sh`)
  if (!existsSync(join(PROJECT_ROOT, 'out/renderer/index.html')))
    throw new Error('the UI is not built — run `npm run build` first')
  const shape = smoke ? SMOKE_LAB : BIG_LAB
  const doc = bigLab(shape)
  const hosts = doc.hosts.length
  const dataDir = mkdtempSync(join(tmpdir(), 'fencepost-bench-ui-'))
  const core = await createNodeCore({ dataDir })
  const server = await startBrowserServer({
    api: core.api,
    staticDir: join(PROJECT_ROOT, 'out/renderer'),
  })
  const browser = await launchChromium()
  try {
    await storeLab(core, doc)
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    await context.addInitScript({ content: PAGE_HELPERS })
    const page = await context.newPage()
    // A user's browser is already running: let this fresh one finish its own start-up work (a
    // headless Chromium starts its omnibox popup's renderer, ~2 s of CPU on 2 cores) before the
    // clock starts, so the measure is the page's and not the browser's.
    await page.goto('about:blank')
    if (!smoke) await page.waitForTimeout(BROWSER_SETTLE_MS)
    const first = bigLabHostId(0, 0, 0)
    const second = bigLabHostId(0, 0, 1)

    // (a) navigation → the first host in the tree with its plan, and a click handled.
    const started = performance.now()
    await page.goto(server.url)
    await page.getByTestId(`tree-node-host-${first}`).waitFor({ timeout: STEP_TIMEOUT_MS })
    await waitForPlan(page, first)
    await page.getByTestId(`tree-node-host-${second}`).click({ timeout: STEP_TIMEOUT_MS })
    await page
      .locator(`[data-testid="tree-node-host-${second}"][aria-selected="true"]`)
      .waitFor({ timeout: STEP_TIMEOUT_MS })
    const usableMs = performance.now() - started
    await waitForPlan(page, second)

    // (b) select → plan: hosts of the first cluster, one after another.
    const samples = smoke ? 1 : 15
    const selectMs: number[] = []
    for (let i = 0; i < samples; i++) {
      const target = bigLabHostId(0, 0, (i + 2) % shape.hostsPerCluster)
      selectMs.push(await timeSelect(page, target))
    }

    // (c) edit → plan: h0-0-0's bmc1 has its own list `engine, cluster`; deleting `engine` makes
    // a cluster host its first candidate, and undo brings the engine back.
    await timeSelect(page, first)
    // The editor's page of a host clicked in the tree comes a frame after its plan: the chip
    // to delete must be there before the edit is timed.
    await page.getByTestId(`pref-device-${first}-bmc1-chip-0`).waitFor({ timeout: STEP_TIMEOUT_MS })
    const editMs: number[] = []
    for (let i = 0; i < samples; i++) {
      editMs.push(await timeEdit(page, first, 'bmc1', 'delete', 'cluster'))
      editMs.push(await timeEdit(page, first, 'bmc1', 'undo', 'engine'))
    }

    // (d) the heap, after a collection, as the page holds it with the lab open.
    const cdp = await context.newCDPSession(page)
    await cdp.send('HeapProfiler.collectGarbage')
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
    await cdp.detach()

    const lab = `${hosts} hosts`
    return [
      { name: `time to usable, ${lab}`, value: usableMs, unit: 'ms', goal: { max: 1500 } },
      {
        name: `select a host → its plan, ${lab}`,
        value: median(selectMs),
        unit: 'ms',
        goal: { max: 100 },
        note: `median of ${selectMs.length}, worst ${Math.max(...selectMs).toFixed(0)} ms`,
      },
      {
        name: `edit a preference → plan updated, ${lab}`,
        value: median(editMs),
        unit: 'ms',
        goal: { max: 50 },
        note: `median of ${editMs.length}, worst ${Math.max(...editMs).toFixed(0)} ms`,
      },
      {
        name: `JS heap, ${lab}`,
        value: heap.usedSize / 1024 / 1024,
        unit: 'MB',
        goal: { max: 300 },
      },
    ]
  } finally {
    await browser.close()
    await server.close()
    await core.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The UI on a 2,000-host lab in browser mode (smoke: a 20-host lab, one sample each). */
export const uiBench: BenchSection = {
  title: 'UI in browser mode (Debian Chromium)',
  run: ({ smoke }) => runUiBench(smoke),
}
