// The lab changed elsewhere (DESIGN.md §5a) on the whole renderer over the real core (another
// window or the CLI saves to the same store; the store's watch tells this window): with nothing to lose the window reloads at once and says what
// changed; with unsaved edits it keeps them and offers Reload / Compare / Overwrite; a save the
// core refuses as based on an old revision opens the same choice. Nothing typed is lost until
// Reload, and even then Ctrl+Z brings it back.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../../src-renderer/src/App.vue'
import { setServices } from '../../../src-renderer/src/services'
import { useChangedElsewhereStore } from '../../../src-renderer/src/stores/changedElsewhere'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'
import { sampleDocument } from '../support/sampleLab'
import { until } from '../support/settle'

let lab: TestCore
let wrapper: ReturnType<typeof mount> | undefined
let pinia: Pinia

async function settle(ms = 300): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

/** The app over the sample lab stored as revision 1 (`store`), or over an empty store (`demo`). */
async function mountApp(origin: 'store' | 'demo' = 'store') {
  lab = await startCore({ stored: origin === 'store' ? sampleDocument() : null })
  setServices(servicesOf(lab))
  pinia = createPinia()
  wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
  await until(() => expect(inTree('a1')).toBe(true))
  await settle(300)
  return wrapper
}

/** Another window saves their lab; resolves once this window has heard of it. */
async function changeElsewhere(): Promise<number> {
  const revision = await lab.saveElsewhere(theirLab())
  const topology = useTopologyStore(pinia)
  // Heard: reloaded at once, or known to be behind.
  await until(() => expect([topology.storeRevision, topology.changedElsewhere]).toContain(revision))
  await settle()
  return revision
}

/** Another window saves their lab while this one hears nothing (its event socket is down). */
async function changeUnheard(): Promise<number> {
  lab.setOffline(true)
  const revision = await lab.saveElsewhere(theirLab())
  // Long enough for the store's watch to have told (nobody).
  await settle(400)
  lab.setOffline(false)
  return revision
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

/** What the other window saves: the stored (else the sample) lab without a3, with a host a7. */
function theirLab() {
  const doc = lab.stored().document ?? sampleDocument()
  doc.hosts = doc.hosts.filter((h) => h.id !== 'a3' && h.id !== 'a7')
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
    await changeElsewhere()
    await until(() => expect(inTree('a7')).toBe(true))
    expect(text('changed-elsewhere-reloaded')).toContain(
      'The lab was changed elsewhere (revision 2) and is reloaded.',
    )
    const changes = text('changed-elsewhere-changes')
    expect(changes).toContain('1 host added: a7')
    expect(changes).toContain('1 host removed: a3')
    expect(inTree('a7')).toBe(true)
    expect(inTree('a3')).toBe(false)
    expect(useTopologyStore(pinia).storeRevision).toBe(2)
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
    await until(() => expect(lab.stored().document?.hosts[0]?.address).toBe('a1.example.org'))
    // The store's watch announces this save too (debounced): taken for its own, nothing happens.
    await settle(600)
    expect(el('changed-elsewhere-banner')).toBeNull()
    expect(el('changed-elsewhere-reloaded')).toBeNull()
    expect(useTopologyStore(pinia).storeRevision).toBe(2)
    expect(text('status-save')).toBe('Saved')
  })

  it('with unsaved edits: keeps them, says how many, and offers the choice; Keep editing changes nothing', async () => {
    await mountApp()
    await editAddress()
    await changeElsewhere()
    expect(text('changed-elsewhere-text')).toContain(
      'The lab was changed elsewhere (revision 2). You have 1 unsaved edit — nothing is lost until you choose.',
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
    expect(lab.count('topology.save')).toBe(0)
  })

  it('Compare says in words what differs; Reload takes the stored lab and Ctrl+Z brings the edits back', async () => {
    await mountApp()
    await editAddress()
    await changeElsewhere()
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
    expect(lab.count('topology.save')).toBe(0)

    await click('changed-elsewhere-reload-button')
    await until(() => expect(inTree('a7')).toBe(true))
    expect(useChangedElsewhereStore(pinia).dialogOpen).toBe(false)
    expect(inTree('a7')).toBe(true)
    expect(address()).toBe('a1.lab.example')
    expect(el('changed-elsewhere-banner')).toBeNull()
    expect(useTopologyStore(pinia).storeRevision).toBe(2)
    await key({ key: 'z', ctrlKey: true })
    expect(address()).toBe('a1.example.org')
  })

  it('Ctrl+S refused as based on an old revision opens the choice; Overwrite asks once more and saves over it', async () => {
    await mountApp()
    await editAddress()
    // The change event never reached this window; the core's refusal is how it learns.
    expect(await changeUnheard()).toBe(2)
    expect(el('changed-elsewhere-banner')).toBeNull()
    await key({ key: 's', ctrlKey: true })
    await until(() => expect(useChangedElsewhereStore(pinia).dialogOpen).toBe(true))
    expect(text('changed-elsewhere-why')).toContain('Your save was refused')
    expect(document.body.textContent).toContain('The lab was changed elsewhere (revision 2)')
    expect(address()).toBe('a1.example.org')
    expect(lab.stored().document?.hosts.map((h) => h.id)).toEqual(['a1', 'a2', 'a7'])

    await click('changed-elsewhere-overwrite-button')
    // Asked once more: nothing saved yet; Back returns to the choice.
    expect(text('changed-elsewhere-overwrite-question')).toContain(
      'Your version is saved over revision 2',
    )
    expect(lab.count('topology.save')).toBe(1)
    await click('changed-elsewhere-overwrite-confirm')
    await until(() => expect(lab.stored().revision).toBe(3))
    expect(lab.argsOf('topology.save').at(-1)?.[1]).toBe(2)
    expect(lab.stored().document?.hosts.map((h) => h.id)).toEqual(['a1', 'a2', 'a3'])
    expect(lab.stored().document?.hosts[0]?.address).toBe('a1.example.org')
    await until(() => expect(useChangedElsewhereStore(pinia).dialogOpen).toBe(false))
    expect(useTopologyStore(pinia).storeRevision).toBe(3)
    expect(el('changed-elsewhere-banner')).toBeNull()
  })

  it('on the first-start demo: asks before swapping it for the stored lab; Keep the demo waits for a newer change', async () => {
    await mountApp('demo')
    await changeElsewhere()
    expect(text('changed-elsewhere-text')).toBe(
      'The lab was changed elsewhere (revision 1). You are looking at the demo lab, not the stored one.',
    )
    expect(inTree('a3')).toBe(true)
    await click('changed-elsewhere-keep')
    expect(el('changed-elsewhere-banner')).toBeNull()
    expect(inTree('a3')).toBe(true)

    await changeElsewhere()
    expect(text('changed-elsewhere-text')).toContain('(revision 2)')
    await click('changed-elsewhere-reload')
    // The stored lab replaces the demo (whose data centers are others).
    await until(() =>
      expect(wrapper!.find('[data-testid="tree-node-dataCenter-dc1"]').exists()).toBe(true),
    )
    expect(useTopologyStore(pinia).document?.hosts.map((h) => h.id)).toEqual(['a1', 'a2', 'a7'])
    expect(wrapper!.find('[data-testid="tree-node-dataCenter-dc-east"]').exists()).toBe(false)
    expect(useTopologyStore(pinia).origin).toBe('store')
    expect(el('changed-elsewhere-banner')).toBeNull()
  })

  it('Overwrite refused again (changed once more) keeps the edits and says so', async () => {
    await mountApp()
    await editAddress()
    await changeElsewhere()
    await click('changed-elsewhere-choose')
    await click('changed-elsewhere-overwrite-button')
    // Saved once more elsewhere while the question is open, before this window hears of it.
    expect(await changeUnheard()).toBe(3)
    await click('changed-elsewhere-overwrite-confirm')
    await until(() =>
      expect(text('changed-elsewhere-problem')).toContain(
        'the lab was changed elsewhere again (revision 3)',
      ),
    )
    expect(useChangedElsewhereStore(pinia).dialogOpen).toBe(true)
    expect(address()).toBe('a1.example.org')
    expect(lab.stored().document?.hosts.map((h) => h.id)).toEqual(['a1', 'a2', 'a7'])
  })
})
