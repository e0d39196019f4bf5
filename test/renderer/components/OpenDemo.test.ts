// "Start empty" is not a dead end: File › Open the demo lab (the toolbar's menu and the desktop
// menu) and the empty engine page bring the demo back, throw-away: the store is not touched until
// the admin saves it on purpose, after a question.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../../src-renderer/src/App.vue'
import { emptyDocument } from '../../../src-renderer/src/lib/model'
import { setServices } from '../../../src-renderer/src/services'
import { servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'
import { until } from '../support/settle'

let lab: TestCore
let wrapper: ReturnType<typeof mount> | undefined

async function settle(ms = 400): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

/** The app over a store that holds an empty lab, as "Start empty" leaves it. */
async function mountEmptyLab() {
  lab = await startCore({ stored: emptyDocument() })
  setServices(servicesOf(lab))
  wrapper = mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body })
  const app = wrapper
  await until(() => app.get('[data-testid="engine-open-demo"]'))
  await settle(200)
  return wrapper
}

/** The last such element: a dialog that is closing may still be in the page. */
function byTestId(id: string): HTMLElement {
  const el = [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)].at(-1)
  if (!el) throw new Error(`no [data-testid="${id}"]`)
  return el
}

function dialogButton(text: string): HTMLElement {
  const button = [...document.querySelectorAll<HTMLElement>('.n-dialog button')].findLast((b) =>
    b.textContent?.includes(text),
  )
  if (!button) throw new Error(`no dialog button "${text}"`)
  return button
}

async function expectDemoOpenAndStoreUntouched(app: ReturnType<typeof mount>): Promise<void> {
  await until(() => expect(app.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true))
  expect(app.get('[data-testid="demo-banner"]').text()).toContain('Demo lab')
  expect(app.find('[data-testid="demo-back-to-stored"]').exists()).toBe(true)
  expect(lab.count('demo.open')).toBe(1)
  expect(lab.count('demo.reset')).toBe(0)
  expect(lab.count('topology.save')).toBe(0)
  expect(lab.stored().document?.hosts).toEqual([])
  expect(lab.stored().revision).toBe(1)
}

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('Open the demo lab', { timeout: 30_000 }, () => {
  it('is offered by the empty engine page and opens the demo without touching the store', async () => {
    const app = await mountEmptyLab()
    expect(app.find('[data-testid="demo-banner"]').exists()).toBe(false)
    await app.get('[data-testid="engine-open-demo"]').trigger('click')
    await settle()
    await expectDemoOpenAndStoreUntouched(app)
    expect(app.get('[data-testid="status-save"]').text()).toContain('Demo lab')
  })

  it("is in the toolbar's File menu", async () => {
    const app = await mountEmptyLab()
    await app.get('[data-testid="file-menu"]').trigger('click')
    await settle(100)
    const option = [...document.querySelectorAll<HTMLElement>('.n-dropdown-option')].find((o) =>
      o.textContent?.includes('Open the demo lab'),
    )
    expect(option).toBeDefined()
    option!.querySelector<HTMLElement>('.n-dropdown-option-body')!.click()
    await settle()
    await expectDemoOpenAndStoreUntouched(app)
  })

  it("answers the desktop menu's command", async () => {
    const app = await mountEmptyLab()
    lab.menu('open-demo')
    await settle()
    await expectDemoOpenAndStoreUntouched(app)
  })

  it('runs power actions of the opened demo on the demo lab', async () => {
    const app = await mountEmptyLab()
    lab.menu('open-demo')
    await settle()
    await app.get('[data-testid="tree-node-host-a1"]').trigger('click')
    await settle(200)
    await app.get('[data-testid="action-status"]').trigger('click')
    await settle(300)
    await until(() => expect(lab.count('fencing.run')).toBe(1))
    expect(lab.argsOf('fencing.run')[0]?.[0]).toMatchObject({
      host: 'a1',
      action: 'status',
      lab: 'demo',
    })
    // Run for real on the demo lab's simulated devices: in its history, not the stored lab's.
    await until(async () =>
      expect(await lab.core.api.fencing.history(null, 'demo')).toHaveLength(1),
    )
    expect(await lab.core.api.fencing.history()).toEqual([])

    await app.get('[data-testid="view-readiness"]').trigger('click')
    // The view is loaded on demand.
    await until(() => app.get('[data-testid="readiness-test"]'))
    await settle(200)
    await app.get('[data-testid="readiness-test"]').trigger('click')
    await until(() => expect(lab.count('fencing.test')).toBe(1))
    expect(lab.argsOf('fencing.test')).toEqual([['a1', 'demo']])
    await until(async () =>
      expect((await lab.core.api.fencing.reachability('a1', 'demo')).length).toBeGreaterThan(0),
    )
    expect(await lab.core.api.fencing.reachability('a1')).toEqual([])
  })

  it('asks before saving the demo over the stored lab, and saves on the stored revision', async () => {
    const app = await mountEmptyLab()
    lab.menu('open-demo')
    await settle()

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))
    await settle(200)
    expect(document.querySelector('.n-dialog')?.textContent).toContain(
      'Replace your stored lab with the demo?',
    )
    dialogButton('Cancel').click()
    await settle(200)
    expect(lab.count('topology.save')).toBe(0)
    expect(lab.stored().document?.hosts).toEqual([])
    await settle(600)

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))
    await settle(200)
    byTestId('demo-save-confirm').click()
    await until(() => expect(lab.stored().revision).toBe(2))
    expect(lab.count('topology.save')).toBe(1)
    expect(lab.argsOf('topology.save')[0]?.[1]).toBe(1)
    expect(lab.stored().document?.hosts.map((h) => h.id)).toContain('a1')
    await until(() => expect(app.find('[data-testid="demo-banner"]').exists()).toBe(false))
  })

  it('goes back to the stored lab from the banner', async () => {
    const app = await mountEmptyLab()
    lab.menu('open-demo')
    await settle()
    await app.get('[data-testid="demo-back-to-stored"]').trigger('click')
    await until(() => expect(app.find('[data-testid="demo-banner"]').exists()).toBe(false))
    expect(app.find('[data-testid="tree-node-host-a1"]').exists()).toBe(false)
    expect(app.find('[data-testid="engine-open-demo"]').exists()).toBe(true)
  })
})
