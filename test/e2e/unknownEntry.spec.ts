// Issue 8 item 12, last part, in a real browser: a named preference entry that matches no machine
// is a warning, not an error — the offline draft is saved with Ctrl+S — and the power actions of
// the host it applies to are refused with the reason (DESIGN.md §3 `unknown-reference`).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { chips, selectHost, waitForRun } from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()
const LIST = 'hosts[0].powerManagement.devices[0].proxyPreferences'

describeWithParts(skip, 'a preference entry that matches no machine', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
  })
  afterAll(async () => {
    await session?.close()
  })

  it('is a warning at the chip, the field and the problems list', async () => {
    const { page } = session
    await selectHost(page, 'a1')
    const input = page.getByTestId('pref-device-a1-psu1-input').locator('input')
    await input.click()
    await page.keyboard.type('ghost.lab, cluster')
    await page.keyboard.press('Enter')
    await expect.poll(() => chips(page, 'device-a1-psu1')).toEqual(['ghost.lab', 'cluster'])
    const chip = page.getByTestId('pref-device-a1-psu1-chip-0')
    await expect(chip.getAttribute('class')).resolves.toContain('unknown')
    await expect(chip.getAttribute('title')).resolves.toMatch(
      /^Warning: ghost\.lab matches no machine/,
    )
    const field = page.getByTestId(`warnings-${LIST}`)
    await expect
      .poll(() => field.innerText().catch(() => ''))
      .toContain('entry 1: "ghost.lab" matches no host or proxy of the document')
    // A warning, not an error: nothing says the topology cannot be saved.
    await expect(page.getByTestId(`issues-${LIST}`).count()).resolves.toBe(0)
    await expect(page.getByTestId('status-problems').innerText()).resolves.toBe('1 warning')
    await page.getByTestId('status-problems').click()
    const problem = page.getByTestId('problem-0')
    await expect(problem.innerText()).resolves.toContain(
      'entry 1 of the proxy preferences of psu1 of a1',
    )
    await expect(problem.innerText()).resolves.toMatch(/warning/i)
    await expect(page.getByTestId('problems-list').innerText()).resolves.toContain(
      'None. The topology is valid.',
    )
  })

  it('Ctrl+S saves the draft with the entry in it', async () => {
    const { page, core } = session
    await page.keyboard.press('Control+s')
    await expect
      .poll(() => page.getByTestId('status-save').innerText(), { timeout: 5_000 })
      .toBe('Saved')
    const stored = core.loadStored().document
    expect(stored?.hosts[0]?.powerManagement?.devices[0]?.proxyPreferences).toEqual([
      'ghost.lab',
      'cluster',
    ])
  })

  it('refuses the power actions with the reason; a dry run shows the plan and says why', async () => {
    const { page } = session
    const reason = page.getByTestId('actions-refused-reason')
    await reason.waitFor()
    await expect(reason.innerText()).resolves.toContain(
      'No power action runs on a1: "ghost.lab" in the preferences of psu1 of a1 matches no host or proxy',
    )
    for (const action of ['status', 'on', 'off', 'restart']) {
      await expect(page.getByTestId(`action-${action}`).isDisabled()).resolves.toBe(true)
    }
    await page.getByTestId('pref-device-a1-psu1-chip-0').scrollIntoViewIfNeeded()
    await session.screenshot('unknown-entry')
    // The dry run still runs (nothing is executed) and names the refusal.
    await page.getByTestId('action-off-dry').click()
    const inspector = page.getByTestId('inspector')
    await expect(waitForRun(inspector, 'off')).resolves.toBe('ok')
    await expect(inspector.getByTestId('run-off').innerText()).resolves.toContain(
      'Only a dry run: No power action runs on a1',
    )
    // Removing the entry and saving lifts the refusal.
    await page.getByTestId('pref-device-a1-psu1-chip-0').focus()
    await page.keyboard.press('Delete')
    await expect.poll(() => chips(page, 'device-a1-psu1')).toEqual(['cluster'])
    await page.keyboard.press('Control+s')
    await expect
      .poll(() => page.getByTestId('action-status').isDisabled(), { timeout: 5_000 })
      .toBe(false)
    await expect(reason.count()).resolves.toBe(0)
  })
})
