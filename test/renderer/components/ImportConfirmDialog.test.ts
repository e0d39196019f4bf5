// File › Import and File › Backups on the whole renderer over the real core: an import is checked and
// shown as a change before anything is saved; Cancel changes nothing; a file over the size limit is
// refused in words without being read; a backup is listed and restored as a new, undoable save.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_TOPOLOGY_BYTES } from '../../../src-main/common/importLimits'
import App from '../../../src-renderer/src/App.vue'
import { setServices } from '../../../src-renderer/src/services'
import { useImportsStore } from '../../../src-renderer/src/stores/imports'
import type { PickedFile } from '../../../src-renderer/src/services'
import type { BackupInfo } from '../../../src-main/common/api'
import { pickedFile, servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'
import { sampleDocument } from '../support/sampleLab'
import { until } from '../support/settle'

let lab: TestCore
let wrapper: ReturnType<typeof mount> | undefined
let next: PickedFile | undefined
let pinia: Pinia

async function settle(ms = 300): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

/** The app over the sample lab (stored by `before`'s saves, if given), ready. */
async function mountApp(before?: (lab: TestCore) => Promise<void>) {
  lab = await startCore()
  await before?.(lab)
  setServices(servicesOf(lab, { pickTextFiles: async () => (next ? [next] : []) }))
  pinia = createPinia()
  wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
  const app = wrapper
  await until(() => expect(app.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true))
  await settle(200)
  return wrapper
}

/** Opens File › Import with `next` and waits until the file was checked. */
async function importNext(): Promise<void> {
  lab.menu('import')
  await until(() => expect(el('import-changes') ?? el('import-issues')).not.toBeNull())
}

function el(testId: string): HTMLElement | null {
  return document.body.querySelector(`[data-testid="${testId}"]`)
}
async function click(testId: string): Promise<void> {
  const target = el(testId)
  if (!target) throw new Error(`no ${testId}`)
  target.click()
  await settle()
}
async function key(init: KeyboardEventInit): Promise<void> {
  window.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }))
  document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }))
  await settle()
}
const hostIds = () => wrapper!.findAll('[data-testid^="tree-node-host-"]').map((n) => n.text())

/** The sample lab without a1 and a3, with a new host a7. */
function importedLab() {
  const doc = sampleDocument()
  doc.hosts = doc.hosts.filter((h) => h.id === 'a2')
  doc.hosts.push({ ...doc.hosts[0]!, id: 'a7', name: 'a7', address: 'a7.lab.example' })
  return doc
}

beforeEach(() => {
  document.body.innerHTML = ''
  next = undefined
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('File › Import', { timeout: 30_000 }, () => {
  it('shows what the file would change and saves nothing until Import; Cancel keeps the lab', async () => {
    await mountApp()
    next = pickedFile('lab.json', JSON.stringify(importedLab()))
    await importNext()
    const lines = el('import-changes')?.textContent ?? ''
    expect(lines).toContain('1 host added: a7')
    expect(lines).toContain('2 hosts removed: a1, a3')
    expect(lines).toContain('1 device removed: psu1 of a1')
    expect(el('import-stage-confirm')?.dataset.state).toBe('now')
    expect(el('import-stage-checking')?.dataset.state).toBe('done')
    expect(lab.count('topology.importText')).toBe(0)

    await click('import-cancel')
    // The dialog closes (its leave transition never ends in happy-dom: asked of its store).
    expect(useImportsStore(pinia).stage).toBeUndefined()
    expect(lab.count('topology.importText')).toBe(0)
    expect(lab.stored().document?.hosts.map((h) => h.id)).toEqual(['a1', 'a2', 'a3'])
    expect(lab.stored().revision).toBe(1)
    expect(wrapper!.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true)
  })

  it('imports on Import, and Ctrl+Z brings the previous lab back', async () => {
    await mountApp()
    next = pickedFile('lab.json', JSON.stringify(importedLab()))
    await importNext()
    await click('import-confirm')
    await until(() =>
      expect(wrapper!.find('[data-testid="tree-node-host-a7"]').exists()).toBe(true),
    )
    expect(lab.count('topology.importText')).toBe(1)
    expect(lab.stored().document?.hosts.map((h) => h.id)).toEqual(['a2', 'a7'])
    expect(wrapper!.find('[data-testid="tree-node-host-a1"]').exists()).toBe(false)
    expect(wrapper!.find('[data-testid="tree-node-host-a7"]').exists()).toBe(true)
    await key({ key: 'z', ctrlKey: true })
    await until(() =>
      expect(wrapper!.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true),
    )
    expect(hostIds().join(' ')).not.toContain('a7')
  })

  it('refuses a file over the limit in words, without reading it or calling the core', async () => {
    await mountApp()
    let read = false
    next = {
      name: 'huge.json',
      size: MAX_TOPOLOGY_BYTES + 16 * 1024 * 1024,
      text: async () => {
        read = true
        return '{}'
      },
    }
    const before = lab.calls.length
    await importNext()
    const text = el('import-issues')?.textContent ?? ''
    expect(text).toContain(
      'the file is too big to be a topology (80 MB; at most 64 MB, while a 10,000-host lab is about 7 MB)',
    )
    expect(text).not.toContain('bad arguments')
    expect(read).toBe(false)
    expect(lab.calls.slice(before).map((c) => c.method)).not.toContain('topology.importText')
    expect(lab.calls.slice(before).map((c) => c.method)).not.toContain('topology.validate')
  })
})

describe('File › Backups', { timeout: 30_000 }, () => {
  it('lists backups with time, size and change; Restore saves one as a new, undoable revision', async () => {
    // Revision 2 held the imported lab; revision 3 put the sample lab back: its backup remains.
    let backup: BackupInfo | undefined
    await mountApp(async (lab) => {
      const sample = lab.stored().document!
      await lab.saveElsewhere(importedLab())
      await lab.saveElsewhere(sample)
      backup = (await lab.core.api.topology.backups()).find((b) => b.revision === 2)
    })
    expect(backup?.changes).toEqual(
      expect.arrayContaining(['1 host added: a7', '2 hosts removed: a1, a3']),
    )
    lab.menu('backups')
    await until(() => expect(el(`backup-${backup!.id}`)).not.toBeNull())
    const row = el(`backup-${backup!.id}`)
    expect(row?.textContent).toContain(`revision 2 · ${backup!.size}`)
    expect(row?.textContent).toContain('2 hosts removed: a1, a3')
    await click('backup-restore')
    // The confirmation comes first: nothing restored yet.
    expect(lab.count('topology.restoreBackup')).toBe(0)
    const restore = [...document.querySelectorAll('.n-dialog button')].find(
      (b) => b.textContent?.trim() === 'Restore',
    ) as HTMLElement
    restore.click()
    await until(() =>
      expect(wrapper!.find('[data-testid="tree-node-host-a7"]').exists()).toBe(true),
    )
    expect(lab.argsOf('topology.restoreBackup')).toEqual([[backup!.id, 3]])
    // Saved as a new revision.
    expect(lab.stored().revision).toBe(4)
    expect(lab.stored().document?.hosts.map((h) => h.id)).toEqual(['a2', 'a7'])
    await key({ key: 'z', ctrlKey: true })
    await until(() =>
      expect(wrapper!.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true),
    )
  })
})
