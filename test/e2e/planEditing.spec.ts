// Editing a device's proxy preferences: the plan panel follows every edit before anything is
// saved, agrees with the core's planner (what the CLI prints) on the same edited document, and the
// edit survives Ctrl+S and a reload.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { TopologyDocument } from '../../src-main/common/document'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import {
  chips,
  coreRejections,
  coreRoute,
  selectHost,
  shownRejections,
  shownRoute,
  waitForLivePlan,
} from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

/** The demo document with a1's psu1 given its own preference list. */
function withPsu1List(doc: TopologyDocument, list: string[]): TopologyDocument {
  const edited = structuredClone(doc)
  const psu1 = edited.hosts
    .find((h) => h.id === 'a1')
    ?.powerManagement?.devices.find((d) => d.id === 'psu1')
  if (!psu1) throw new Error('the demo lab has no a1/psu1')
  psu1.proxyPreferences = list
  return edited
}

describeWithParts(skip, 'editing proxy preferences', () => {
  let session: AppSession
  let demo: TopologyDocument

  beforeAll(async () => {
    session = await openApp()
    demo = (await session.core.api.topology.load()).document
  })
  afterAll(async () => {
    await session?.close()
  })

  /** Every device of a1: the panel shows the route and rejections the core computes for `doc`. */
  async function expectPanelAgreesWithCore(doc: TopologyDocument): Promise<void> {
    await waitForLivePlan(session.page)
    const plan = session.core.plan(doc, 'a1')
    expect(plan.devices.map((d) => d.device)).toEqual(['psu1', 'psu2', 'pdu'])
    for (const device of plan.devices) {
      expect(await shownRoute(session.page, device.device), device.device).toEqual(
        coreRoute(plan, device.device),
      )
      expect(await shownRejections(session.page, device.device), device.device).toEqual(
        coreRejections(plan, device.device),
      )
    }
  }

  it('shows the new route at once, before saving, as the core plans it', async () => {
    const { page } = session
    await selectHost(page, 'a1')
    await page.getByTestId('device-form-a1-psu1').waitFor()

    // Before: psu1 inherits the defaults (cluster, dc).
    expect(await chips(page, 'device-a1-psu1')).toEqual(['cluster', 'dc'])
    await expect(page.getByTestId('pref-device-a1-psu1-from').innerText()).resolves.toContain(
      'defaults',
    )
    expect(await shownRoute(page, 'psu1')).toEqual([
      { proxy: 'a2', via: 'cluster' },
      { proxy: 'jump1', via: 'cluster' },
      { proxy: 'b1', via: 'dc' },
    ])
    await expectPanelAgreesWithCore(demo)

    // Type the seed notation: it becomes chips, canonical and lower-case.
    const input = page.getByTestId('pref-device-a1-psu1-input').locator('input')
    await input.pressSequentially('Engine, Cluster')
    await input.press('Enter')
    await expect.poll(() => chips(page, 'device-a1-psu1')).toEqual(['engine', 'cluster'])

    // The panel follows at once: engine first, then the cluster's machines; psu2 is unchanged.
    await expect
      .poll(() => shownRoute(page, 'psu1'), { timeout: 2_000 })
      .toEqual([
        { proxy: 'engine', via: 'engine' },
        { proxy: 'a2', via: 'cluster' },
        { proxy: 'jump1', via: 'cluster' },
      ])
    await expect(page.getByTestId('plan-from-psu1').innerText()).resolves.toBe(
      "the device's own list",
    )
    await expectPanelAgreesWithCore(withPsu1List(demo, ['engine', 'cluster']))

    // Nothing was saved: the status bar says so and the store is still empty.
    await expect(page.getByTestId('status-save').innerText()).resolves.toMatch(/^Unsaved changes/)
    expect(session.core.loadStored().document).toBeUndefined()
  })

  it('reorders chips by keyboard and the route follows', async () => {
    const { page } = session
    // Alt+Right moves "engine" after "cluster".
    await page.getByTestId('pref-device-a1-psu1-chip-0').focus()
    await page.keyboard.press('Alt+ArrowRight')
    await expect.poll(() => chips(page, 'device-a1-psu1')).toEqual(['cluster', 'engine'])
    await expect
      .poll(() => shownRoute(page, 'psu1').then((r) => r.map((c) => c.proxy)), { timeout: 2_000 })
      .toEqual(['a2', 'jump1', 'engine'])
    await expectPanelAgreesWithCore(withPsu1List(demo, ['cluster', 'engine']))
    expect(session.core.loadStored().document).toBeUndefined()

    await page
      .getByTestId('pref-device-a1-psu1')
      .evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await session.screenshot('plan-edited')
  })

  it('saves with Ctrl+S, and the edit is there after a reload', async () => {
    const edited = withPsu1List(demo, ['cluster', 'engine'])
    await session.page.keyboard.press('Control+s')
    await expect
      .poll(() => session.page.getByTestId('status-save').innerText(), { timeout: 5_000 })
      .toBe('Saved')

    // The store holds exactly the edited document.
    const stored = session.core.loadStored()
    expect(stored.problems).toEqual([])
    expect(stored.document).toEqual(edited)

    const page = await session.reopen()
    await expect(page.getByTestId('status-save').innerText()).resolves.toBe('Saved')
    // Once saved it is the user's topology, no longer the demo on first start.
    expect(await page.getByTestId('demo-banner').count()).toBe(0)
    await selectHost(page, 'a1')
    await expect.poll(() => chips(page, 'device-a1-psu1')).toEqual(['cluster', 'engine'])
    expect((await shownRoute(page, 'psu1')).map((c) => c.proxy)).toEqual(['a2', 'jump1', 'engine'])
    await expectPanelAgreesWithCore(stored.document!)
  })
})
