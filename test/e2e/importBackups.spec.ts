// Issue 8 items 2 and 4 in a real browser: File › Import shows what the file would change before
// anything is saved (Cancel keeps the lab); after an import, Ctrl+Z and Ctrl+S bring the old lab
// back with its BMC password still resolvable; File › Backups lists and restores; a file over the
// size limit is refused in words; a 2,000-host lab imports with its stages shown.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { TopologyDocument } from '../../src-main/common/document'
import { MAX_TOPOLOGY_BYTES } from '../../src-main/common/importLimits'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()
const PASSWORD = 'Bmc-E2e-Undo-Secret-9'

function host(id: string, cluster: string, password?: string): TopologyDocument['hosts'][number] {
  return {
    id,
    name: `${id}-node`,
    address: `${id}.lab.example`,
    cluster,
    status: 'up',
    canProxy: true,
    powerManagement: {
      enabled: true,
      devices: [
        {
          id: 'psu1',
          type: 'ipmilan',
          order: 1,
          params: { ip: '10.1.0.11', username: 'admin', ...(password ? { password } : {}) },
        },
      ],
    },
  }
}

function lab(hosts: TopologyDocument['hosts']): TopologyDocument {
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    dataCenters: [{ id: 'dc1', name: 'Default' }],
    clusters: [{ id: 'c1', name: 'cluster-a', dataCenter: 'dc1' }],
    hosts,
    proxies: [],
  }
}

/** File › Import… through the toolbar's menu and the browser's file chooser. */
async function importFile(page: Page, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await page.getByTestId('file-menu').click()
  await page.getByText('Import…').click()
  await (await chooser).setFiles(file)
}

describeWithParts(skip, 'import confirmation, undo, backups and big files', () => {
  let session: AppSession
  let dir: string
  let other: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fencepost-import-e2e-'))
    session = await openApp({ colorScheme: 'light' })
    // The lab in use: a1 and a2 with a saved BMC password on a1's psu1.
    const saved = await session.core.api.topology.save(
      lab([host('a1', 'c1', PASSWORD), host('a2', 'c1')]),
    )
    expect(saved.ok).toBe(true)
    other = join(dir, 'other-lab.json')
    writeFileSync(other, JSON.stringify(lab([host('b1', 'c1'), host('b2', 'c1')]), null, 2))
    await session.reopen()
  })
  afterAll(async () => {
    await session?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('shows the change before saving; Cancel keeps the lab', async () => {
    const { page, core } = session
    const { revision } = await core.api.topology.load()
    await importFile(page, other)
    await page.getByTestId('import-changes').waitFor()
    const changes = await page.getByTestId('import-changes').innerText()
    expect(changes).toContain('2 hosts added: b1-node, b2-node')
    expect(changes).toContain('2 hosts removed: a1-node, a2-node')
    expect(changes).not.toContain(PASSWORD)
    await session.screenshot('import-confirm')
    await page.getByTestId('import-cancel').click()
    await page.getByTestId('import-dialog').waitFor({ state: 'hidden' })
    expect((await core.api.topology.load()).revision).toBe(revision)
    await page.getByTestId('tree-node-host-a1').waitFor()
  })

  it('imports on Enter; Ctrl+Z and Ctrl+S bring the lab back with its password resolvable', async () => {
    const { page, core } = session
    await importFile(page, other)
    await page.getByTestId('import-changes').waitFor()
    // The Import button has the focus once the change is shown.
    await page.keyboard.press('Enter')
    await page.getByTestId('tree-node-host-b1').waitFor()
    expect(core.loadStored().document?.hosts.map((h) => h.id)).toEqual(['b1', 'b2'])

    await page.getByTestId('tree-node-host-b1').click()
    await page.keyboard.press('Control+z')
    await page.getByTestId('tree-node-host-a1').waitFor()
    await page.keyboard.press('Control+s')
    await expect
      .poll(() => core.loadStored().document?.hosts.map((h) => h.id))
      .toEqual(['a1', 'a2'])
    // The password the undo brought back is saved ("set") and resolves in the secret store.
    await page.getByTestId('tree-node-host-a1').click()
    const state = page.locator('[data-testid^="secret-"][data-testid$="password-state"]').first()
    await state.waitFor()
    expect(await state.innerText()).toBe('set')
    const exported = await core.exportDocument(true)
    const params = exported.document?.hosts[0]?.powerManagement?.devices[0]?.params
    expect(params?.password === PASSWORD).toBe(true)
    expect(await page.content()).not.toContain(PASSWORD)
  })

  it('lists the backups and restores one as a new save', async () => {
    const { page, core } = session
    const { revision } = await core.api.topology.load()
    await page.getByTestId('file-menu').click()
    await page.getByText('Backups…').click()
    await page.getByTestId('backups-list').locator('li').first().waitFor()
    const first = page.getByTestId('backups-list').locator(':scope > li').first()
    // The newest backup is the imported lab that Ctrl+S replaced.
    await expect(first.innerText()).resolves.toContain('2 hosts, 2 devices')
    await expect(first.innerText()).resolves.toContain('2 hosts added: b1-node, b2-node')
    expect(await page.getByTestId('backups-dialog').innerText()).not.toContain(PASSWORD)
    await session.screenshot('backups')
    await first.getByTestId('backup-restore').click()
    await page.getByRole('button', { name: 'Restore', exact: true }).click()
    await page.getByTestId('tree-node-host-b1').waitFor()
    const after = await core.api.topology.load()
    expect(after.revision).toBe(revision + 1)
    expect(after.document.hosts.map((h) => h.id)).toEqual(['b1', 'b2'])
  })

  it('refuses a file over the size limit with the reason, in words', async () => {
    const { page, core } = session
    const { revision } = await core.api.topology.load()
    const huge = join(dir, 'huge.json')
    writeFileSync(huge, '')
    truncateSync(huge, MAX_TOPOLOGY_BYTES + 16 * 1024 * 1024)
    await importFile(page, huge)
    await page.getByTestId('import-issues').waitFor()
    const text = await page.getByTestId('import-issues').innerText()
    expect(text).toContain(
      'the file is too big to be a topology (80 MB; at most 64 MB, while a 10,000-host lab is about 7 MB)',
    )
    expect(text).not.toMatch(/bad arguments|Too big/)
    await session.screenshot('import-too-big')
    await page.keyboard.press('Escape')
    expect((await core.api.topology.load()).revision).toBe(revision)
  })

  it('imports a 2,000-host lab with its stages shown', { timeout: 180_000 }, async () => {
    const { page, core } = session
    const clusters = Array.from({ length: 20 }, (_, c) => `c${c}`)
    const big = lab(
      Array.from({ length: 2000 }, (_, i) =>
        host(`n${String(i).padStart(4, '0')}`, clusters[i % 20]!, `pw-${i}`),
      ),
    )
    big.clusters = clusters.map((id) => ({ id, name: `cluster-${id}`, dataCenter: 'dc1' }))
    const file = join(dir, 'lab-2000.json')
    writeFileSync(file, JSON.stringify(big, null, 2))
    await importFile(page, file)
    await page.getByTestId('import-changes').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('import-changes').innerText()).toContain(
      '2000 hosts added: n0000-node, n0001-node, n0002-node, n0003-node, n0004-node and 1995 more',
    )
    expect(await page.getByTestId('import-progress-line').innerText()).toContain(
      '2000 hosts, 2000 devices',
    )
    for (const done of ['reading', 'checking', 'comparing']) {
      expect(await page.getByTestId(`import-stage-${done}`).getAttribute('data-state')).toBe('done')
    }
    await session.screenshot('import-progress')
    // The browser-mode server runs in this test's process, so what the page shows while the core
    // saves is recorded by the page itself and read afterwards.
    // A string, as the node tsconfig has no DOM types.
    await page.evaluate(`(() => {
      const seen = []
      window.importLog = seen
      const note = () => {
        const stage = document.querySelector('[data-testid="import-stage-importing"]')
        const line = document.querySelector('[data-testid="import-progress-line"]')
        if (stage) seen.push(stage.getAttribute('data-state') + ': ' + line?.textContent?.trim())
      }
      const dialog = document.querySelector('[data-testid="import-dialog"]')
      if (!dialog) throw new Error('no import dialog')
      new MutationObserver(note).observe(dialog, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      })
    })()`)
    await page.keyboard.press('Enter')
    await page.getByTestId('import-dialog').waitFor({ state: 'detached', timeout: 120_000 })
    await page.getByTestId('tree-node-cluster-c0').waitFor()
    const log = (await page.evaluate('window.importLog')) as string[]
    expect(log).toContain(
      'now: Saving 2000 hosts, 2000 devices and moving its passwords to the secret store…',
    )
    expect(core.loadStored().document?.hosts).toHaveLength(2000)
  })
})
