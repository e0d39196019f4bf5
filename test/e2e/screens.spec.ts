// The main screens as a user first meets them, light and dark, saved as screenshots (a CI
// artifact to look at); each also checks what it shows against the core.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { edgesOverMachines, hasClass, selectHost, shownRoute, waitForRun } from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

describeWithParts(skip, 'main screens, light theme', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
  })
  afterAll(async () => {
    await session?.close()
  })

  it('shows the three panes with a host selected and its plan', async () => {
    const { page } = session
    await selectHost(page, 'a1')
    expect(await hasClass(page.getByTestId('app-shell'), 'dark')).toBe(false)
    await expect(page.getByTestId('page-title').innerText()).resolves.toContain('a1')
    expect((await shownRoute(page, 'pdu')).map((c) => c.proxy)).toEqual(['jump1', 'engine'])
    await expect(page.getByTestId('status-mode').innerText()).resolves.toContain('Browser')
    await session.screenshot('main')
  })

  it('lists every loaded plugin and its device types', async () => {
    const { page } = session
    await page.getByTestId('view-plugins').click()
    await page.getByTestId('plugin-sim').waitFor()
    const loaded = session.core.registry.plugins()
    expect(
      await page.locator('[data-testid^="plugin-"]:not([data-testid="plugins-view"])').count(),
    ).toBe(loaded.length)
    await expect(page.getByTestId('plugins-view').innerText()).resolves.toContain(
      `${session.core.registry.types().length} device types from ${loaded.length} plugins`,
    )
    await session.screenshot('plugins')
  })

  it('shows the settings the core uses', async () => {
    const { page } = session
    await page.getByTestId('view-settings').click()
    const settings = await session.core.api.settings.get()
    const timeout = page.getByTestId('settings-agent-timeout').locator('input')
    await expect
      .poll(() => timeout.inputValue())
      .toBe((settings.fencing.agentTimeoutMs / 1000).toFixed(1))
    await expect(page.getByTestId('settings-ssh-user').locator('input').inputValue()).resolves.toBe(
      settings.ssh.user,
    )
    await session.screenshot('settings')
  })

  it('draws every planned route of a host with three devices around the machines', async () => {
    const { page } = session
    await page.getByTestId('view-graph').click()
    await page.getByTestId('graph-node-device-pdu').waitFor()
    const doc = (await session.core.api.topology.load()).document
    const routes = session.core
      .plan(doc, 'a1')
      .devices.flatMap((d) => d.candidates.map((c) => `route:${d.device}:${c.proxyId}`))
    const edges = page.locator('g.vue-flow__edge[data-id^="route:"]')
    await expect
      .poll(async () =>
        (await edges.evaluateAll((all) => all.map((e) => e.getAttribute('data-id')))).sort(),
      )
      .toEqual(routes.sort())
    expect(await edgesOverMachines(page)).toEqual([])
    await session.screenshot('graph-plan')
  })

  it('switches to the dark theme from the toolbar', async () => {
    const { page } = session
    const shell = page.getByTestId('app-shell')
    // system (light here) → light → dark
    await page.getByTestId('theme-toggle').click()
    expect(await hasClass(shell, 'dark')).toBe(false)
    await page.getByTestId('theme-toggle').click()
    await expect.poll(() => hasClass(shell, 'dark')).toBe(true)
  })
})

describeWithParts(skip, 'main screens, dark theme', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'dark' })
  })
  afterAll(async () => {
    await session?.close()
  })

  it('follows the system preference and stays readable', async () => {
    const { page } = session
    expect(await hasClass(page.getByTestId('app-shell'), 'dark')).toBe(true)
    await selectHost(page, 'a2')
    await page.getByTestId('action-status').click()
    await expect(waitForRun(page.getByTestId('inspector-run'), 'status')).resolves.toBe('ok')
    await session.screenshot('dark-main')

    await page.getByTestId('view-graph').click()
    await page.locator('g.vue-flow__edge[data-id="route:bmc:a1"]').waitFor()
    await session.screenshot('dark-graph')

    await page.getByTestId('view-demo').click()
    await page.getByTestId('fault-bmc-a2-bmc').waitFor()
    await session.screenshot('dark-demo')
  })
})
