// File › Import and File › Backups on the whole renderer (in-memory API): an import is checked and
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
import { createFakeApi, fakeServices, pickedFile, sampleDocument } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

let fake: FakeApi
let wrapper: ReturnType<typeof mount> | undefined
let next: PickedFile | undefined
let pinia: Pinia

async function settle(ms = 300): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

async function mountApp() {
  fake = createFakeApi()
  setServices(fakeServices(fake, { pickTextFile: async () => next }))
  pinia = createPinia()
  wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
  await settle(700)
  return wrapper
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
    fake.menu('import')
    await settle()
    const lines = el('import-changes')?.textContent ?? ''
    expect(lines).toContain('1 host added: a7')
    expect(lines).toContain('2 hosts removed: a1, a3')
    expect(lines).toContain('1 device removed: psu1 of a1')
    expect(el('import-stage-confirm')?.dataset.state).toBe('now')
    expect(el('import-stage-checking')?.dataset.state).toBe('done')
    expect(fake.count('topology.importText')).toBe(0)

    await click('import-cancel')
    // The dialog closes (its leave transition never ends in happy-dom: asked of its store).
    expect(useImportsStore(pinia).stage).toBeUndefined()
    expect(fake.count('topology.importText')).toBe(0)
    expect(fake.stored.document?.hosts.map((h) => h.id)).toEqual(['a1', 'a2', 'a3'])
    expect(wrapper!.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true)
  })

  it('imports on Import, and Ctrl+Z brings the previous lab back', async () => {
    await mountApp()
    next = pickedFile('lab.json', JSON.stringify(importedLab()))
    fake.menu('import')
    await settle()
    await click('import-confirm')
    expect(fake.count('topology.importText')).toBe(1)
    expect(wrapper!.find('[data-testid="tree-node-host-a1"]').exists()).toBe(false)
    expect(wrapper!.find('[data-testid="tree-node-host-a7"]').exists()).toBe(true)
    await key({ key: 'z', ctrlKey: true })
    expect(wrapper!.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true)
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
    const before = fake.calls.length
    fake.menu('import')
    await settle()
    const text = el('import-issues')?.textContent ?? ''
    expect(text).toContain(
      'the file is too big to be a topology (80 MB; at most 64 MB, while a 10,000-host lab is about 7 MB)',
    )
    expect(text).not.toContain('bad arguments')
    expect(read).toBe(false)
    expect(fake.calls.slice(before).map((c) => c.method)).not.toContain('topology.importText')
    expect(fake.calls.slice(before).map((c) => c.method)).not.toContain('topology.validate')
  })
})

describe('File › Backups', { timeout: 30_000 }, () => {
  it('lists backups with time, size and change; Restore saves one as a new, undoable revision', async () => {
    await mountApp()
    const restored = importedLab()
    fake.backups = [
      {
        info: {
          id: 'config-2026-11-27T19-58-00.000Z.json',
          at: '2026-11-27T19:58:00.000Z',
          revision: 6,
          size: '2 hosts, 1 device',
          changes: ['1 host added: a7', '2 hosts removed: a1, a3'],
          restorable: true,
        },
        document: restored,
      },
    ]
    fake.menu('backups')
    await settle()
    const row = el('backup-config-2026-11-27T19-58-00.000Z.json')
    expect(row?.textContent).toContain('revision 6 · 2 hosts, 1 device')
    expect(row?.textContent).toContain('2 hosts removed: a1, a3')
    await click('backup-restore')
    // The confirmation comes first: nothing restored yet.
    expect(fake.count('topology.restoreBackup')).toBe(0)
    const restore = [...document.querySelectorAll('.n-dialog button')].find(
      (b) => b.textContent?.trim() === 'Restore',
    ) as HTMLElement
    restore.click()
    await settle()
    const call = fake.calls.find((c) => c.method === 'topology.restoreBackup')
    expect(call?.args).toEqual(['config-2026-11-27T19-58-00.000Z.json', 7])
    expect(wrapper!.find('[data-testid="tree-node-host-a7"]').exists()).toBe(true)
    await key({ key: 'z', ctrlKey: true })
    expect(wrapper!.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true)
  })
})
