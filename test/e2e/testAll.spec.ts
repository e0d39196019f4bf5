// Issue 10 item 3 (DESIGN.md §8 "Many hosts at once") in the browser, on the demo lab: "Test all"
// in the readiness view tests every host at once; the progress bar and counts follow the run,
// rows fill in as hosts end, a failing BMC is counted and its host flagged; Cancel stops a run.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { SimWorld } from '../../src-main/core/plugins/simWorld'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

describeWithParts(skip, 'Test all in the readiness view (demo lab)', () => {
  let session: AppSession
  let world: SimWorld

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
    world = SimWorld.of(session.core.registry)!
    world.reset()
  })
  afterAll(async () => {
    if (session) SimWorld.of(session.core.registry)?.reset()
    await session?.close()
  })

  it('tests every host at once with a progress bar; results fill the list as they come', async () => {
    const { page } = session
    await page.getByTestId('view-readiness').click()
    const words = page.getByTestId('readiness-bulk-words')
    await expect
      .poll(() => page.getByTestId('readiness-state-untested').getAttribute('data-count'))
      .toBe('7')
    // The west cluster answers slowly: east's rows are in while the run goes on.
    world.slow('w1-bmc', 2_500)
    world.slow('w2-bmc', 2_500)
    world.fail('b2-bmc', 'Unable to connect')

    await page.getByTestId('readiness-test-all').click()
    // (Within the agent timeout of 3 s: slow, not dead.)
    await page
      .locator('[data-testid="readiness-bulk-words"][data-state="running"]', {
        hasText: /^Testing… [1-6]\/7 hosts/,
      })
      .waitFor()
    await expect(page.getByTestId('readiness-row-a2').getAttribute('data-state')).resolves.toBe(
      'ok',
    )
    await expect(page.getByTestId('readiness-bulk-cancel').isVisible()).resolves.toBe(true)
    await session.screenshot('readiness-test-all-running')

    await page.locator('[data-testid="readiness-bulk-words"][data-state="failed"]').waitFor()
    await expect(words.innerText()).resolves.toBe('Tested 7 hosts: 6 ok, 1 failed')
    const bar = page.getByTestId('readiness-bulk-progress')
    await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('7')
    await expect(page.getByTestId('readiness-row-b2').getAttribute('data-state')).resolves.toBe(
      'failing',
    )
    await expect(
      page.getByTestId('readiness-state-untested').getAttribute('data-count'),
    ).resolves.toBe('0')
    await expect(page.getByTestId('readiness-bulk-cancel').count()).resolves.toBe(0)
    await session.screenshot('readiness-test-all')
    // The results are the demo lab's, stored as a single test stores them.
    expect(
      session.core
        .reachability('demo')
        .filter((r) => r.hostId === 'b2')
        .every((r) => !r.ok),
    ).toBe(true)
  })

  it('Cancel stops a run at once and says so', async () => {
    const { page } = session
    world.reset()
    for (const bmc of ['a1-psu1', 'a2-bmc', 'a3-bmc', 'b1-bmc', 'b2-bmc', 'w1-bmc', 'w2-bmc'])
      world.slow(bmc, 5_000)
    await page.getByTestId('readiness-test-all').click()
    await page.getByTestId('readiness-bulk-cancel').click()
    const t0 = Date.now()
    await page.locator('[data-testid="readiness-bulk-words"][data-state="cancelled"]').waitFor()
    expect(Date.now() - t0).toBeLessThan(3_000)
    await expect(page.getByTestId('readiness-bulk-words').innerText()).resolves.toMatch(
      /^Cancelled: 7\/7 hosts/,
    )
  })
})
