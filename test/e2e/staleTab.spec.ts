// Issue 8 item 1 (DESIGN.md §5a): a stale tab never overwrites newer work. The UI is open in
// browser mode while a real `fencepost import` process replaces the lab in the same data folder:
// the tab learns of it at once — reloading by itself when it has nothing to lose and saying so,
// keeping unsaved edits (and the keystrokes still coming) otherwise — and a Ctrl+S based on the old
// revision is refused by the core and answered with Reload / Compare / Overwrite.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { TopologyDocument } from '../../src-main/common/document'
import { PROJECT_ROOT } from '../../src-main/core/paths'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { selectHost } from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()
const BIN = join(PROJECT_ROOT, 'bin/fencepost.js')
const files = mkdtempSync(join(tmpdir(), 'fencepost-stale-tab-'))

function demoLab(): TopologyDocument {
  return JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'resources/demo-lab.json'), 'utf8'),
  ) as TopologyDocument
}

/** Writes a variant of the demo lab to a file for the CLI to import. */
function labFile(name: string, change: (doc: TopologyDocument) => void): string {
  const doc = demoLab()
  change(doc)
  const file = join(files, name)
  writeFileSync(file, JSON.stringify(doc, null, 2))
  return file
}

/** Runs the real `fencepost import FILE` on the app's data folder, as another terminal would. */
function cliImport(dataDir: string, file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'import', file], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, FENCEPOST_HOME: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`fencepost import exited ${code}: ${out}`)),
    )
  })
}

const textOf = async (page: Page, testId: string): Promise<string> =>
  (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim()
const addressField = (page: Page) => page.locator('[data-testid="host-address"] input')
const inTree = (page: Page, hostId: string) =>
  page.locator(`[data-testid="tree-node-host-${hostId}"]`).count()

describeWithParts(skip, 'a stale tab', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
  })
  afterAll(async () => {
    await session?.close()
  })

  it('with nothing to lose, reloads at once when `fencepost import` replaces the lab, and says so', async () => {
    const { page, core, dataDir } = session
    // The first-start demo becomes the stored lab (revision 1).
    await page.keyboard.press('Control+s')
    await expect
      .poll(() => page.getByTestId('status-save').innerText(), { timeout: 5_000 })
      .toBe('Saved')
    expect((await core.api.topology.load()).revision).toBe(1)

    const other = labFile('other.json', (doc) => {
      doc.hosts = doc.hosts.filter((h) => h.id !== 'a3')
      doc.hosts.find((h) => h.id === 'a2')!.address = 'a2.moved.example'
    })
    await cliImport(dataDir, other)
    await page.getByTestId('changed-elsewhere-reloaded').waitFor({ timeout: 10_000 })
    await expect(textOf(page, 'changed-elsewhere-text')).resolves.toBe(
      'The lab was changed elsewhere (revision 2) and is reloaded.',
    )
    const changes = await textOf(page, 'changed-elsewhere-changes')
    expect(changes).toContain('1 host removed: a3')
    expect(changes).toContain('a2 changed (address)')
    await expect(inTree(page, 'a3')).resolves.toBe(0)
    await expect(page.getByTestId('status-save').innerText()).resolves.toBe('Saved')
    await session.screenshot('stale-tab-notice')

    // Nothing else had the focus, so the notice's button has it: Enter dismisses it.
    await page.keyboard.press('Enter')
    await page.getByTestId('changed-elsewhere-reloaded').waitFor({ state: 'detached' })
  })

  it('with unsaved edits, keeps them and the keystrokes still coming; Ctrl+S opens the choice; Compare says what differs; Overwrite asks once more', async () => {
    const { page, core, dataDir } = session
    await selectHost(page, 'a1')
    await addressField(page).click()
    await page.keyboard.press('Control+a')
    await page.keyboard.type('a1.edited')

    const third = labFile('third.json', (doc) => {
      doc.hosts = doc.hosts.filter((h) => h.id !== 'a3' && h.id !== 'a2')
    })
    await cliImport(dataDir, third)
    await page.getByTestId('changed-elsewhere-banner').waitFor({ timeout: 10_000 })
    // Typing goes on where it was: no dialog took the focus, nothing was reloaded.
    await page.keyboard.type('.example')
    await expect(addressField(page).inputValue()).resolves.toBe('a1.edited.example')
    await expect(textOf(page, 'changed-elsewhere-text')).resolves.toMatch(
      /^The lab was changed elsewhere \(revision 3\)\. You have \d+ unsaved edits? — nothing is lost until you choose\.$/,
    )
    await expect(inTree(page, 'a2')).resolves.toBe(1)

    // Ctrl+S goes to the core, which refuses a save based on revision 2; the choice opens.
    await page.keyboard.press('Control+s')
    const dialog = page.getByTestId('changed-elsewhere-dialog')
    await dialog.waitFor()
    await expect(textOf(page, 'changed-elsewhere-why')).resolves.toContain(
      'Your save was refused: another window or the fencepost command saved the lab since you opened revision 2.',
    )
    await expect(dialog.innerText()).resolves.toContain(
      'The lab was changed elsewhere (revision 3)',
    )
    expect((await core.api.topology.load()).document.hosts.map((h) => h.id)).not.toContain('a2')
    await session.screenshot('stale-tab-dialog')

    // The focus starts on Compare: Enter compares, it never discards nor overwrites.
    await page.keyboard.press('Enter')
    await page.getByTestId('changed-elsewhere-compare').waitFor()
    const mine = await textOf(page, 'changed-elsewhere-overwrite-changes')
    expect(mine).toContain('1 host added: a2')
    expect(mine).toContain('a1 changed (address)')
    const theirs = await textOf(page, 'changed-elsewhere-their-changes')
    expect(theirs).toContain('1 host removed: a2')
    expect(theirs).not.toContain('a1')
    await session.screenshot('stale-tab-compare')

    await page.getByTestId('changed-elsewhere-overwrite-button').click()
    await expect(textOf(page, 'changed-elsewhere-overwrite-question')).resolves.toContain(
      'Your version is saved over revision 3',
    )
    // Asked once more, with the focus on Back: Enter goes back and saves nothing.
    await page.keyboard.press('Enter')
    await page.getByTestId('changed-elsewhere-overwrite-question').waitFor({ state: 'detached' })
    expect((await core.api.topology.load()).revision).toBe(3)

    await page.getByTestId('changed-elsewhere-overwrite-button').click()
    await page.getByTestId('changed-elsewhere-overwrite-confirm').click()
    await dialog.waitFor({ state: 'hidden' })
    const stored = await core.api.topology.load()
    expect(stored.revision).toBe(4)
    expect(stored.document.hosts.find((h) => h.id === 'a1')?.address).toBe('a1.edited.example')
    expect(stored.document.hosts.map((h) => h.id)).toContain('a2')
    await expect(page.getByTestId('status-save').innerText()).resolves.toBe('Saved')
    await expect(page.getByTestId('changed-elsewhere-banner').count()).resolves.toBe(0)
  })

  it('Reload takes the stored lab in place of the edits, and Ctrl+Z brings them back', async () => {
    const { page, dataDir } = session
    await selectHost(page, 'a1')
    await addressField(page).click()
    await page.keyboard.press('Control+a')
    await page.keyboard.type('a1.again.example')

    await cliImport(
      dataDir,
      labFile('fourth.json', (doc) => {
        doc.hosts = doc.hosts.filter((h) => h.id !== 'a2')
      }),
    )
    await page.getByTestId('changed-elsewhere-choose').click()
    const reload = page.getByTestId('changed-elsewhere-reload-button')
    await expect(reload.innerText()).resolves.toMatch(/^Reload — discard your \d+ edits?$/)
    await reload.click()
    await page.getByTestId('changed-elsewhere-dialog').waitFor({ state: 'hidden' })
    await expect(addressField(page).inputValue()).resolves.toBe('a1.demo.example')
    await expect(inTree(page, 'a2')).resolves.toBe(0)
    await expect(inTree(page, 'a3')).resolves.toBe(1)
    await expect(page.getByTestId('status-save').innerText()).resolves.toBe('Saved')

    await page.locator('body').click({ position: { x: 5, y: 890 } })
    await page.keyboard.press('Control+z')
    await expect
      .poll(() => addressField(page).inputValue(), { timeout: 5_000 })
      .toBe('a1.again.example')
  })
})
