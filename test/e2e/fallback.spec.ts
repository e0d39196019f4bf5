// Fallback: with the first candidate proxy of a host killed in the demo's fault panel, Power off
// goes through the next proxy. The timeline, the graph and the readiness matrix all show it, and
// the matrix agrees with the core's own test of the same host.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ReachabilityResult } from '../../src-main/common/plan'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import {
  coreRoute,
  edgesOverMachines,
  hasClass,
  NO_FAULTS,
  selectHost,
  shownRoute,
  timelineRows,
  waitForRun,
} from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

describeWithParts(skip, 'falling back to the next proxy', () => {
  let session: AppSession
  // a2's BMC is tried through a1, then jump1 (cluster), then the engine.
  const host = 'a2'
  const device = 'bmc'
  let first: string
  let second: string

  beforeAll(async () => {
    session = await openApp()
    await session.core.api.demo.setFaults(NO_FAULTS)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('kills the first candidate proxy in the fault panel', async () => {
    const { page } = session
    await selectHost(page, host)
    const route = await shownRoute(page, device)
    const doc = (await session.core.api.topology.load()).document
    expect(route).toEqual(coreRoute(session.core.plan(doc, host), device))
    expect(route.length).toBeGreaterThanOrEqual(3)
    // In the demo lab machine names are their ids.
    first = route[0]!.proxy
    second = route[1]!.proxy
    expect([first, second]).toEqual(['a1', 'jump1'])

    await page.getByTestId('demo-open-faults').click()
    await page.getByTestId('demo-view').waitFor()
    const toggle = page.getByTestId(`fault-down-${first}`)
    await expect(toggle.getAttribute('aria-checked')).resolves.toBe('false')
    await toggle.click()
    await expect
      .poll(() => session.core.api.demo.faults())
      .toEqual({ ...NO_FAULTS, proxiesDown: [first] })
    await expect(toggle.getAttribute('aria-checked')).resolves.toBe('true')
    await session.screenshot('demo-faults')
  })

  it('powers off through the second proxy, and the timeline says why', async () => {
    const { page } = session
    await page.getByTestId('action-off').click()
    await page.getByTestId('confirm-action-input').locator('input').fill(host)
    await page.getByTestId('confirm-action-ok').click()

    const run = page.getByTestId('inspector-run')
    await expect(waitForRun(run, 'off')).resolves.toBe('ok')
    await expect(run.getByTestId('run-outcome').innerText()).resolves.toBe(
      'Powered off (confirmed).',
    )
    const rows = await timelineRows(run)
    expect(rows[0]).toMatchObject({
      device,
      proxy: first,
      action: 'off',
      code: 'proxy-unreachable',
      words: 'could not reach proxy',
      highlighted: false,
    })
    // What the simulated connection said, not "unknown error".
    expect(rows[0]!.message).toContain(`could not reach proxy ${first}`)
    expect(rows.slice(1)).toEqual([
      { device, proxy: second, action: 'off', code: 'ok', words: 'succeeded', highlighted: true },
      {
        device,
        proxy: second,
        action: 'status',
        code: 'ok',
        words: 'power off',
        highlighted: false,
      },
    ])
  })

  it('highlights the route through the second proxy in the graph, the failed one marked', async () => {
    const { page } = session
    await page.getByTestId('view-graph').click()
    const graph = page.getByTestId('graph-view')
    await graph.waitFor()
    const edge = (proxyId: string) =>
      graph.locator(`g.vue-flow__edge[data-id="route:${device}:${proxyId}"]`)
    await edge(second).waitFor()

    // The proxy that worked and its edge are green; the one that failed is red and crossed.
    expect(await hasClass(graph.getByTestId(`graph-node-proxy-${second}`), 'route-ok')).toBe(true)
    expect(await hasClass(graph.getByTestId(`graph-node-host-${first}`), 'route-failed')).toBe(true)
    expect(await hasClass(edge(second), 'edge-ok')).toBe(true)
    expect(await hasClass(edge(first), 'edge-failed')).toBe(true)
    await expect(edge(first).textContent()).resolves.toContain('1 ✕')
    await expect(edge(second).textContent()).resolves.toContain('2')
    // The engine was never needed: still only planned.
    expect(await hasClass(edge('engine'), 'edge-plan')).toBe(true)
    await expect(graph.innerText()).resolves.toContain('last: off — ok')
    // Routes go around the machines, never across one (a3 and jump1 sit between a1 and the BMC).
    expect(await page.locator('g.vue-flow__edge[data-id^="route:"]').count()).toBe(3)
    expect(await edgesOverMachines(page)).toEqual([])
    await session.screenshot('graph-fallback')
  })

  it('shows the same readiness as the core: the dead proxy failed, the others reached', async () => {
    const { page } = session
    await page.getByTestId('view-readiness').click()
    await page.getByTestId('readiness-test').click()
    const view = page.getByTestId('readiness-view')
    await waitForRun(view, 'test')

    const shownState = (proxyId: string) =>
      page.getByTestId(`readiness-cell-${device}-${proxyId}`).getAttribute('data-state')
    // The UI shows the demo lab (nothing stored yet): its results are the demo's, kept apart.
    const loaded = await session.core.api.topology.load()
    expect(loaded.origin).toBe('demo')
    const doc = loaded.document
    const candidates = session.core
      .plan(doc, host, undefined, 'demo')
      .devices.find((d) => d.device === device)!.candidates
    // One column per candidate, no more.
    expect(await page.locator(`[data-testid^="readiness-cell-${device}-"]`).count()).toBe(
      candidates.length,
    )

    // What the UI's test stored…
    const stored = session.core.reachability('demo').filter((r) => r.hostId === host)
    expect(session.core.reachability()).toEqual([])
    expect(stored.map((r) => r.proxyId).sort()).toEqual(candidates.map((c) => c.proxyId).sort())
    for (const r of stored) {
      expect(await shownState(r.proxyId), r.proxyId).toBe(r.ok ? 'ok' : 'failed')
    }
    expect(await shownState(first)).toBe('failed')
    expect(await shownState(second)).toBe('ok')
    expect(await shownState('engine')).toBe('ok')

    // …and a test the core runs itself now, on the same document, gives the same cells.
    const fresh: ReachabilityResult[] = await session.core.testHost(doc, host, 'demo')
    for (const c of candidates) {
      const result = fresh.find((r) => r.deviceId === device && r.proxyId === c.proxyId)
      expect(result, c.proxyId).toBeDefined()
      expect(await shownState(c.proxyId), c.proxyId).toBe(result!.ok ? 'ok' : 'failed')
    }
    await session.screenshot('readiness')
  })
})
