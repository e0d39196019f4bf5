// Issue 10 item 6 in a real browser: File › Import takes a Pacemaker CIB as it takes a Fencepost
// document. The core translates it; the confirmation says where it came from and what it would
// change (no password shown), and Import saves it with the CIB's password moved to the secret store.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()
const CIB = join(__dirname, '../main/core/foreignImport/fixtures/cib.xml')
const CIB_PASSWORD = 'ipmi-secret-1'

/** File › Import… through the toolbar's menu and the browser's file chooser. */
async function importFiles(page: Page, files: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await page.getByTestId('file-menu').click()
  await page.getByText('Import…').click()
  const picker = await chooser
  expect(picker.isMultiple()).toBe(true)
  await picker.setFiles(files)
}

describeWithParts(skip, 'import from Pacemaker', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
    // A lab in use, which the import replaces (past the demo lab a first start shows).
    const saved = await session.core.api.topology.save({
      version: 1,
      engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
      dataCenters: [{ id: 'dc1', name: 'Default' }],
      clusters: [{ id: 'c1', name: 'cluster-a', dataCenter: 'dc1' }],
      hosts: [
        {
          id: 'a1',
          name: 'a1-node',
          address: 'a1.lab.example',
          cluster: 'c1',
          status: 'up',
          canProxy: true,
        },
      ],
      proxies: [],
    })
    expect(saved.ok).toBe(true)
    await session.reopen()
  })
  afterAll(async () => {
    await session?.close()
  })

  it('a CIB is translated, confirmed with its origin, and saved on Import', async () => {
    const { page, core } = session
    const { revision } = await core.api.topology.load()
    await importFiles(page, [CIB])
    await page.getByTestId('import-changes').waitFor()
    expect(await page.getByTestId('import-origin').innerText()).toMatch(
      /^From Pacemaker: 3 hosts, \d+ devices$/,
    )
    const dialog = await page.getByTestId('import-dialog').innerText()
    expect(dialog).toContain('Import cib.xml')
    expect(dialog).toContain('3 hosts added: web1, web2, web3')
    expect(await page.getByTestId('import-notes').innerText()).toContain(
      "pcmk_delay_max is Pacemaker's own setting; left out",
    )
    expect(dialog).not.toContain(CIB_PASSWORD)
    await session.screenshot('import-pacemaker')
    expect((await core.api.topology.load()).revision).toBe(revision)

    await page.getByTestId('import-confirm').click()
    await page.getByTestId('import-dialog').waitFor({ state: 'hidden' })
    await expect
      .poll(() => core.loadStored().document?.hosts.map((h) => h.name))
      .toEqual(['web1', 'web2', 'web3'])
    expect(JSON.stringify(core.loadStored().document)).not.toContain(CIB_PASSWORD)
    expect(await page.content()).not.toContain(CIB_PASSWORD)
  })
})
