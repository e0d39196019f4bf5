// Every guided scenario of the demo view, run as a person would: its text is generated from the plan
// and the run, so what it says Fencepost will do and did must match the run's own timeline and the
// plan panel beside it. And a proxy the demo just took down keeps no green "last test ok" dot.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { NO_FAULTS, selectHost, shownRoute, timelineRows, waitForRun } from './support/ui'
import type { ShownRow } from './support/ui'
import { describeWithParts } from '../support/requiredParts'
import { SimWorld, demoFaults } from '../../src-main/core/plugins/simWorld'

const skip = browserUnavailable()

/** `psu1 answered through b1, admitted by the dc entry…` → device, proxy, entry. */
const ANSWERED =
  /^(\S+) answered through (\S+), admitted by (?:the (\S+) entry|the entry "([^"]+)")/

interface Answer {
  device: string
  proxy: string
  via: string
}

async function lines(scope: Locator): Promise<string[]> {
  return (await scope.locator('li').allTextContents()).map((t) => t.trim().replace(/\s+/g, ' '))
}

/** What the scenario's "what it did" says answered, per device. */
function answersOf(outcome: string[]): Answer[] {
  return outcome.flatMap((line) => {
    const m = ANSWERED.exec(line)
    return m ? [{ device: m[1]!, proxy: m[2]!, via: m[3] ?? m[4]! }] : []
  })
}

/** The proxy of each device's last successful row in the timeline. */
function lastOkProxy(rows: ShownRow[]): Map<string, string> {
  const answered = new Map<string, string>()
  for (const row of rows) if (row.code === 'ok') answered.set(row.device, row.proxy)
  return answered
}

/** Runs a scenario from its card and returns its narration once the run has ended. */
async function runScenario(page: Page, id: string, action: string): Promise<Locator> {
  await page.getByTestId('view-demo').click()
  const card = page.getByTestId(`scenario-${id}`)
  await card.waitFor()
  await card.getByTestId(`scenario-${id}-run`).click()
  const narration = page.getByTestId('scenario-narration')
  await expect(waitForRun(narration, action)).resolves.toMatch(/^(ok|failed)$/)
  await narration.getByTestId('scenario-outcome').waitFor()
  return narration
}

/**
 * The checks every scenario must pass: each device the text says answered did answer through that
 * proxy in the run's timeline, the plan panel admits that proxy through that entry, and the
 * forecast made before the run named the same proxy and entry as the one that should answer.
 */
async function checkAgainstRun(page: Page, narration: Locator): Promise<Answer[]> {
  const forecast = await lines(narration.getByTestId('scenario-forecast'))
  const outcome = await lines(narration.getByTestId('scenario-outcome'))
  const rows = await timelineRows(narration)
  const answers = answersOf(outcome)
  expect(answers.length).toBeGreaterThan(0)
  const last = lastOkProxy(rows)
  for (const a of answers) {
    expect(last.get(a.device), `${a.device} in the timeline`).toBe(a.proxy)
    const route = await shownRoute(page, a.device)
    expect(route, `${a.device} in the plan panel`).toContainEqual({ proxy: a.proxy, via: a.via })
    // The route sentence of the device: `psu1 and psu2: tries …`.
    const said = forecast.find(
      (l) =>
        l.includes(': tries ') &&
        l
          .split(': tries ')[0]!
          .split(/, | and /)
          .includes(a.device),
    )
    expect(said, `the forecast of ${a.device}`).toContain(
      `${a.proxy} (${a.via}), which should answer`,
    )
  }
  // Every failed row of the timeline is told, with its outcome in words.
  const steps = await lines(narration.getByTestId('scenario-steps'))
  expect(steps).toHaveLength(rows.length)
  rows.forEach((row, i) => {
    expect(steps[i]).toContain(`${row.device} ${row.action} through ${row.proxy}`)
    if (row.code !== 'ok') expect(steps[i]).toContain(row.words)
  })
  return answers
}

describeWithParts(skip, 'the guided scenarios of the demo lab', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
    SimWorld.of(session.core.registry)!.reset()
    await session.core.api.demo.setFaults(NO_FAULTS)
  })
  afterAll(async () => {
    if (session) SimWorld.of(session.core.registry)?.reset()
    await session?.close()
  })

  it("the cluster's proxies all down: said from the plan, checked against the run and the plan panel", async () => {
    const { page } = session
    // A readiness test first, so a2 carries the green "last test reached the device" dot.
    await selectHost(page, 'a1')
    await page.getByTestId('view-readiness').click()
    await page.getByTestId('readiness-test').click()
    await expect(waitForRun(page.getByTestId('readiness-view'), 'test')).resolves.toBe('ok')
    const dot = page.getByTestId('inspector').getByTestId('plan-reach-psu1-1')
    await expect.poll(() => dot.getAttribute('class')).toContain('ok')
    await expect(dot.getAttribute('title')).resolves.toMatch(/^last test reached the device at /)

    await page.getByTestId('view-demo').click()
    const card = page.getByTestId('scenario-cluster-down')
    // The setup says what it breaks: every proxy the cluster entry admits for a1.
    await expect(card.getByTestId('scenario-cluster-down-breaks').innerText()).resolves.toBe(
      'Breaks: a2 and jump1 are down.',
    )
    await expect(card.innerText()).resolves.not.toMatch(/walks .* past the cluster/)
    // Before the run, the card previews what Fencepost will do: opened with the keyboard.
    await card.locator('summary').focus()
    await page.keyboard.press('Enter')
    const preview = await lines(card.locator('details'))
    await expect(card.locator('details li').first().isVisible()).resolves.toBe(true)
    await session.screenshot('demo-scenario-cards')

    const narration = await runScenario(page, 'cluster-down', 'status')
    await expect
      .poll(() => demoFaults(session.core.registry).proxiesDown.sort())
      .toEqual(['a2', 'jump1'])
    const forecast = await lines(narration.getByTestId('scenario-forecast'))
    expect(forecast).toContain(
      'psu1 and psu2: tries a2 (cluster), where a2 is down: could not reach proxy; then jump1 (cluster), where jump1 is down: could not reach proxy; then b1 (dc), which should answer. Not candidates: a1 (cluster) is the host being fenced; a3 (cluster) is in maintenance; b2 (dc) may not act as a proxy (canProxy is false).',
    )
    expect(forecast).toEqual(preview)
    const answers = await checkAgainstRun(page, narration)
    // The entry that answered: dc, past the cluster entry, for both supplies.
    expect(answers).toEqual([
      { device: 'psu1', proxy: 'b1', via: 'dc' },
      { device: 'psu2', proxy: 'b1', via: 'dc' },
    ])
    const outcome = await lines(narration.getByTestId('scenario-outcome'))
    expect(outcome[0]).toBe(
      'psu1 answered through b1, admitted by the dc entry, after a2 and jump1 failed.',
    )
    await narration.scrollIntoViewIfNeeded()
    await session.screenshot('demo-scenario-run')

    // The plan panel while the fault is active: a2 is still first (Fencepost does not know it is
    // down) but its dot is no longer green, and it says why.
    const inspector = page.getByTestId('inspector')
    expect((await shownRoute(page, 'psu1'))[0]).toEqual({ proxy: 'a2', via: 'cluster' })
    const a2Dot = inspector.getByTestId('plan-reach-psu1-1')
    expect(await a2Dot.getAttribute('class')).not.toMatch(/\bok\b/)
    expect(await a2Dot.getAttribute('class')).toMatch(/\bstale\b/)
    await expect(a2Dot.getAttribute('title')).resolves.toMatch(
      /^last test reached the device at \S+, before the demo fault — now a2 is down: could not reach proxy$/,
    )
    await expect(inspector.getByTestId('plan-fault-psu1-a2').innerText()).resolves.toBe(
      'demo: a2 is down',
    )
    // b1, untouched by any fault, keeps its true state.
    const b1 = (await shownRoute(page, 'psu1')).findIndex((c) => c.proxy === 'b1')
    await expect(
      inspector.getByTestId(`plan-reach-psu1-${b1 + 1}`).getAttribute('class'),
    ).resolves.toMatch(/\bok\b/)
    await expect(inspector.getByTestId('plan-fault-psu1-b1').count()).resolves.toBe(0)
    await inspector.getByTestId('plan-panel').scrollIntoViewIfNeeded()
    await session.screenshot('demo-scenario-plan')

    // Faults cleared: the green dot is back, the note gone.
    await page.getByTestId('faults-clear').click()
    await expect.poll(() => a2Dot.getAttribute('class')).toMatch(/\bok\b/)
    await expect(inspector.getByTestId('plan-fault-psu1-a2').count()).resolves.toBe(0)
  })

  it('a dual power supply: both supplies switched together, as said', async () => {
    const { page } = session
    const narration = await runScenario(page, 'dual-psu', 'restart')
    await expect(page.getByTestId('scenario-dual-psu-breaks').innerText()).resolves.toBe(
      'Breaks: Nothing is broken.',
    )
    const forecast = await lines(narration.getByTestId('scenario-forecast'))
    expect(forecast[0]).toBe(
      'psu1 and psu2 act together: both are powered off, checked off, then powered on — one left on would keep the host running.',
    )
    const answers = await checkAgainstRun(page, narration)
    expect(answers.map((a) => a.device).sort()).toEqual(['psu1', 'psu2'])
    const rows = await timelineRows(narration)
    for (const device of ['psu1', 'psu2'])
      expect(
        rows.filter((r) => r.device === device && r.code === 'ok').map((r) => r.action),
      ).toEqual(['off', 'status', 'on', 'status'])
    await expect(narration.getByTestId('scenario-outcome').innerText()).resolves.toContain(
      'The restart succeeded: power on',
    )
  })

  it('the BMC network reaches one proxy: every other candidate is said to fail, and does', async () => {
    const { page } = session
    const narration = await runScenario(page, 'one-proxy', 'status')
    const breaks = await page.getByTestId('scenario-one-proxy-breaks').innerText()
    expect(breaks).toMatch(/^Breaks: \S+ cannot be reached from .+\.$/)
    const answers = await checkAgainstRun(page, narration)
    const rows = await timelineRows(narration)
    // The device on the cut network answered through its last candidate, every one before it
    // failed; a device beside it in its group, untouched, answered through its first.
    const cut = answers.filter((a) =>
      rows.some((r) => r.device === a.device && r.code === 'device-error'),
    )
    expect(cut).toHaveLength(1)
    const { device, proxy } = cut[0]!
    const route = await shownRoute(page, device)
    expect(route.at(-1)!.proxy).toBe(proxy)
    for (const other of answers.filter((a) => a.device !== device))
      expect(other.proxy).toBe((await shownRoute(page, other.device))[0]!.proxy)
    expect(rows.filter((r) => r.device === device).map((r) => [r.proxy, r.code])).toEqual(
      route.map((c, i) => [c.proxy, i === route.length - 1 ? 'ok' : 'device-error']),
    )
    const forecast = (await lines(narration.getByTestId('scenario-forecast'))).join(' ')
    for (const c of route.slice(0, -1)) expect(forecast).toContain(`${c.proxy} (${c.via}), where `)
    await page.getByTestId('faults-clear').click()
    await expect.poll(() => demoFaults(session.core.registry).cutOff).toEqual([])
  })
})
