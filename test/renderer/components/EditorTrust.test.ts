// Issue 8, smaller defects: what the editor shows must be true after undo, one action is one undo
// step, problems lead to their field and are worded with names, not JSON paths.
import { DOMWrapper, flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../../src-renderer/src/App.vue'
import { setServices } from '../../../src-renderer/src/services'
import { servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'
import { sampleDocument } from '../support/sampleLab'
import { until } from '../support/settle'

let lab: TestCore
let wrapper: ReturnType<typeof mount> | undefined
let pinia: Pinia

async function settle(ms = 500): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

/** The app over `doc` stored (`null`: an empty store, the first-start demo), ready. */
async function mountApp(doc: ReturnType<typeof sampleDocument> | null = sampleDocument()) {
  lab = await startCore({ stored: doc })
  setServices(servicesOf(lab))
  pinia = createPinia()
  // Real transitions: Naive renders dialogs inside them, and a stub would leave them out.
  wrapper = mount(App, {
    global: { plugins: [pinia], stubs: { transition: false } },
    attachTo: document.body,
  })
  const app = wrapper
  await until(() => expect(app.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true))
  await settle(300)
  return wrapper
}

/** An element anywhere in the page (dialogs are teleported out of the app's root). */
function inPage(selector: string): DOMWrapper<HTMLElement> {
  const el = document.querySelector<HTMLElement>(selector)
  if (!el) throw new Error(`nothing matches ${selector}`)
  return new DOMWrapper(el)
}

const key = (k: string, more: KeyboardEventInit = {}) =>
  document.dispatchEvent(new KeyboardEvent('keydown', { key: k, ...more }))

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

/** Opens the problems list from the status bar and clicks its first entry, as a person would. */
async function clickFirstProblem(app: VueWrapper): Promise<void> {
  await app.get('[data-testid="status-problems"]').trigger('click')
  await settle(50)
  const problem = app.get<HTMLElement>('[data-testid="problem-0"]')
  problem.element.focus()
  await problem.trigger('click')
  await settle(300)
}

describe('the editor tells the truth', { timeout: 30_000 }, () => {
  it('clicking a problem focuses its field', async () => {
    const app = await mountApp()
    const address = app.get<HTMLInputElement>('[data-testid="host-address"] input')
    await address.setValue('not valid!')
    await settle(400)
    ;(document.activeElement as HTMLElement | null)?.blur()
    await clickFirstProblem(app)
    expect(document.activeElement).toBe(address.element)
  })

  it('clicking a problem of another host selects it and focuses the field', async () => {
    // Saved valid, then made invalid elsewhere: the store keeps only valid labs.
    const app = await mountApp()
    await app.get('[data-testid="tree-node-host-a2"]').trigger('click')
    await settle(100)
    await app.get<HTMLInputElement>('[data-testid="host-address"] input').setValue('not valid!')
    await app.get('[data-testid="tree-node-host-a1"]').trigger('click')
    await until(() => expect(app.get('[data-testid="status-problems"]').text()).toBe('1 problem'))
    await clickFirstProblem(app)
    expect(app.find('[data-testid="host-editor-a2"]').exists()).toBe(true)
    expect(document.activeElement).toBe(app.get('[data-testid="host-address"] input').element)
  })

  it('clicking a problem while another view shows opens the editor with the field focused', async () => {
    const app = await mountApp()
    const address = app.get<HTMLInputElement>('[data-testid="host-address"] input')
    await address.setValue('not valid!')
    await settle(400)
    await app.get('[data-testid="view-history"]').trigger('click')
    await settle(100)
    expect(app.find('[data-testid="host-address"]').exists()).toBe(false)
    await clickFirstProblem(app)
    expect(document.activeElement).toBe(app.get('[data-testid="host-address"] input').element)
  })

  it('clicking a missing device parameter focuses its input', async () => {
    const app = await mountApp()
    await app.get('[data-testid="param-a1-psu1-ip"] input').setValue('')
    await settle(400)
    ;(document.activeElement as HTMLElement | null)?.blur()
    await clickFirstProblem(app)
    expect(document.activeElement).toBe(app.get('[data-testid="param-a1-psu1-ip"] input').element)
  })

  it('drops "missing" under a field as soon as it is filled, before validation answers', async () => {
    const app = await mountApp()
    const ip = app.get<HTMLInputElement>('[data-testid="param-a1-psu1-ip"] input')
    await ip.setValue('')
    const issues = '[data-testid="issues-hosts[0].powerManagement.devices[0].params.ip"]'
    await until(() => expect(app.get(issues).text()).toContain('missing (required'))
    ip.element.focus()
    await ip.setValue('10.1.0.12')
    await flushPromises()
    // Still in the field, well before the validation's quiet time is over.
    expect(document.activeElement).toBe(ip.element)
    expect(app.find(issues).exists()).toBe(false)
  })

  it('adding a data center is one edit, undone by one Ctrl+Z', async () => {
    const app = await mountApp()
    await app.get('[data-testid="tree-node-engine"]').trigger('click')
    await settle(100)
    await app.get('[data-testid="engine-add-dc"]').trigger('click')
    await settle(100)
    await inPage('[data-testid="node-dialog-name"] input').setValue('Second site')
    await inPage('[data-testid="node-dialog-ok"]').trigger('click')
    await settle(400)
    expect(app.get('[data-testid="status-save"]').text()).toBe('Unsaved changes (1 edit)')
    key('z', { ctrlKey: true })
    await settle(200)
    expect(app.get('[data-testid="status-save"]').text()).toBe('Saved')
  })

  it('counts the edits since the save, not the whole undo history', async () => {
    const app = await mountApp()
    const address = app.get<HTMLInputElement>('[data-testid="host-address"] input')
    await address.setValue('a1.example.org')
    key('s', { ctrlKey: true })
    await settle(200)
    expect(app.get('[data-testid="status-save"]').text()).toBe('Saved')
    key('z', { ctrlKey: true })
    await settle(200)
    expect(app.get('[data-testid="status-save"]').text()).toBe('Unsaved changes (1 edit)')
  })

  it('after "Start empty" (saved), adding a data center is 1 unsaved edit', async () => {
    const app = await mountApp(null)
    await app.get('[data-testid="demo-start-empty"]').trigger('click')
    await settle(100)
    await inPage('[data-testid="demo-start-empty-confirm"]').trigger('click')
    await until(() => expect(lab.stored().document?.hosts).toEqual([]))
    await until(() => expect(app.get('[data-testid="status-save"]').text()).toBe('Saved'))
    await app.get('[data-testid="tree-empty-add-dc"]').trigger('click')
    await settle(100)
    await inPage('[data-testid="node-dialog-name"] input').setValue('Main')
    await inPage('[data-testid="node-dialog-ok"]').trigger('click')
    await settle(300)
    expect(app.get('[data-testid="status-save"]').text()).toBe('Unsaved changes (1 edit)')
  })

  it('an undo that removes the selected host selects its cluster, never "undefined"', async () => {
    const app = await mountApp()
    await app.get('[data-testid="tree-node-cluster-c1"]').trigger('click')
    await settle(100)
    await app.get('[data-testid="cluster-add-host"]').trigger('click')
    await settle(100)
    await inPage('[data-testid="node-dialog-name"] input').setValue('a9')
    await inPage('[data-testid="node-dialog-ok"]').trigger('click')
    await settle(300)
    expect(app.get('[data-testid="tree-node-host-a9"]').attributes('aria-selected')).toBe('true')
    key('z', { ctrlKey: true })
    await settle(300)
    expect(app.find('[data-testid="tree-node-host-a9"]').exists()).toBe(false)
    expect(app.get('[data-testid="tree-node-cluster-c1"]').attributes('aria-selected')).toBe('true')
    expect(app.get('[data-testid="node-summary"]').text()).toContain('Readiness in cluster-a')
    expect(app.text()).not.toContain('undefined')
  })

  it('typing "ghost.lab, cluster" and Enter is undone by one Ctrl+Z', async () => {
    const app = await mountApp()
    const input = app.get('[data-testid="pref-device-a1-psu1-input"] input')
    await input.setValue('ghost.lab, clus')
    await settle(50)
    await input.setValue('cluster')
    await input.trigger('keydown', { key: 'Enter' })
    await settle(200)
    const chips = () =>
      app.findAll('[data-testid^="pref-device-a1-psu1-chip-"]').map((c) => c.text())
    expect(chips()).toEqual(['1.ghost.lab', '2.cluster'])
    key('z', { ctrlKey: true })
    await settle(200)
    expect(chips()).toEqual([])
    expect(app.get('[data-testid="status-save"]').text()).toBe('Saved')
  })

  it('a dry run in the inspector folds each stdin, so the plan stays near', async () => {
    const app = await mountApp()
    await app.get('[data-testid="action-off-dry"]').trigger('click')
    const first = await until(() =>
      app.get('[data-testid="inspector-run"] [data-testid="dry-run-stdin-0"]'),
    )
    // The core's dry run: what would be sent to a2, the password as ***.
    expect(lab.argsOf('fencing.run')).toEqual([[{ host: 'a1', action: 'off', dryRun: true }]])
    expect(first.text()).toContain('password=***')
    expect(first.text()).not.toContain('hunter2')
    expect(first.element.tagName).toBe('DETAILS')
    expect((first.element as HTMLDetailsElement).open).toBe(false)
    expect(first.text()).toContain('stdin that would be sent')
    expect(app.find('[data-testid="plan-panel"]').exists()).toBe(true)
  })
})
