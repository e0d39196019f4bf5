// Issue 8 in a real browser, driven by keyboard and mouse: a renamed device keeps the next field's
// keystrokes, Enter confirms a power-on, a problem leads to its focused field, and preference
// suggestions come as one types. Screenshots of the changed dialogs go to test/e2e/screenshots/.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { chips, selectHost, waitForRun } from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

describeWithParts(skip, 'the editor keeps what is typed and tells the truth', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
  })
  afterAll(async () => {
    await session?.close()
  })

  it('keeps focus and keystrokes in the field clicked right after renaming a device', async () => {
    const { page } = session
    await selectHost(page, 'a1')
    const id = page.getByTestId('device-a1-psu1-id').locator('input')
    await id.click()
    await id.press('Control+a')
    await page.keyboard.type('bmc-1')
    // Click into the device's next field and type at once, as a person does.
    await page.getByTestId('param-a1-psu1-bmc').locator('input').click()
    await page.keyboard.press('Control+a')
    await page.keyboard.type('a1-psu9')
    const bmc = page.getByTestId('param-a1-bmc-1-bmc').locator('input')
    await expect(bmc.inputValue()).resolves.toBe('a1-psu9')
    expect(await bmc.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
  })

  it('keeps the focus in the device when Tab leads on from the renamed id', async () => {
    const { page } = session
    const id = page.getByTestId('device-a1-psu2-id').locator('input')
    await id.click()
    await id.press('Control+a')
    await page.keyboard.type('bmc-2')
    await page.keyboard.press('Tab')
    // Focus stays in the (renamed) device's form, not lost to the page.
    await expect
      .poll(() =>
        page
          .getByTestId('device-form-a1-bmc-2')
          .evaluate((form) => form.contains(form.ownerDocument.activeElement)),
      )
      .toBe(true)
  })

  it('focuses the field of a problem clicked in the problems list', async () => {
    const { page } = session
    const address = page.getByTestId('host-address').locator('input')
    await address.click()
    await address.press('Control+a')
    await page.keyboard.type('not valid!')
    await page.getByTestId('status-problems').click()
    await page.getByTestId('problem-0').click()
    await expect
      .poll(() => address.evaluate((el) => el === el.ownerDocument.activeElement))
      .toBe(true)
    await expect(page.getByTestId('problem-0').innerText()).resolves.toContain('address of host a1')
    await session.screenshot('problems-named')
    // From another view too: the editor opens with the field focused, not just scrolled to.
    await page.getByTestId('view-graph').click()
    await page.getByTestId('graph-view').waitFor()
    await page.getByTestId('problem-0').click()
    await expect
      .poll(() => address.evaluate((el) => el === el.ownerDocument.activeElement))
      .toBe(true)
    await address.press('Control+a')
    await page.keyboard.type('a1.demo.example')
  })

  it('suggests machines and keywords while a preference is typed', async () => {
    const { page } = session
    const input = page.getByTestId('pref-device-a1-bmc-1-input').locator('input')
    await input.click()
    await page.keyboard.type('w')
    const options = page.locator('.n-auto-complete-menu .n-base-select-option')
    await options.first().waitFor()
    expect(await options.allInnerTexts()).toEqual([
      expect.stringContaining('w1'),
      expect.stringContaining('w2'),
    ])
    await session.screenshot('pref-suggestions')
    // Escape closes the list and keeps the text.
    await page.keyboard.press('Escape')
    await options.first().waitFor({ state: 'hidden' })
    await expect(input.inputValue()).resolves.toBe('w')
    // Arrows and Enter take a suggestion…
    await page.keyboard.type('2')
    await options.first().waitFor()
    await page.keyboard.press('Enter')
    await expect.poll(() => chips(page, 'device-a1-bmc-1')).toEqual(['w2'])
    // …and so does a click, without the typed part becoming a chip of its own.
    await input.click()
    await page.keyboard.type('eng')
    await options.first().waitFor()
    await options.first().click()
    await expect.poll(() => chips(page, 'device-a1-bmc-1')).toEqual(['w2', 'engine'])
    await expect(input.inputValue()).resolves.toBe('')
  })

  it('confirms a power-on with Enter', async () => {
    const { page } = session
    await selectHost(page, 'a1')
    await page.getByTestId('action-on').click()
    const ok = page.getByTestId('confirm-action-ok')
    await ok.waitFor()
    await expect.poll(() => ok.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
    await session.screenshot('confirm-power-on')
    await page.keyboard.press('Enter')
    await expect(waitForRun(page.getByTestId('inspector'), 'on')).resolves.toBe('ok')
  })
})
