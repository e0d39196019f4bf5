// A host confirmed off is no proxy (DESIGN.md §4), in the demo as on real hardware: after powering
// a1 off, "Power off a2" does not run through a1, the plan says why, the tree and the graph mark
// a1 as off, and a status that reports a1 on makes it a proxy again.
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { SimWorld } from '../../src-main/core/plugins/simWorld'
import { browserUnavailable, openApp, SCREENSHOTS } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { NO_FAULTS, selectHost, shownRoute, timelineRows, waitForRun } from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

/** The words of the powered-off rejection, the tree's tooltip and the graph's title. */
const OFF_WORDS =
  /is powered off \(confirmed \d\d:\d\d\) — a status that says on makes it a proxy again/

describeWithParts(skip, 'a powered-off host is no proxy', () => {
  let session: AppSession
  let world: SimWorld

  beforeAll(async () => {
    session = await openApp()
    world = SimWorld.of(session.core.registry)!
    world.reset()
    await session.core.api.demo.setFaults(NO_FAULTS)
  })
  afterAll(async () => {
    world?.reset()
    await session?.close()
  })

  /** Power off `host` as a person does: the button, its name typed, Enter. */
  async function powerOff(host: string): Promise<void> {
    const { page } = session
    await selectHost(page, host)
    await page.getByTestId('action-off').click()
    await page.getByTestId('confirm-action').waitFor()
    await page.getByTestId('confirm-action-input').locator('input').click()
    await page.keyboard.type(host)
    await page.getByTestId('confirm-action-ok').click()
    const run = page.getByTestId('inspector-run')
    await expect(waitForRun(run, 'off')).resolves.toBe('ok')
  }

  /** Status of `host` through its Status button; returns the proxies of its timeline. */
  async function status(host: string): Promise<string[]> {
    const { page } = session
    await selectHost(page, host)
    await page.getByTestId('action-status').click()
    const run = page.getByTestId('inspector-run')
    await expect(waitForRun(run, 'status')).resolves.toBe('ok')
    return (await timelineRows(run)).map((r) => r.proxy)
  }

  it('powers a1 off in the demo; the tree marks it off, and says so on hover', async () => {
    const { page } = session
    const marker = page.getByTestId('tree-node-host-a1-powered-off')
    await expect(marker.count()).resolves.toBe(0)
    await powerOff('a1')
    expect([world.snapshot().bmcs.find((b) => b.bmc === 'a1-psu1')?.power]).toEqual(['off'])

    await marker.waitFor()
    expect(await page.locator('[data-testid$="-powered-off"]').count()).toBe(1)
    await marker.hover()
    const tooltip = page.locator('.n-tooltip').filter({ hasText: 'powered off' })
    await tooltip.waitFor()
    await expect(tooltip.innerText()).resolves.toMatch(new RegExp(`^a1 ${OFF_WORDS.source}`))
    await page.screenshot({
      path: join(SCREENSHOTS, 'powered-off-tree.png'),
      animations: 'disabled',
    })
  })

  it('the plan of a2 no longer starts with a1, and says a1 is powered off', async () => {
    const { page } = session
    await selectHost(page, 'a2')
    const route = await shownRoute(page, 'bmc')
    expect(route.map((c) => c.proxy)).not.toContain('a1')
    expect(route[0]).toEqual({ proxy: 'jump1', via: 'cluster' })

    const rejected = page.getByTestId('plan-rejected-bmc')
    await rejected.locator('summary').click()
    const a1 = page.getByTestId('plan-rejection-bmc-a1')
    await a1.waitFor()
    await expect(a1.innerText()).resolves.toMatch(new RegExp(`^a1 — ${OFF_WORDS.source}`))
    await a1.scrollIntoViewIfNeeded()
    await session.screenshot('powered-off-plan')
  })

  it('"Power off a2" runs through jump1, never through the powered-off a1', async () => {
    await powerOff('a2')
    const rows = await timelineRows(session.page.getByTestId('inspector-run'))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.map((r) => r.proxy)).not.toContain('a1')
    expect(rows[0]).toMatchObject({ proxy: 'jump1', action: 'off', code: 'ok' })
    // What the core recorded agrees with the screen.
    const history = await session.core.api.fencing.history('a2', 'demo')
    expect(history[0]!.attempts.map((a) => a.proxy)).not.toContain('a1')
  })

  it('the graph draws the powered-off hosts as off', async () => {
    const { page } = session
    await page.getByTestId('view-graph').click()
    const graph = page.getByTestId('graph-view')
    await graph.waitFor()
    const a1 = graph.getByTestId('graph-node-host-a1')
    await a1.waitFor()
    await expect(a1.getAttribute('class')).resolves.toMatch(/\bpowered-off\b/)
    await expect(a1.innerText()).resolves.toContain('powered off')
    await expect(a1.getAttribute('title')).resolves.toMatch(OFF_WORDS)
    // a2 is the selected host, now off as well; a3 was never powered off.
    await expect(graph.getByTestId('graph-node-host-a2').getAttribute('class')).resolves.toMatch(
      /\bpowered-off\b/,
    )
    await expect(
      graph.getByTestId('graph-node-host-a3').getAttribute('class'),
    ).resolves.not.toMatch(/\bpowered-off\b/)
    // No planned route leaves a1 any more.
    expect(await graph.locator('g.vue-flow__edge[data-id="route:bmc:a1"]').count()).toBe(0)
    // The legend says what the hatching means.
    await expect(graph.getByTestId('graph-legend-powered-off').innerText()).resolves.toContain(
      'powered off',
    )
    await session.screenshot('powered-off-graph')
    await page.getByTestId('view-editor').click()
  })

  it('Status a1 does not run through the powered-off a2, and an off answer keeps a1 marked', async () => {
    const proxies = await status('a1')
    expect(proxies.length).toBeGreaterThan(0)
    expect(proxies).not.toContain('a2')
    expect(proxies).not.toContain('a1')
    await expect(session.page.getByTestId('tree-node-host-a1-powered-off').count()).resolves.toBe(1)
  })

  it('a status that reports a1 on clears the mark and makes it a proxy again', async () => {
    const { page } = session
    // Switched on at the console, behind Fencepost's back: known off until a status says on.
    world.setPower('a1-psu1', 'on')
    world.setPower('a1-psu2', 'on')
    await status('a1')
    await expect(page.getByTestId('run-outcome').innerText()).resolves.toBe('Power is on.')
    await page.getByTestId('tree-node-host-a1-powered-off').waitFor({ state: 'detached' })
    await expect(page.getByTestId('tree-node-host-a2-powered-off').count()).resolves.toBe(1)

    // a1 leads a2's route again (a2 itself stays known off).
    await selectHost(page, 'a2')
    await expect
      .poll(async () => (await shownRoute(page, 'bmc'))[0]?.proxy, { timeout: 5_000 })
      .toBe('a1')
  })
})
