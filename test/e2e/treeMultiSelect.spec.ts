// Issue 10 item 3 (DESIGN.md §8 "Many hosts at once") in the tree, in the browser on the demo lab:
// Shift+click picks a range of hosts, Ctrl+click adds or removes one, the picked bar tests exactly
// those hosts with progress and each host's outcome, and Escape unpicks them.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { SimWorld } from '../../src-main/core/plugins/simWorld'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

describeWithParts(skip, 'Picking many hosts in the tree (demo lab)', () => {
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

  it('picks three hosts, tests exactly those and shows how each came out', async () => {
    const { page } = session
    const row = (id: string) => page.getByTestId(`tree-node-host-${id}`)
    // east-b's hosts shown too (its twisty opens it without selecting it).
    await page.getByTestId('tree-node-cluster-east-b').locator('.twisty').click()
    await row('b1').waitFor()
    await row('a1').click()
    await row('a3').click({ modifiers: ['Shift'] })
    await expect(page.getByTestId('tree-picked-count').innerText()).resolves.toBe('3 hosts picked')
    await row('a2').click({ modifiers: ['Control'] })
    await row('b1').click({ modifiers: ['Control'] })
    await expect(page.getByTestId('tree-picked-count').innerText()).resolves.toBe('3 hosts picked')
    for (const [id, picked] of [
      ['a1', 'true'],
      ['a2', 'false'],
      ['a3', 'true'],
      ['b1', 'true'],
    ] as const)
      await expect(row(id).getAttribute('aria-selected')).resolves.toBe(picked)
    await expect(
      page.getByRole('tree', { name: 'Topology' }).getAttribute('aria-multiselectable'),
    ).resolves.toBe('true')

    world.slow('b1-bmc', 800)
    world.fail('a3-bmc', 'Unable to connect')
    await page.getByTestId('tree-picked-test').click()
    await page
      .locator('[data-testid="tree-picked-bulk-words"][data-state="running"]', {
        hasText: /^Testing…/,
      })
      .waitFor()
    await page.locator('[data-testid="tree-picked-bulk-words"][data-state="failed"]').waitFor()
    await expect(page.getByTestId('tree-picked-bulk-words').innerText()).resolves.toBe(
      'Tested 3 hosts: 2 ok, 1 failed',
    )
    const outcomes = await page
      .locator('[data-testid^="tree-picked-bulk-entry-"]')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-testid')}=${e.getAttribute('data-outcome')}`).sort(),
      )
    expect(outcomes).toEqual([
      'tree-picked-bulk-entry-a1=ok',
      'tree-picked-bulk-entry-a3=failed',
      'tree-picked-bulk-entry-b1=ok',
    ])
    await session.screenshot('tree-multi-select')

    await row('b1').press('Escape')
    await page.getByTestId('tree-picked-bulk').waitFor({ state: 'detached' })
    await expect(row('a1').getAttribute('aria-selected')).resolves.toBe('true')
    await expect(row('a3').getAttribute('aria-selected')).resolves.toBe('false')
  })
})
