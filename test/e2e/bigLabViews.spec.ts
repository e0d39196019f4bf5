// Issue 9, "a UI built for big labs": in a 2,000-host lab (4 data centers × 10 clusters × 50 hosts,
// 1–2 IPMI devices each) the readiness view lists the hosts one page at a time, filtered by words
// and by state with the count of each state, walkable by keyboard; the graph opens drawn around
// the selected host's cluster, the other clusters and data centers folded into summary nodes that
// open on a click. Screenshots: readiness-paged.png, graph-per-cluster.png.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { TopologyDocument } from '../../src-main/common/document'
import type { ReachabilityResult } from '../../src-main/common/plan'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { BIG_LAB, bigLab, bigLabHostId, storeLab } from './support/bigLab'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

/** Hosts whose device prefers only a disabled jump box: no machine can fence them. */
const NO_PROXY = [bigLabHostId(0, 0, 5), bigLabHostId(1, 4, 8), bigLabHostId(3, 9, 20)]

/** The generated lab, with a disabled jump box that three hosts' devices rely on alone. */
function lab(): TopologyDocument {
  const doc = bigLab(BIG_LAB)
  doc.proxies.push({ id: 'dead', name: 'dead-jump', address: 'dead.big.example', disabled: true })
  for (const host of doc.hosts.filter((h) => NO_PROXY.includes(h.id)))
    host.powerManagement!.devices.forEach((d) => (d.proxyPreferences = ['dead-jump']))
  return doc
}

const at = '2026-11-27T10:00:00.000Z'
/**
 * Stored test results: one host reached, one failing, one reached but not by every proxy, and one
 * whose two supplies answered different power.
 */
function results(): ReachabilityResult[] {
  const r = (host: string, device: string, proxy: string, ok: boolean, power?: 'on' | 'off') => ({
    hostId: host,
    deviceId: device,
    proxyId: proxy,
    ok,
    at,
    ...(ok ? { power: power ?? 'on' } : { message: 'Unable to connect/login to fencing device' }),
  })
  const h = (c: number, n: number) => bigLabHostId(2, c, n)
  return [
    r(h(4, 1), 'bmc1', h(4, 2), true),
    r(h(4, 2), 'bmc1', h(4, 1), false),
    r(h(4, 4), 'bmc1', h(4, 1), true),
    r(h(4, 4), 'bmc1', h(4, 2), false),
    // Every third host (h2-4-0 is host 1,200) has two supplies: they answered off and on.
    r(h(4, 0), 'bmc1', h(4, 1), true, 'off'),
    r(h(4, 0), 'bmc2', h(4, 1), true, 'on'),
  ]
}

describeWithParts(skip, 'a 2,000-host lab: readiness paged, the graph per cluster', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
    await storeLab(session.core, lab())
    writeFileSync(join(session.dataDir, 'reachability.json'), JSON.stringify(results()))
    await session.reopen()
  })
  afterAll(async () => {
    await session?.close()
  })

  const rows = () => session.page.locator('[data-testid="readiness-rows"] [role="option"]')
  const pageInfo = () => session.page.getByTestId('readiness-page-info').innerText()
  const count = async (state: string) =>
    Number(await session.page.getByTestId(`readiness-state-${state}`).getAttribute('data-count'))

  it('lists one page of the 2,000 hosts, with the count of every state', async () => {
    const { page } = session
    await page.getByTestId('view-readiness').click()
    await rows().first().waitFor()
    await expect.poll(() => count('failing')).toBe(1)
    expect(await rows().count()).toBe(20)
    expect(await count('all')).toBe(2000)
    await expect.poll(() => count('no-proxy')).toBe(NO_PROXY.length)
    expect({
      ok: await count('ok'),
      mixed: await count('mixed'),
      degraded: await count('degraded'),
      untested: await count('untested'),
    }).toEqual({ ok: 1, mixed: 1, degraded: 1, untested: 2000 - NO_PROXY.length - 4 })
    await expect(pageInfo()).resolves.toBe('1–20 of 2000 · page 1 of 100')
    // Something fails, so the all-clear is not said.
    expect(await page.getByTestId('readiness-nothing-failing').count()).toBe(0)
  })

  it('filters by words and pages through what matches, by buttons and by keyboard', async () => {
    const { page } = session
    await page.getByTestId('readiness-filter').locator('input').fill('cluster-2-4')
    await expect.poll(pageInfo).toBe('1–20 of 50 · page 1 of 3')
    await page.getByTestId('readiness-page-next').click()
    await expect.poll(pageInfo).toBe('21–40 of 50 · page 2 of 3')
    expect(await rows().first().getAttribute('data-testid')).toBe(
      `readiness-row-${bigLabHostId(2, 4, 20)}`,
    )
    // Keyboard: into the list, End to the last host, Enter opens its matrix.
    await page.getByTestId('readiness-rows').focus()
    await page.keyboard.press('End')
    await expect.poll(pageInfo).toBe('41–50 of 50 · page 3 of 3')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Enter')
    const chosen = bigLabHostId(2, 4, 48)
    await expect
      .poll(() => page.getByTestId(`readiness-row-${chosen}`).getAttribute('aria-selected'))
      .toBe('true')
    await page.getByTestId('readiness-matrix').waitFor()
    // Its plan has some 450 candidates: the matrix draws the first six and offers the rest.
    const cells = page.locator('[data-testid^="readiness-cell-bmc1-"]')
    expect(await cells.count()).toBe(6)
    await expect(page.getByTestId('readiness-more-columns').innerText()).resolves.toMatch(
      /^\+\d{3} more$/,
    )
    await page.getByTestId('readiness-rows').focus()
    await page.keyboard.press('PageUp')
    await expect.poll(pageInfo).toBe('21–40 of 50 · page 2 of 3')
    expect(await rows().count()).toBe(20)
  })

  it('filters by state: the failing host, the hosts with no proxy', async () => {
    const { page } = session
    await page.getByTestId('readiness-filter').locator('input').fill('')
    await page.getByTestId('readiness-state-failing').click()
    await expect.poll(() => rows().count()).toBe(1)
    expect(await rows().first().getAttribute('data-testid')).toBe(
      `readiness-row-${bigLabHostId(2, 4, 2)}`,
    )
    await page.getByTestId('readiness-state-no-proxy').click()
    await expect.poll(() => rows().count()).toBe(NO_PROXY.length)
    const shown = await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))
    expect(shown).toEqual(NO_PROXY.map((id) => `readiness-row-${id}`))
    await session.screenshot('readiness-paged')
    await page.getByTestId('readiness-state-no-proxy').click()
    await expect.poll(() => rows().count()).toBe(20)
  })

  it('opens the graph around the selected host, the rest folded; a click opens a cluster', async () => {
    const { page } = session
    const selected = bigLabHostId(2, 4, 48)
    const started = Date.now()
    await page.getByTestId('view-graph').click()
    await page.getByTestId(`graph-node-host-${selected}`).waitFor()
    console.info(`graph of a 2,000-host lab shown in ${Date.now() - started} ms`)
    const graph = page.getByTestId('graph-view')
    const hosts = graph.locator('[data-testid^="graph-node-host-"]')
    expect(await hosts.count()).toBe(50)
    expect(await graph.locator('[data-testid^="graph-summary-cluster-"]').count()).toBe(9)
    expect(
      await graph
        .locator('[data-testid^="graph-summary-dataCenter-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))),
    ).toEqual(['dc0', 'dc1', 'dc3'].map((dc) => `graph-summary-dataCenter-${dc}`))
    // dc1 holds one of the hosts without a proxy.
    await expect(
      graph
        .getByTestId('graph-summary-dataCenter-dc1')
        .getByTestId('graph-summary-without-proxy')
        .innerText(),
    ).resolves.toBe('1 without proxy')
    // The selected host's devices and their routes are drawn.
    expect(await graph.locator('g.vue-flow__edge[data-id^="route:"]').count()).toBeGreaterThan(0)
    await session.screenshot('graph-per-cluster')

    await graph.getByTestId('graph-summary-cluster-c2-7').click()
    await expect.poll(() => hosts.count()).toBe(100)
    expect(await graph.locator('[data-testid^="graph-summary-cluster-"]').count()).toBe(8)
    await graph.getByTestId('graph-fold-c2-7').click()
    await expect.poll(() => hosts.count()).toBe(50)
  })
})
