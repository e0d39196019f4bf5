// "Start empty" is not a dead end: the empty engine page opens the demo lab again, throw-away.
// Its power actions run on the simulated lab, the store stays as it was, and saving it asks first.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { selectHost, waitForRun } from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

describeWithParts(skip, 'opening the demo lab after "Start empty"', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
  })
  afterAll(async () => {
    await session?.close()
  })

  it('starts empty, then opens the demo from the empty engine page without touching the store', async () => {
    const { page, core } = session
    await page.getByTestId('demo-start-empty').click()
    await page.getByTestId('demo-start-empty-confirm').click()
    await page.getByTestId('engine-open-demo').waitFor()
    await expect(page.getByTestId('engine-empty').innerText()).resolves.toContain(
      'open the demo lab',
    )
    await session.screenshot('open-demo-empty-engine')
    const stored = readFileSync(core.storeFile)

    await page.getByTestId('engine-open-demo').click()
    await page.getByTestId('demo-back-to-stored').waitFor()
    await selectHost(page, 'a1')
    await page.getByTestId('action-status').click()
    await expect(waitForRun(page, 'status')).resolves.toBe('ok')
    await session.screenshot('open-demo-banner')
    expect(readFileSync(core.storeFile).equals(stored)).toBe(true)
    expect(core.loadStored().document?.hosts).toEqual([])
  })

  it('asks before the demo replaces the stored lab', async () => {
    const { page, core } = session
    const stored = readFileSync(core.storeFile)
    await page.keyboard.press('Control+s')
    await page.getByTestId('demo-save-confirm').waitFor()
    await expect(page.locator('.n-dialog').innerText()).resolves.toContain(
      'Replace your stored lab with the demo?',
    )
    await session.screenshot('open-demo-save-confirm')
    await page.locator('.n-dialog').getByRole('button', { name: 'Cancel' }).click()
    await page.locator('.n-dialog').waitFor({ state: 'detached' })
    expect(readFileSync(core.storeFile).equals(stored)).toBe(true)

    await page.getByTestId('demo-back-to-stored').click()
    await page.getByTestId('engine-open-demo').waitFor()
    await expect(page.locator('[data-testid="tree-node-host-a1"]').count()).resolves.toBe(0)
  })
})
