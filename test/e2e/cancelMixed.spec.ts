// Issue 8 item 6 (DESIGN.md §4, cancel): a person restarts a1 (two power supplies of order 1, a
// PDU of order 2) with psu2 made slow in the fault panel, and cancels once psu1 is confirmed off.
// The run panel says cancelled, shows each device's last known power and warns "mixed — the host
// may be half-powered" with the next safe steps as buttons; readiness flags the supplies as mixed;
// "Finish power off" goes through the usual confirmation; history says cancelled, never failed.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { HistoryEntry } from '../../src-main/common/api'
import { SimWorld, demoFaults } from '../../src-main/core/plugins/simWorld'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { selectHost, timelineRows, waitForRun } from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

describeWithParts(skip, 'cancelling a restart half-way: mixed power, said and offered', () => {
  let session: AppSession
  let world: SimWorld
  let cancelled: HistoryEntry

  const simPower = (bmc: string): string | undefined =>
    world.snapshot().bmcs.find((b) => b.bmc === bmc)?.power

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
    world = SimWorld.of(session.core.registry)!
    world.reset()
  })
  afterAll(async () => {
    if (session) SimWorld.of(session.core.registry)?.reset()
    await session?.close()
  })

  it('shows each device last known power, the mixed warning and the next steps', async () => {
    const { page } = session
    // psu2 answers slowly (the fault panel's "Slow"), so psu1 is off while psu2's off is out.
    await page.getByTestId('view-demo').click()
    await page.getByTestId('fault-slow-a1-psu2').click()
    await expect.poll(() => demoFaults(session.core.registry).slow).toEqual(['a1-psu2'])

    await selectHost(page, 'a1')
    await page.getByTestId('action-restart').click()
    await page.getByTestId('confirm-action').waitFor()
    await page.getByTestId('confirm-action-input').locator('input').click()
    await page.keyboard.type('a1')
    const running =
      '[data-testid="inspector-run"] [data-testid="run-restart"][data-state="running"]'
    await page.getByTestId('confirm-action-ok').click()
    // psu1's off confirmed by its status while the run still runs (psu2 takes 2.5 s): the moment
    // to cancel.
    await page
      .locator(`${running} tr[data-outcome="ok"]`)
      .filter({ hasText: 'psu1' })
      .filter({ hasText: 'power off' })
      .waitFor()
    await page.getByTestId('run-cancel').click()

    const run = page.getByTestId('inspector-run')
    await expect(waitForRun(run, 'restart')).resolves.toBe('cancelled')
    await expect(run.getByTestId('run-outcome').innerText()).resolves.toBe('Cancelled.')
    await expect(run.getByTestId('run-mixed-warning').innerText()).resolves.toContain(
      'mixed — the host may be half-powered',
    )
    const shown = async (device: string) =>
      run.getByTestId(`run-power-${device}`).getAttribute('data-power')
    await expect(shown('psu1')).resolves.toBe('off')
    await expect(shown('psu2')).resolves.toBe('unknown')
    await expect(shown('pdu')).resolves.toBe('unknown')
    await expect(run.getByTestId('run-group-1').getAttribute('data-state')).resolves.toBe('mixed')
    // The words of the next safe steps, as buttons.
    await expect(run.getByTestId('run-step-off').innerText()).resolves.toBe('Finish power off')
    await expect(run.getByTestId('run-step-on').innerText()).resolves.toBe('Power on')
    // The psu2 off that was out is shown cancelled, not failed.
    const rows = await timelineRows(run)
    expect(rows.filter((r) => r.device === 'psu2').map((r) => [r.action, r.code])).toEqual([
      ['off', 'cancelled'],
    ])
    // And it is true: the simulated host is half-powered.
    expect([simPower('a1-psu1'), simPower('a1-psu2')]).toEqual(['off', 'on'])

    const history = await session.core.api.fencing.history('a1', 'demo')
    cancelled = history[0]!
    expect(cancelled).toMatchObject({ action: 'restart', result: 'cancelled' })
    await run.scrollIntoViewIfNeeded()
    await session.screenshot('cancel-mixed')
  })

  it('readiness shows each device power and flags the supplies as mixed, not all green', async () => {
    const { page } = session
    await page.getByTestId('view-readiness').click()
    await page.getByTestId('readiness-test').click()
    const view = page.getByTestId('readiness-view')
    await expect(waitForRun(view, 'test')).resolves.not.toBe('running')
    const power = (device: string) =>
      page.getByTestId(`readiness-power-${device}`).getAttribute('data-power')
    await expect(power('psu1')).resolves.toBe('off')
    await expect(power('psu2')).resolves.toBe('on')
    await expect(power('pdu')).resolves.toBe('on')
    await expect(page.getByTestId('readiness-power-psu1').getAttribute('data-group')).resolves.toBe(
      'mixed',
    )
    await expect(page.getByTestId('readiness-power-pdu').getAttribute('data-group')).resolves.toBe(
      'on',
    )
    await expect(page.getByTestId('readiness-mixed-1').innerText()).resolves.toBe(
      'Devices of order 1 answered differently (psu1 off, psu2 on): ' +
        'mixed — the host may be half-powered.',
    )
    expect(await page.locator('[data-testid^="readiness-mixed-"]').count()).toBe(1)
    await session.screenshot('readiness-mixed')
  })

  it('the next safe step starts through the usual confirmation and finishes the power off', async () => {
    const { page } = session
    const run = page.getByTestId('inspector-run')
    await run.getByTestId('run-step-off').click()
    const dialog = page.getByTestId('confirm-action')
    await dialog.waitFor()
    await expect(dialog.innerText()).resolves.toContain('Power off a1?')
    const ok = page.getByTestId('confirm-action-ok')
    // a1 is up: its name must be typed, as for the Power off button.
    await expect(ok.isDisabled()).resolves.toBe(true)
    await page.getByTestId('confirm-action-input').locator('input').click()
    await page.keyboard.type('a1')
    await ok.click()
    await expect(waitForRun(run, 'off')).resolves.toBe('ok')
    await expect(run.getByTestId('run-outcome').innerText()).resolves.toBe(
      'Powered off (confirmed).',
    )
    expect(await run.getByTestId('run-mixed-warning').count()).toBe(0)
    expect([simPower('a1-psu1'), simPower('a1-psu2')]).toEqual(['off', 'off'])
  })

  it('history says cancelled for the restart, never failed', async () => {
    const { page } = session
    await page.getByTestId('view-history').click()
    const item = page.getByTestId(`history-${cancelled.runId}`)
    await item.waitFor()
    await expect(page.getByTestId(`history-${cancelled.runId}-result`).innerText()).resolves.toBe(
      'cancelled',
    )
    expect(await item.locator('button.summary').innerText()).not.toContain('failed')
    const entries = await session.core.api.fencing.history('a1', 'demo')
    expect(entries.map((e) => [e.action, e.result])).toEqual([
      ['off', 'ok'],
      ['restart', 'cancelled'],
    ])
  })
})
