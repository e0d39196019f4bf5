// The time budget beside the plan (DESIGN.md §8) in a real browser: the inspector shows what
// common/budget.ts gives for the selected host's plan and the stored settings, flags it amber
// while the worst case is over the limit, and follows a new limit saved in Settings.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEFAULT_BUDGET_LIMIT_MS, durationWords, planBudget } from '../../src-main/common/budget'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { selectHost } from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()
const DEMO = join(__dirname, '../../resources/demo-lab.json')

describeWithParts(skip, 'the time budget beside the plan', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
  })
  afterAll(async () => {
    await session?.close()
  })

  it('shows best and worst case of power off, flagged over the limit, and a new limit', async () => {
    const { page, core } = session
    await selectHost(page, 'a1')
    // A first start shows the demo lab: the budget of its a1 under the stored settings.
    const demo = core.validate(JSON.parse(readFileSync(DEMO, 'utf8')))
    if (!demo.ok) throw new Error('the demo lab does not validate')
    const budget = planBudget(
      core.plan(demo.document, 'a1', undefined, 'demo'),
      await core.api.settings.get(),
    )
    const panel = page.locator('[data-testid="inspector"] [data-testid="plan-budget"]')
    await panel.scrollIntoViewIfNeeded()
    await expect(panel.getByTestId('plan-budget-line').innerText()).resolves.toContain(
      `${durationWords(budget.budget.bestMs)} at best, ${durationWords(budget.budget.worstMs)} at worst`,
    )
    // Over the default limit or not, the flag says what the arithmetic says.
    await expect(panel.getByTestId('plan-budget-over').count()).resolves.toBe(
      budget.overLimit ? 1 : 0,
    )
    if (budget.overLimit) {
      await expect(panel.getByTestId('plan-budget-over').innerText()).resolves.toContain(
        `over the limit of ${durationWords(DEFAULT_BUDGET_LIMIT_MS)}`,
      )
    }
    await panel.locator('summary').click()
    await session.screenshot('plan-budget')

    // A limit below the worst case, saved in Settings: the flag comes, naming it.
    await page.getByTestId('view-settings').click()
    const limit = page.getByTestId('settings-budget-limit').locator('input')
    await limit.fill('1')
    await limit.blur()
    await session.screenshot('settings-budget-limit')
    await page.getByTestId('settings-save').click()
    await expect
      .poll(async () => (await core.api.settings.get()).fencing.budgetLimitMs)
      .toBe(60_000)
    expect(budget.budget.worstMs).toBeGreaterThan(60_000)
    await page.getByTestId('view-editor').click()
    await selectHost(page, 'a1')
    await expect
      .poll(() => panel.getByTestId('plan-budget-over').innerText())
      .toContain('over the limit of 1 min')
    await panel.scrollIntoViewIfNeeded()
    await session.screenshot('plan-budget-over')
  })
})
