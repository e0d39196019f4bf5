// Issue 9, the UI at scale, in a real browser: a 2,000-host lab (4 data centers × 10 clusters × 50
// hosts) opens, the tree keeps only a window of rows in the DOM yet reaches its last host by
// scrolling and by keyboard, and a plan that names thousands of machines shows the first few with
// "+N more". Functional, not timed: bench/ui.ts measures the speed.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { BIG_LAB, bigLab, bigLabHostId, storeLab } from './support/bigLab'
import { waitForLivePlan } from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()
const HOSTS = BIG_LAB.dataCenters * BIG_LAB.clustersPerDc * BIG_LAB.hostsPerCluster
const FIRST = bigLabHostId(0, 0, 0)
const LAST = bigLabHostId(3, 9, 49)

describeWithParts(skip, 'a 2,000-host lab', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp()
    await storeLab(session.core, bigLab())
    // The first start showed the demo; the stored lab is what a reload opens.
    await session.reopen()
  })
  afterAll(async () => {
    await session?.close()
  })

  const tree = () => session.page.getByTestId('topology-tree')
  const row = (key: string) => tree().locator(`[data-key="${key}"]`)
  const rowsInDom = () => tree().locator('[role="treeitem"]').count()
  const focusedKey = () =>
    session.page.evaluate(
      () =>
        (
          globalThis as unknown as {
            document: { activeElement: { getAttribute(name: string): string | null } | null }
          }
        ).document.activeElement?.getAttribute('data-key') ?? null,
    )

  /** Scrolls the tree to its end with the mouse wheel, as a person does. */
  async function scrollTreeToEnd(): Promise<void> {
    const box = await tree().boundingBox()
    if (!box) throw new Error('the tree is not on screen')
    await session.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    for (let i = 0; i < 40; i++) {
      const atEnd = await tree().evaluate(
        (el) =>
          (el as unknown as { scrollTop: number; scrollHeight: number; clientHeight: number })
            .scrollTop +
            (el as unknown as { clientHeight: number }).clientHeight >=
          (el as unknown as { scrollHeight: number }).scrollHeight - 1,
      )
      if (atEnd) return
      await session.page.mouse.wheel(0, 2000)
      await session.page.waitForTimeout(30)
    }
    throw new Error('the tree never reached its end')
  }

  it('opens on the first host with its plan, and the DOM holds a window of the tree', async () => {
    const { page } = session
    await row(`host:${FIRST}`).waitFor()
    await expect(row(`host:${FIRST}`).getAttribute('aria-selected')).resolves.toBe('true')
    await waitForLivePlan(page)
    await page.getByTestId('inspector').getByTestId('plan-route-bmc1').waitFor()
    const rows = await rowsInDom()
    expect(rows).toBeGreaterThan(10)
    expect(rows).toBeLessThan(100)
    expect(rows).toBeLessThan(HOSTS / 20)
  })

  it('reaches the last host by scrolling', async () => {
    // Open site-3 and its last cluster; the standalone proxies fold away, so the last host is
    // the last row but one.
    await scrollTreeToEnd()
    await row('proxies').locator('.twisty').click()
    await scrollTreeToEnd()
    await row('dataCenter:dc3').locator('.twisty').click()
    await scrollTreeToEnd()
    await row('cluster:c3-9').locator('.twisty').click()
    await scrollTreeToEnd()
    await expect(row(`host:${LAST}`).isVisible()).resolves.toBe(true)
    // The top of the tree has left the DOM: it is virtual, not merely scrolled.
    await expect(row('engine').count()).resolves.toBe(0)
    expect(await rowsInDom()).toBeLessThan(100)
    // Its place among all rows is told to assistive technology: last but one.
    const setSize = Number(await row(`host:${LAST}`).getAttribute('aria-setsize'))
    expect(setSize).toBeGreaterThan(100)
    await expect(row(`host:${LAST}`).getAttribute('aria-posinset')).resolves.toBe(
      String(setSize - 1),
    )
  })

  it('reaches the first row with Home and the last host with End, by keyboard', async () => {
    const { page } = session
    await row(`host:${LAST}`).focus()
    await page.keyboard.press('Home')
    await expect.poll(focusedKey).toBe('engine')
    await expect(row('engine').isVisible()).resolves.toBe(true)
    await page.keyboard.press('End')
    await expect.poll(focusedKey).toBe('proxies')
    await page.keyboard.press('ArrowUp')
    await expect.poll(focusedKey).toBe(`host:${LAST}`)
    await expect(row(`host:${LAST}`).isVisible()).resolves.toBe(true)
    expect(await rowsInDom()).toBeLessThan(100)
  })

  it('opens the last host with Enter; its plan shows the first candidates and "+N more"', async () => {
    const { page } = session
    await row(`host:${LAST}`).focus()
    await page.keyboard.press('Enter')
    await page.getByTestId(`host-editor-${LAST}`).waitFor()
    await waitForLivePlan(page)
    const inspector = page.getByTestId('inspector')
    await expect(inspector.getByTestId('plan-panel').getAttribute('data-host')).resolves.toBe(LAST)
    const candidates = inspector.locator('[data-testid^="plan-candidate-bmc1-"]')
    const shown = await candidates.count()
    expect(shown).toBeGreaterThan(0)
    expect(shown).toBeLessThanOrEqual(10)
    const more = inspector.getByTestId('plan-more-candidates-bmc1')
    const hidden = Number((await more.innerText()).replace(/[^\d]/g, ''))
    // cluster (44 up hosts) then dc (the site's other 405 up hosts and its jump box): hundreds.
    expect(hidden).toBeGreaterThan(400)
    // The "more" is a button, reached and pressed by keyboard.
    await more.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => candidates.count()).toBeGreaterThan(shown)
    expect(await candidates.count()).toBeLessThan(shown + 100)
    // Rejections are cut too: the site's hosts in maintenance, and the other sites not listed.
    const rejected = inspector.getByTestId('plan-rejected-bmc1')
    await rejected.locator('summary').click()
    await expect(rejected.locator('summary').innerText()).resolves.toMatch(/1,5\d\d not listed/)
    await inspector.getByTestId('plan-more-rejected-bmc1').waitFor()
    await inspector.getByTestId('plan-more-unlisted-bmc1').waitFor()
    await expect(
      inspector.locator('[data-testid^="plan-rejection-bmc1-"]').count(),
    ).resolves.toBeLessThanOrEqual(10)
    await session.screenshot('bigLab-tree')
  })
})
