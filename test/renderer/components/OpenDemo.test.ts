// "Start empty" is not a dead end: File › Open the demo lab (the toolbar's menu and the desktop
// menu) and the empty engine page bring the demo back, throw-away: the store is not touched until
// the admin saves it on purpose, after a question.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../../src-renderer/src/App.vue'
import { emptyDocument } from '../../../src-renderer/src/lib/model'
import { setServices } from '../../../src-renderer/src/services'
import { createFakeApi, fakeServices } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

let fake: FakeApi
let wrapper: ReturnType<typeof mount> | undefined

async function settle(ms = 400): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

/** The app over a store that holds an empty lab, as "Start empty" leaves it. */
async function mountEmptyLab() {
  fake = createFakeApi({ origin: 'store', document: emptyDocument() })
  setServices(fakeServices(fake))
  wrapper = mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body })
  await settle(700)
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

function expectDemoOpenAndStoreUntouched(app: ReturnType<typeof mount>): void {
  expect(app.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true)
  expect(app.get('[data-testid="demo-banner"]').text()).toContain('Demo lab')
  expect(app.find('[data-testid="demo-back-to-stored"]').exists()).toBe(true)
  expect(fake.count('demo.open')).toBe(1)
  expect(fake.count('demo.reset')).toBe(0)
  expect(fake.count('topology.save')).toBe(0)
  expect(fake.stored.document?.hosts).toEqual([])
  expect(fake.stored.revision).toBe(7)
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
    expectDemoOpenAndStoreUntouched(app)
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
    expectDemoOpenAndStoreUntouched(app)
  })

  it("answers the desktop menu's command", async () => {
    const app = await mountEmptyLab()
    fake.menu('open-demo')
    await settle()
    expectDemoOpenAndStoreUntouched(app)
  })

  it('runs power actions of the opened demo on the demo lab', async () => {
    const app = await mountEmptyLab()
    fake.menu('open-demo')
    await settle()
    await app.get('[data-testid="tree-node-host-a1"]').trigger('click')
    await settle(200)
    await app.get('[data-testid="action-status"]').trigger('click')
    await settle(300)
    const runs = fake.calls.filter((c) => c.method === 'fencing.run')
    expect(runs).toHaveLength(1)
    expect(runs[0]?.args[0]).toMatchObject({ host: 'a1', action: 'status', lab: 'demo' })

    await app.get('[data-testid="view-readiness"]').trigger('click')
    await settle(200)
    await app.get('[data-testid="readiness-test"]').trigger('click')
    await settle(300)
    expect(fake.calls.filter((c) => c.method === 'fencing.test').map((c) => c.args)).toEqual([
      ['a1', 'demo'],
    ])
  })

  it('asks before saving the demo over the stored lab, and saves on the stored revision', async () => {
    const app = await mountEmptyLab()
    fake.menu('open-demo')
    await settle()

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))
    await settle(200)
    expect(document.querySelector('.n-dialog')?.textContent).toContain(
      'Replace your stored lab with the demo?',
    )
    dialogButton('Cancel').click()
    await settle(200)
    expect(fake.count('topology.save')).toBe(0)
    expect(fake.stored.document?.hosts).toEqual([])
    await settle(600)

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))
    await settle(200)
    byTestId('demo-save-confirm').click()
    await settle(200)
    expect(fake.count('topology.save')).toBe(1)
    const save = fake.calls.find((c) => c.method === 'topology.save')
    expect(save?.args[1]).toBe(7)
    expect(fake.stored.document?.hosts.map((h) => h.id)).toContain('a1')
    expect(app.find('[data-testid="demo-banner"]').exists()).toBe(false)
  })

  it('goes back to the stored lab from the banner', async () => {
    const app = await mountEmptyLab()
    fake.menu('open-demo')
    await settle()
    await app.get('[data-testid="demo-back-to-stored"]').trigger('click')
    await settle()
    expect(app.find('[data-testid="demo-banner"]').exists()).toBe(false)
    expect(app.find('[data-testid="tree-node-host-a1"]').exists()).toBe(false)
    expect(app.find('[data-testid="engine-open-demo"]').exists()).toBe(true)
  })
})
