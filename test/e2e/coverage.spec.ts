// Coverage in a real browser (issue 10): the lab drawn by data center and cluster, each host
// coloured as common/coverage judges it, the single points of failure listed, "what if" by
// ticking one down, and a click opening the host's plan in the inspector.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { computeCoverage, hasSpareRoute } from '../../src-main/common/coverage/computeCoverage'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { bigLab, storeLab } from './support/bigLab'
import { coverageLab } from '../main/common/coverageLab'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

describeWithParts(skip, 'the coverage view', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
    await storeLab(session.core, coverageLab())
    await session.reopen()
  })
  afterAll(async () => {
    await session?.close()
  })

  const stateOf = (hostId: string) =>
    session.page.getByTestId(`coverage-host-${hostId}`).getAttribute('data-state')

  it('colours every host as coverage judges it, lists the single points of failure, and answers what if', async () => {
    const { page } = session
    await page.getByTestId('view-coverage').click()
    await page.getByTestId('coverage-summary').waitFor()

    const report = computeCoverage(coverageLab())
    for (const h of report.hosts) {
      const expected = !h.fenceable ? 'none' : hasSpareRoute(h) ? 'ok' : 'single'
      await expect.poll(() => stateOf(h.hostId)).toBe(expected)
    }
    // x1 has its power management off.
    await expect.poll(() => stateOf('h-x1')).toBe('unmanaged')
    await expect(page.getByTestId('coverage-summary').innerText()).resolves.toContain(
      '5 of 6 hosts can be fenced, 3 through a single route or machine; 1 cannot',
    )
    const spofs = page.getByTestId('coverage-spofs')
    for (const name of ['jump1', 'b2', 'engine'])
      await expect(spofs.innerText()).resolves.toContain(name)
    await expect(page.getByTestId('coverage-shared').innerText()).resolves.toContain(
      'losing it leaves a2 with no route',
    )

    // A click selects the host: the inspector shows its plan, the view its routes.
    await page.getByTestId('coverage-host-h-a2').click()
    await expect
      .poll(() => page.getByTestId('coverage-detail').innerText())
      .toContain('Every route goes through jump1')
    await expect.poll(() => page.getByTestId('inspector').innerText()).toContain('jump1')
    await session.screenshot('coverage')

    // What if jump1 were down: a2 loses its only route.
    await page.getByTestId('coverage-spof-p-jump1').click()
    await expect.poll(() => stateOf('h-a2')).toBe('none')
    await expect
      .poll(() => page.getByTestId('coverage-detail').innerText())
      .toContain('jump1 is assumed down (what if)')
    await session.screenshot('coverage-what-if')

    // Brought back from the list of what is assumed down.
    await page.getByTestId('coverage-down-list').getByText('jump1 (proxy)').click()
    await expect.poll(() => stateOf('h-a2')).toBe('single')
  })

  it('draws a 2,000-host lab, every host a cell', async () => {
    await storeLab(session.core, bigLab())
    const page = await session.reopen()
    await page.getByTestId('view-coverage').click()
    await expect
      .poll(() => page.getByTestId('coverage-summary').innerText(), { timeout: 30_000 })
      .toMatch(/of 2000 hosts can be fenced/)
    await expect(page.getByTestId('coverage-picture').locator('button.cell').count()).resolves.toBe(
      2000,
    )
    await session.screenshot('coverage-big-lab')
  })
})
