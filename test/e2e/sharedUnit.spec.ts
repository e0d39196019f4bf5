// A shared power unit in a real browser (issue 10 item 7): a device on a PDU other hosts share
// says so in the device editor, names those hosts as links that open them, and the line follows
// an edit of the address.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { coverageLab } from '../main/common/coverageLab'
import { describeWithParts } from '../support/requiredParts'
import { storeLab } from './support/bigLab'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { selectHost } from './support/ui'

const skip = browserUnavailable()

/** The coverage lab (a2 on plug 2, a3 on plug 3 of the PDU 10.0.0.200) with b1 on plug 4. */
function sharedPduLab() {
  const doc = coverageLab()
  const b1 = doc.hosts.find((h) => h.id === 'h-b1')!
  b1.powerManagement!.devices.push({
    id: 'pdu',
    type: 'apc',
    order: 2,
    params: { ip: '10.0.0.200', username: 'apc', plug: '4' },
  })
  return doc
}

const words = (text: string) => text.replace(/\s+/g, ' ')

describeWithParts(skip, 'a shared power unit in the device editor', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
    await storeLab(session.core, sharedPduLab())
    await session.reopen()
  })
  afterAll(async () => {
    await session?.close()
  })

  it('names the other hosts on the unit, opens them, and follows an edit of the address', async () => {
    const { page } = session
    await selectHost(page, 'h-a2')
    const line = page.getByTestId('device-h-a2-pdu-shared')
    await expect
      .poll(async () => words(await line.innerText()))
      .toContain('Shared power unit (apc 10.0.0.200): also powers a3 (plug 3), b1 (plug 4)')
    await expect(line.innerText()).resolves.toContain('all 3 hosts')
    // a2 has one device: nothing else on the page says "shared".
    await expect(page.getByTestId('device-h-a2-pdu-shared-pill').count()).resolves.toBe(1)
    await line.scrollIntoViewIfNeeded()
    await session.screenshot('shared-power-unit')

    // A host named on the line opens it; its PDU is on the same unit, its BMC alone.
    await page.getByTestId('device-h-a2-pdu-shared-host-h-b1').click()
    await page.getByTestId('host-editor-h-b1').waitFor()
    await expect
      .poll(async () => words(await page.getByTestId('device-h-b1-pdu-shared').innerText()))
      .toContain('also powers a2 (plug 2), a3 (plug 3)')
    await expect(page.getByTestId('device-h-b1-bmc-shared').count()).resolves.toBe(0)

    // b1's PDU moved to another address: no longer shared, and a2's line loses it.
    await page.getByTestId('param-h-b1-pdu-ip').locator('input').fill('10.0.0.201')
    await expect.poll(() => page.getByTestId('device-h-b1-pdu-shared').count()).toBe(0)
    await selectHost(page, 'h-a2')
    await expect
      .poll(async () => words(await page.getByTestId('device-h-a2-pdu-shared').innerText()))
      .toContain('also powers a3 (plug 3)')
    await expect(page.getByTestId('device-h-a2-pdu-shared').innerText()).resolves.not.toContain(
      'b1',
    )
  })
})
