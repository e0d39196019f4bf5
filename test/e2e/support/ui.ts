// What the specs read off the screen and do to it, in the words a user would use: select a host,
// read a device's route in the plan panel, wait for an action to end, read a timeline.
import type { Locator, Page } from 'playwright-core'
import { NO_DEMO_FAULTS } from '../../../src-main/common/api'
import type { HostPlan } from '../../../src-main/common/plan'

/** The demo faults with nothing broken: every list, as `demo.faults()` answers them. */
export const NO_FAULTS = NO_DEMO_FAULTS

/** Clicks a host in the topology tree and waits for its editor and its live plan. */
export async function selectHost(page: Page, hostId: string): Promise<void> {
  await page.getByTestId(`tree-node-host-${hostId}`).click()
  await page.getByTestId(`host-editor-${hostId}`).waitFor()
  await waitForLivePlan(page)
}

/** Waits until the inspector's plan is for the latest edit (not "updating…"). */
export async function waitForLivePlan(page: Page): Promise<void> {
  await page.locator('[data-testid="inspector"] [data-testid="plan-panel"]:not(.stale)').waitFor()
}

/** One candidate of a device's route as the plan panel shows it: `1. a2 (cluster)`. */
export interface ShownCandidate {
  proxy: string
  via: string
}

/** A device's candidate route in the inspector's plan panel, in order. */
export async function shownRoute(page: Page, device: string): Promise<ShownCandidate[]> {
  const items = page.getByTestId('inspector').locator(`[data-testid^="plan-candidate-${device}-"]`)
  const route: ShownCandidate[] = []
  for (const item of await items.all()) {
    const proxy = (await item.locator('.proxy').innerText()).trim()
    const via = (await item.locator('.via').innerText()).trim().replace(/^\(|\)$/g, '')
    route.push({ proxy, via })
  }
  return route
}

/** The machines the plan panel lists as rejected for a device (not the unlisted ones), by id. */
export async function shownRejections(page: Page, device: string): Promise<string[]> {
  const prefix = `plan-rejection-${device}-`
  const items = page.getByTestId('inspector').locator(`[data-testid^="${prefix}"]`)
  const ids: string[] = []
  for (const item of await items.all()) {
    ids.push((await item.getAttribute('data-testid'))!.slice(prefix.length))
  }
  return ids.sort()
}

/** The same things from a plan the core computed. */
export function coreRoute(plan: HostPlan, device: string): ShownCandidate[] {
  const found = plan.devices.find((d) => d.device === device)
  if (!found) throw new Error(`the core's plan of ${plan.host} has no device ${device}`)
  return found.candidates.map((c) => ({ proxy: c.proxy, via: c.via }))
}

export function coreRejections(plan: HostPlan, device: string): string[] {
  const found = plan.devices.find((d) => d.device === device)
  if (!found) throw new Error(`the core's plan of ${plan.host} has no device ${device}`)
  return found.rejected
    .filter((r) => r.reason !== 'not-listed')
    .map((r) => r.proxyId)
    .sort()
}

/** The chips of a preference editor, in order (own list, or the greyed inherited one). */
export async function chips(page: Page, name: string): Promise<string[]> {
  const own = page.locator(`[data-testid^="pref-${name}-chip-"]`)
  const inherited = page.locator(`[data-testid^="pref-${name}-inherited-"]`)
  const list = (await own.count()) > 0 ? own : inherited
  return (await list.allInnerTexts()).map((text) =>
    text
      .replace(/^\s*\d+\.\s*/, '')
      .replace(/[×✕]\s*$/, '')
      .trim(),
  )
}

/**
 * Waits until the run panel of `action` inside `scope` has ended and returns how
 * (`ok` / `failed`).
 */
export async function waitForRun(
  scope: Page | Locator,
  action: string,
  timeout = 30_000,
): Promise<string> {
  const panel = scope.locator(`[data-testid="run-${action}"]:not([data-state="running"])`)
  await panel.waitFor({ timeout })
  return (await panel.getAttribute('data-state')) ?? ''
}

/** One row of a timeline as shown. */
export interface ShownRow {
  device: string
  proxy: string
  action: string
  /** The outcome code (`data-outcome`), e.g. `ok`, `proxy-unreachable`. */
  code: string
  /** The outcome in words, e.g. `could not reach proxy`, `power off`. */
  words: string
  /** The row is highlighted as the one that made the action succeed. */
  highlighted: boolean
  /** What the agent printed, shown under a failed row. */
  message?: string
}

/** Reads a timeline (compact — device · proxy in one cell — or wide). */
export async function timelineRows(
  scope: Page | Locator,
  testid = 'timeline',
): Promise<ShownRow[]> {
  const table = scope.getByTestId(testid)
  const rows = table.locator(`tr[data-testid^="${testid}-row-"]:not([data-testid$="-message"])`)
  const shown: ShownRow[] = []
  for (const [index, row] of (await rows.all()).entries()) {
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim())
    const compact = cells.length === 5
    const [device, proxy] = compact
      ? (cells[1] ?? '').split(/\s+via\s+/)
      : [cells[1] ?? '', cells[2] ?? '']
    const offset = compact ? 0 : 1
    const message = table.getByTestId(`${testid}-row-${index}-message`)
    shown.push({
      device: device ?? '',
      proxy: proxy ?? '',
      action: cells[2 + offset] ?? '',
      words: cells[3 + offset] ?? '',
      code: (await row.getAttribute('data-outcome')) ?? '',
      highlighted: ((await row.getAttribute('class')) ?? '').split(/\s+/).includes('success'),
      ...((await message.count()) > 0 ? { message: (await message.innerText()).trim() } : {}),
    })
  }
  return shown
}

/** True when the element's class list has `name`. */
export async function hasClass(locator: Locator, name: string): Promise<boolean> {
  return ((await locator.getAttribute('class')) ?? '').split(/\s+/).includes(name)
}

/** The page's globals, as far as the specs use them (the node tsconfig has no DOM types). */
interface PageGlobals {
  document: { querySelector(selector: string): unknown }
}

/**
 * Waits for a selector, checking every 10 ms — for states that last only a moment (a row while
 * its action is still running), which a locator's backing-off polls can miss. Start it before
 * the click that leads there.
 */
export async function waitForMoment(page: Page, selector: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    (s) => (globalThis as unknown as PageGlobals).document.querySelector(s) !== null,
    selector,
    { polling: 10, timeout },
  )
}

interface Box {
  left: number
  right: number
  top: number
  bottom: number
}
interface GraphElement {
  getAttribute(name: string): string | null
  getBoundingClientRect(): Box
  querySelector(selector: string): GraphElement | null
  querySelectorAll(selector: string): Iterable<GraphElement>
  getTotalLength(): number
  getPointAtLength(length: number): { x: number; y: number }
  getScreenCTM(): { a: number; b: number; c: number; d: number; e: number; f: number } | null
}

/**
 * The graph's proxy → device edges that pass over a machine (host, proxy, engine or device box):
 * `route:bmc:a1 over m:a3`. Each edge is sampled every 4 px along its path; its own ends, which
 * touch their machines' borders, do not count.
 */
export async function edgesOverMachines(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: GraphElement }).document
    const machines = [...doc.querySelectorAll('.vue-flow__node-machine')].map((node) => ({
      id: node.getAttribute('data-id') ?? '?',
      box: node.getBoundingClientRect(),
    }))
    const found: string[] = []
    for (const edge of doc.querySelectorAll('g.vue-flow__edge[data-id^="route:"]')) {
      const path = edge.querySelector('path.vue-flow__edge-path')
      const ctm = path?.getScreenCTM()
      if (!path || !ctm) continue
      const total = path.getTotalLength()
      for (let at = 0; at <= total; at += 4) {
        const p = path.getPointAtLength(at)
        const x = ctm.a * p.x + ctm.c * p.y + ctm.e
        const y = ctm.b * p.x + ctm.d * p.y + ctm.f
        const hit = machines.find(
          (m) =>
            x > m.box.left + 2 && x < m.box.right - 2 && y > m.box.top + 2 && y < m.box.bottom - 2,
        )
        const what = `${edge.getAttribute('data-id')} over ${hit?.id}`
        if (hit && !found.includes(what)) found.push(what)
      }
    }
    return found
  })
}
