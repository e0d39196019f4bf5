// The lab changed elsewhere (DESIGN.md §5a) on the whole renderer (in-memory API standing in for
// another window or the CLI): with nothing to lose the window reloads at once and says what
// changed; with unsaved edits it keeps them and offers Reload / Compare / Overwrite; a save the
// core refuses as based on an old revision opens the same choice. Nothing typed is lost until
// Reload, and even then Ctrl+Z brings it back.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../../src-main/common/errors'
import App from '../../../src-renderer/src/App.vue'
import { setServices } from '../../../src-renderer/src/services'
import { useChangedElsewhereStore } from '../../../src-renderer/src/stores/changedElsewhere'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { createFakeApi, fakeServices, sampleDocument } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

let fake: FakeApi
let wrapper: ReturnType<typeof mount> | undefined
let pinia: Pinia

async function settle(ms = 300): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

async function mountApp(origin: 'store' | 'demo' = 'store') {
  fake = createFakeApi({ origin })
  setServices(fakeServices(fake))
  pinia = createPinia()
  wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
  await settle(700)
  return wrapper
}

function el(testId: string): HTMLElement | null {
  return document.body.querySelector(`[data-testid="${testId}"]`)
}
const text = (testId: string): string => el(testId)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
async function click(testId: string): Promise<void> {
  const target = el(testId)
  if (!target) throw new Error(`no ${testId}`)
  target.click()
  await settle()
}
async function key(init: KeyboardEventInit): Promise<void> {
  document.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init }))
  await settle()
}
const inTree = (hostId: string): boolean =>
  wrapper!.find(`[data-testid="tree-node-host-${hostId}"]`).exists()
const address = (): string =>
  (wrapper!.get('[data-testid="host-address"] input').element as HTMLInputElement).value

/** What the other window saved: the sample lab without a3, with a new host a7. */
function theirLab() {
  const doc = sampleDocument()
  doc.hosts = doc.hosts.filter((h) => h.id !== 'a3')
  doc.hosts.push({ ...doc.hosts[1]!, id: 'a7', name: 'a7', address: 'a7.lab.example' })
  return doc
}

/** Types a new address for a1 (selected on start): one unsaved edit. */
async function editAddress(value = 'a1.example.org'): Promise<void> {
  await wrapper!.get('[data-testid="host-address"] input').setValue(value)
  await settle()
}

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('the lab changed elsewhere', { timeout: 30_000 }, () => {
  it('with nothing to lose: reloads at once, says so with what changed; Ctrl+Z brings back the old', async () => {
    await mountApp()
    expect(inTree('a3')).toBe(true)
    fake.changeElsewhere(theirLab())
    await settle()
    expect(text('changed-elsewhere-reloaded')).toContain(
      'The lab was changed elsewhere (revision 8) and is reloaded.',
    )
    const changes = text('changed-elsewhere-changes')
    expect(changes).toContain('1 host added: a7')
    expect(changes).toContain('1 host removed: a3')
    expect(inTree('a7')).toBe(true)
    expect(inTree('a3')).toBe(false)
    expect(useTopologyStore(pinia).storeRevision).toBe(8)
    expect(el('changed-elsewhere-dialog')).toBeNull()

    await click('changed-elsewhere-dismiss')
    expect(el('changed-elsewhere-reloaded')).toBeNull()
    await key({ key: 'z', ctrlKey: true })
    expect(inTree('a3')).toBe(true)
  })

  it('takes the change event of its own save for what it is', async () => {
    await mountApp()
    await editAddress()
    await key({ key: 's', ctrlKey: true })
    expect(fake.stored.document?.hosts[0]?.address).toBe('a1.example.org')
    expect(el('changed-elsewhere-banner')).toBeNull()
    expect(el('changed-elsewhere-reloaded')).toBeNull()
    expect(useTopologyStore(pinia).storeRevision).toBe(8)
    expect(text('status-save')).toBe('Saved')
  })

  it('with unsaved edits: keeps them, says how many, and offers the choice; Keep editing changes nothing', async () => {
    await mountApp()
    await editAddress()
    fake.changeElsewhere(theirLab())
    await settle()
    expect(text('changed-elsewhere-text')).toContain(
      'The lab was changed elsewhere (revision 8). You have 1 unsaved edit — nothing is lost until you choose.',
    )
    // Not reloaded: the edit and the lab it was made on are still on screen.
    expect(address()).toBe('a1.example.org')
    expect(inTree('a3')).toBe(true)
    expect(inTree('a7')).toBe(false)
    // No modal pops up while typing: it opens when asked.
    expect(useChangedElsewhereStore(pinia).dialogOpen).toBe(false)

    await click('changed-elsewhere-choose')
    expect(text('changed-elsewhere-why')).toContain('You have 1 unsaved edit; nothing is lost')
    expect(text('changed-elsewhere-reload-button')).toBe('Reload — discard your 1 edit')
    await click('changed-elsewhere-keep-editing')
    expect(useChangedElsewhereStore(pinia).dialogOpen).toBe(false)
    expect(address()).toBe('a1.example.org')
    expect(el('changed-elsewhere-banner')).not.toBeNull()
    expect(fake.count('topology.save')).toBe(0)
  })

  it('Compare says in words what differs; Reload takes the stored lab and Ctrl+Z brings the edits back', async () => {
    await mountApp()
    await editAddress()
    fake.changeElsewhere(theirLab())
    await settle()
    await click('changed-elsewhere-choose')
    await click('changed-elsewhere-compare-button')
    const mine = text('changed-elsewhere-overwrite-changes')
    expect(mine).toContain('1 host added: a3')
    expect(mine).toContain('1 host removed: a7')
    expect(mine).toContain('a1 changed (address)')
    const theirs = text('changed-elsewhere-their-changes')
    expect(theirs).toContain('1 host added: a7')
    expect(theirs).toContain('1 host removed: a3')
    expect(theirs).not.toContain('a1 changed')
    // Compare only looked: nothing applied, nothing saved.
    expect(address()).toBe('a1.example.org')
    expect(fake.count('topology.save')).toBe(0)

    await click('changed-elsewhere-reload-button')
    expect(useChangedElsewhereStore(pinia).dialogOpen).toBe(false)
    expect(inTree('a7')).toBe(true)
    expect(address()).toBe('a1.lab.example')
    expect(el('changed-elsewhere-banner')).toBeNull()
    expect(useTopologyStore(pinia).storeRevision).toBe(8)
    await key({ key: 'z', ctrlKey: true })
    expect(address()).toBe('a1.example.org')
  })

  it('Ctrl+S refused as based on an old revision opens the choice; Overwrite asks once more and saves over it', async () => {
    await mountApp()
    await editAddress()
    // The change event never reached this window; the core's refusal is how it learns.
    const stored = fake.changeElsewhere(theirLab(), { announce: false })
    await settle()
    expect(el('changed-elsewhere-banner')).toBeNull()
    fake.refuseNextSave = new ApiError(
      'changed-elsewhere',
      `the topology was changed elsewhere (revision ${stored}, you edited 7)`,
      { revision: stored },
    )
    await key({ key: 's', ctrlKey: true })
    expect(useChangedElsewhereStore(pinia).dialogOpen).toBe(true)
    expect(text('changed-elsewhere-why')).toContain('Your save was refused')
    expect(document.body.textContent).toContain('The lab was changed elsewhere (revision 8)')
    expect(address()).toBe('a1.example.org')
    expect(fake.stored.document?.hosts.map((h) => h.id)).toEqual(['a1', 'a2', 'a7'])

    await click('changed-elsewhere-overwrite-button')
    // Asked once more: nothing saved yet; Back returns to the choice.
    expect(text('changed-elsewhere-overwrite-question')).toContain(
      'Your version is saved over revision 8',
    )
    expect(fake.count('topology.save')).toBe(1)
    await click('changed-elsewhere-overwrite-confirm')
    const save = fake.calls.filter((c) => c.method === 'topology.save').at(-1)
    expect(save?.args[1]).toBe(8)
    expect(fake.stored.document?.hosts.map((h) => h.id)).toEqual(['a1', 'a2', 'a3'])
    expect(fake.stored.document?.hosts[0]?.address).toBe('a1.example.org')
    expect(useChangedElsewhereStore(pinia).dialogOpen).toBe(false)
    expect(useTopologyStore(pinia).storeRevision).toBe(9)
    expect(el('changed-elsewhere-banner')).toBeNull()
  })

  it('on the first-start demo: asks before swapping it for the stored lab; Keep the demo waits for a newer change', async () => {
    await mountApp('demo')
    fake.changeElsewhere(theirLab())
    await settle()
    expect(text('changed-elsewhere-text')).toBe(
      'The lab was changed elsewhere (revision 1). You are looking at the demo lab, not the stored one.',
    )
    expect(inTree('a3')).toBe(true)
    await click('changed-elsewhere-keep')
    expect(el('changed-elsewhere-banner')).toBeNull()
    expect(inTree('a3')).toBe(true)

    fake.changeElsewhere(theirLab())
    await settle()
    expect(text('changed-elsewhere-text')).toContain('(revision 2)')
    await click('changed-elsewhere-reload')
    expect(inTree('a7')).toBe(true)
    expect(useTopologyStore(pinia).origin).toBe('store')
    expect(el('changed-elsewhere-banner')).toBeNull()
  })

  it('Overwrite refused again (changed once more) keeps the edits and says so', async () => {
    await mountApp()
    await editAddress()
    fake.changeElsewhere(theirLab())
    await settle()
    await click('changed-elsewhere-choose')
    await click('changed-elsewhere-overwrite-button')
    fake.refuseNextSave = new ApiError('changed-elsewhere', 'changed (revision 9)', { revision: 9 })
    await click('changed-elsewhere-overwrite-confirm')
    expect(useChangedElsewhereStore(pinia).dialogOpen).toBe(true)
    expect(text('changed-elsewhere-problem')).toContain(
      'the lab was changed elsewhere again (revision 9)',
    )
    expect(address()).toBe('a1.example.org')
  })
})
