// The demo lab shows every outcome of DESIGN.md §4: a person switches on "Wrong password" for a1
// in the fault panel, runs Status on a2, and the timeline shows a1 refusing the login in the
// runner's words, then the fallback to jump1; "Clear all" brings a1 back.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { selectHost, timelineRows, waitForRun } from './support/ui'
import { describeWithParts } from '../support/requiredParts'
import { SimWorld, demoFaults } from '../../src-main/core/plugins/simWorld'

const skip = browserUnavailable()

describeWithParts(
  skip,
  'demo faults: wrong password, changed host key, no agent, no secret',
  () => {
    let session: AppSession

    beforeAll(async () => {
      session = await openApp({ colorScheme: 'light' })
      SimWorld.of(session.core.registry)!.reset()
    })
    afterAll(async () => {
      if (session) SimWorld.of(session.core.registry)?.reset()
      await session?.close()
    })

    it('a proxy that refuses the login is passed over for the next one', async () => {
      const { page } = session
      await page.getByTestId('view-demo').click()
      await page.getByTestId('fault-auth-a1').click()
      await page.getByTestId('fault-secret-w1-bmc').click()
      await expect.poll(() => demoFaults(session.core.registry).authFailing).toEqual(['a1'])
      await expect.poll(() => demoFaults(session.core.registry).secretMissing).toEqual(['w1-bmc'])
      await page.getByTestId('proxy-faults').scrollIntoViewIfNeeded()
      await session.screenshot('demo-faults')

      await selectHost(page, 'a2')
      await page.getByTestId('action-status').click()
      const run = page.getByTestId('inspector-run')
      await expect(waitForRun(run, 'status')).resolves.toBe('ok')
      const rows = await timelineRows(run)
      expect(rows.map((r) => [r.proxy, r.code])).toEqual([
        ['a1', 'auth-failed'],
        ['jump1', 'ok'],
      ])
      expect(rows[0]!.words).toContain('could not log into proxy')
      expect(rows[0]!.message).toContain('SSH login refused')
      await session.screenshot('demo-faults-run')

      await page.getByTestId('view-demo').click()
      await page.getByTestId('faults-clear').click()
      await expect.poll(() => demoFaults(session.core.registry).authFailing).toEqual([])
      await expect.poll(() => demoFaults(session.core.registry).secretMissing).toEqual([])
    })
  },
)
