// The whole renderer on the in-memory API: load, tree, editor, live plan, save, undo.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../../src-renderer/src/App.vue'
import { setServices } from '../../../src-renderer/src/services'
import type { Platform } from '../../../src-renderer/src/services'
import { createFakeApi, fakeServices, pickedFile, sampleDocument } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

let fake: FakeApi
let wrapper: ReturnType<typeof mount> | undefined

async function settle(ms = 700): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

async function mountApp(
  origin: 'store' | 'demo' = 'store',
  doc = sampleDocument(),
  platform: Partial<Platform> = {},
) {
  fake = createFakeApi({ origin, document: doc })
  setServices(fakeServices(fake, platform))
  wrapper = mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body })
  await settle()
  return wrapper
}

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

// Mounting the whole app in happy-dom takes a few seconds per test.
describe('the app', { timeout: 30_000 }, () => {
  it('opens on the first host with devices, showing its editor and its plan', async () => {
    const app = await mountApp()
    expect(app.find('[data-testid="tree-node-host-a1"]').attributes('aria-selected')).toBe('true')
    expect(app.find('[data-testid="host-editor-a1"]').exists()).toBe(true)
    expect(app.get('[data-testid="plan-candidate-psu1-1"]').text()).toContain('a2')
    expect(app.get('[data-testid="status-save"]').text()).toBe('Saved')
    expect(app.get('[data-testid="status-mode"]').text()).toBe('Browser')
    expect(app.get('[data-testid="status-file"]').text()).toContain('topology.json')
  })

  it('updates the plan as a preference is typed, before saving; Ctrl+Z undoes it', async () => {
    const app = await mountApp()
    const input = app.get('[data-testid="pref-device-a1-psu1-input"] input')
    await input.setValue('Engine')
    await input.trigger('keydown', { key: 'Enter' })
    await settle(400)
    expect(app.get('[data-testid="plan-candidate-psu1-1"]').text()).toContain('engine')
    expect(app.get('[data-testid="status-save"]').text()).toContain('Unsaved changes')
    expect(fake.count('topology.save')).toBe(0)

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true }))
    await settle(400)
    expect(app.get('[data-testid="plan-candidate-psu1-1"]').text()).toContain('a2')
    expect(app.get('[data-testid="status-save"]').text()).toBe('Saved')
  })

  it('saves with Ctrl+S', async () => {
    const app = await mountApp()
    const input = app.get('[data-testid="host-address"] input')
    await input.setValue('a1.example.org')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))
    await settle(100)
    expect(fake.stored.document?.hosts[0]?.address).toBe('a1.example.org')
    expect(app.get('[data-testid="status-save"]').text()).toBe('Saved')
  })

  it('shows a validation error at the field, in the tree and in the problems list', async () => {
    const app = await mountApp()
    await app.get('[data-testid="host-address"] input').setValue('not valid!')
    await settle(400)
    expect(app.get('[data-testid="issues-hosts[0].address"]').text()).toContain(
      'not an IP address or FQDN',
    )
    expect(app.get('[data-testid="status-problems"]').text()).toBe('1 problem')
    await app.get('[data-testid="status-problems"]').trigger('click')
    expect(app.get('[data-testid="problem-0"]').text()).toContain('address of host a1')
  })

  it('warns in the plan and the tree when a device has no candidate', async () => {
    const app = await mountApp()
    const input = app.get('[data-testid="pref-device-a1-psu1-input"] input')
    await input.setValue('jump9')
    await input.trigger('keydown', { key: 'Enter' })
    await settle(800)
    expect(app.get('[data-testid="plan-no-candidate-psu1"]').text()).toContain(
      'No proxy can fence psu1',
    )
    expect(app.find('[data-testid="tree-node-host-a1-no-proxy"]').exists()).toBe(true)
  })

  it('reorders devices from the keyboard with Alt+Down', async () => {
    const doc = sampleDocument()
    doc.hosts[0]!.powerManagement!.devices.push({
      id: 'pdu',
      type: 'ipmilan',
      order: 2,
      params: {},
    })
    const app = await mountApp('store', doc)
    const ids = () =>
      app.findAll('[data-device-head]').map((el) => el.attributes('data-device-head'))
    expect(ids()).toEqual(['psu1', 'pdu'])
    await app
      .get('[data-device-head="psu1"]')
      .trigger('keydown', { key: 'ArrowDown', altKey: true })
    await settle(100)
    expect(ids()).toEqual(['pdu', 'psu1'])
    expect(app.get('[data-testid="plan-panel"]').text()).toMatch(/pdu[\s\S]*psu1/)
  })

  it('handles the desktop menu: undo, redo and save arrive as commands', async () => {
    const app = await mountApp()
    await app.get('[data-testid="host-address"] input').setValue('a1.example.org')
    fake.menu('undo')
    await settle(100)
    expect((app.get('[data-testid="host-address"] input').element as HTMLInputElement).value).toBe(
      'a1.lab.example',
    )
    fake.menu('redo')
    fake.menu('save')
    await settle(100)
    expect(fake.stored.document?.hosts[0]?.address).toBe('a1.example.org')
  })

  it('greets a first start with the demo banner', async () => {
    const app = await mountApp('demo')
    expect(app.get('[data-testid="demo-banner"]').text()).toContain(
      'Demo lab — simulated devices, nothing real is powered',
    )
    expect(app.find('[data-testid="demo-start-empty"]').exists()).toBe(true)
    expect(app.find('[data-testid="demo-import"]').exists()).toBe(true)
  })

  it('imports a file from the demo banner; the banner goes', async () => {
    const imported = sampleDocument()
    imported.hosts = imported.hosts.slice(1)
    const app = await mountApp('demo', sampleDocument(), {
      pickTextFile: async () => pickedFile('lab.json', JSON.stringify(imported)),
    })
    await app.get('[data-testid="demo-import"]').trigger('click')
    await settle(200)
    // Nothing is saved before the confirmation's Import.
    expect(fake.count('topology.importText')).toBe(0)
    ;(document.querySelector('[data-testid="import-confirm"]') as HTMLElement).click()
    await settle(200)
    expect(fake.count('topology.importText')).toBe(1)
    expect(app.find('[data-testid="demo-banner"]').exists()).toBe(false)
    expect(app.find('[data-testid="tree-node-host-a1"]').exists()).toBe(false)
  })
})
