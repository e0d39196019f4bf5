// First start: the demo lab with its banner. A restart of a demo host through the power actions,
// confirmed by typing the host's name, shown step by step in the live timeline, then in history.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { HistoryEntry } from '../../src-main/common/api'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { SimWorld } from '../../src-main/core/plugins/simWorld'
import { NO_FAULTS, selectHost, timelineRows, waitForMoment, waitForRun } from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

describeWithParts(skip, 'restarting a demo host', () => {
  let session: AppSession
  let entry: HistoryEntry

  beforeAll(async () => {
    session = await openApp()
    await session.core.api.demo.setFaults(NO_FAULTS)
  })
  afterAll(async () => {
    await session?.close()
  })

  it('opens the demo lab on first start, with its banner', async () => {
    const { page } = session
    const banner = page.getByTestId('demo-banner')
    await expect(banner.innerText()).resolves.toContain(
      'Demo lab — simulated devices, nothing real is powered',
    )
    // A way out of the demo: an empty topology or an import.
    await expect(page.getByTestId('demo-start-empty').isVisible()).resolves.toBe(true)
    await expect(page.getByTestId('demo-import').isVisible()).resolves.toBe(true)
    await expect(page.getByTestId('status-save').innerText()).resolves.toBe(
      'Demo lab — not saved yet',
    )
    expect(session.core.loadStored().document).toBeUndefined()
  })

  it('asks for the host name before a restart of a host that is up', async () => {
    const { page } = session
    await selectHost(page, 'a2')
    await page.getByTestId('action-restart').click()
    const dialog = page.getByTestId('confirm-action')
    await dialog.waitFor()
    await expect(dialog.innerText()).resolves.toContain('Restart a2?')
    await expect(page.getByTestId('confirm-action-devices').innerText()).resolves.toContain('bmc')
    const ok = page.getByTestId('confirm-action-ok')
    await expect(ok.isDisabled()).resolves.toBe(true)

    const input = page.getByTestId('confirm-action-input').locator('input')
    await input.fill('a1')
    await expect(ok.isDisabled()).resolves.toBe(true)
    await input.fill('a2')
    await expect(ok.isEnabled()).resolves.toBe(true)
  })

  it('shows every step live in the timeline: off, status, on, status', async () => {
    const { page } = session
    // Each call of a2's BMC takes 250 ms, so the run lasts long enough to watch it grow.
    SimWorld.of(session.core.registry)!.slow('a2-bmc', 250)
    const running =
      '[data-testid="inspector-run"] [data-testid="run-restart"][data-state="running"]'
    const firstRowRunning = waitForMoment(
      page,
      `${running} [data-testid="timeline-row-0"][data-outcome="running"]`,
    )
    const secondRowWhileRunning = waitForMoment(page, `${running} [data-testid="timeline-row-1"]`)
    await page.getByTestId('confirm-action-ok').click()
    await firstRowRunning
    // Cancel is there while it runs.
    await expect(page.getByTestId('run-cancel').isVisible()).resolves.toBe(true)
    await secondRowWhileRunning
    await page.getByTestId('confirm-action').waitFor({ state: 'detached' })

    const run = page.getByTestId('inspector-run')
    await expect(waitForRun(run, 'restart')).resolves.toBe('ok')
    await expect(run.getByTestId('run-outcome').innerText()).resolves.toBe(
      'Restarted: off, then on (confirmed).',
    )

    const rows = await timelineRows(run)
    // a2's plan tries a1 first (cluster); nothing is broken, so a1 does every step.
    expect(rows).toEqual([
      {
        device: 'bmc',
        proxy: 'a1',
        action: 'off',
        code: 'ok',
        words: 'succeeded',
        highlighted: true,
      },
      {
        device: 'bmc',
        proxy: 'a1',
        action: 'status',
        code: 'ok',
        words: 'power off',
        highlighted: false,
      },
      {
        device: 'bmc',
        proxy: 'a1',
        action: 'on',
        code: 'ok',
        words: 'succeeded',
        highlighted: true,
      },
      {
        device: 'bmc',
        proxy: 'a1',
        action: 'status',
        code: 'ok',
        words: 'power on',
        highlighted: false,
      },
    ])
    // The code stays reachable in the outcome's tooltip.
    await expect(
      run.getByTestId('timeline-row-0').locator('abbr').getAttribute('title'),
    ).resolves.toBe('code: ok')

    // The timeline is what the core recorded.
    const history = await session.core.api.fencing.history('a2', 'demo')
    expect(history).toHaveLength(1)
    entry = history[0]!
    expect(entry).toMatchObject({ action: 'restart', result: 'ok', power: 'on', dryRun: false })
    expect(entry.attempts.map((a) => [a.device, a.proxy, a.action, a.outcome])).toEqual(
      rows.map((r) => [r.device, r.proxy, r.action, r.code]),
    )
    SimWorld.of(session.core.registry)!.clearFault('a2-bmc')
    await session.screenshot('timeline-restart')
  })

  it('lists the restart in the history view', async () => {
    const { page } = session
    await page.getByTestId('view-history').click()
    const item = page.getByTestId(`history-${entry.runId}`)
    await item.waitFor()
    expect(await page.locator('[data-testid="history-view"] li.entry').count()).toBe(1)
    const summary = await item.locator('button.summary').innerText()
    expect(summary).toMatch(/Restart\s+a2/)
    expect(summary).toContain('succeeded')
    expect(summary).toContain('4 attempts')

    await item.locator('button.summary').click()
    const rows = await timelineRows(item, `history-timeline-${entry.runId}`)
    expect(rows.map((r) => [r.device, r.proxy, r.action, r.words, r.highlighted])).toEqual([
      ['bmc', 'a1', 'off', 'succeeded', true],
      ['bmc', 'a1', 'status', 'power off', false],
      ['bmc', 'a1', 'on', 'succeeded', true],
      ['bmc', 'a1', 'status', 'power on', false],
    ])
    await session.screenshot('history')
  })
})
