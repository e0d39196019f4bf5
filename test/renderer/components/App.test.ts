// The whole renderer on the real core: load, tree, editor, live plan, save, undo.
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../../src-renderer/src/App.vue'
import { setServices } from '../../../src-renderer/src/services'
import type { Platform } from '../../../src-renderer/src/services'
import { pickedFile, servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'
import { sampleDocument } from '../support/sampleLab'
import { settle, until } from '../support/settle'

let lab: TestCore
let wrapper: ReturnType<typeof mount> | undefined

/**
 * The app over a store holding `doc` (`store`), or over an empty one: a first start, which shows
 * the demo lab (`demo`); ready once a1 is in the tree with its plan.
 */
async function mountApp(
  origin: 'store' | 'demo' = 'store',
  doc = sampleDocument(),
  platform: Partial<Platform> = {},
) {
  lab = await startCore({ stored: origin === 'store' ? doc : null })
  setServices(servicesOf(lab, platform))
  wrapper = mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body })
  const app = wrapper
  await until(() => expect(app.find('[data-testid="plan-panel"]').exists()).toBe(true))
  await settle(100)
  return wrapper
}

const candidate = (app: ReturnType<typeof mount>, device: string, n: number) =>
  app.find(`[data-testid="plan-candidate-${device}-${n}"]`)

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
    await until(() => expect(candidate(app, 'psu1', 1).text()).toContain('a2'))
    expect(app.get('[data-testid="status-save"]').text()).toBe('Saved')
    expect(app.get('[data-testid="status-mode"]').text()).toBe('Browser')
    expect(app.get('[data-testid="status-file"]').text()).toBe(lab.core.storeFile)
  })

  it("never draws the engine's editor on the way to the first host (a big lab pays for it)", async () => {
    let engineEditorSeen = false
    const watcher = new MutationObserver(() => {
      engineEditorSeen ||= document.querySelector('[data-testid="engine-editor"]') !== null
    })
    watcher.observe(document.body, { subtree: true, childList: true })
    const app = await mountApp()
    watcher.disconnect()
    expect(app.find('[data-testid="host-editor-a1"]').exists()).toBe(true)
    expect(engineEditorSeen).toBe(false)
  })

  it('updates the plan as a preference is typed, before saving; Ctrl+Z undoes it', async () => {
    const app = await mountApp()
    const input = app.get('[data-testid="pref-device-a1-psu1-input"] input')
    await input.setValue('Engine')
    await input.trigger('keydown', { key: 'Enter' })
    await until(() => expect(candidate(app, 'psu1', 1).text()).toContain('engine'))
    expect(app.get('[data-testid="status-save"]').text()).toContain('Unsaved changes')
    expect(lab.count('topology.save')).toBe(0)

    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true }))
    await until(() => expect(candidate(app, 'psu1', 1).text()).toContain('a2'))
    expect(app.get('[data-testid="status-save"]').text()).toBe('Saved')
  })

  it('saves with Ctrl+S', async () => {
    const app = await mountApp()
    const input = app.get('[data-testid="host-address"] input')
    await input.setValue('a1.example.org')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))
    await until(() => expect(lab.stored().document?.hosts[0]?.address).toBe('a1.example.org'))
    await until(() => expect(app.get('[data-testid="status-save"]').text()).toBe('Saved'))
  })

  it('shows a validation error at the field, in the tree and in the problems list', async () => {
    const app = await mountApp()
    await app.get('[data-testid="host-address"] input').setValue('not valid!')
    await until(() =>
      expect(app.get('[data-testid="issues-hosts[0].address"]').text()).toContain(
        'not an IP address or FQDN',
      ),
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
    await until(() =>
      expect(app.get('[data-testid="plan-no-candidate-psu1"]').text()).toContain(
        'No proxy can fence psu1',
      ),
    )
    await until(() =>
      expect(app.find('[data-testid="tree-node-host-a1-no-proxy"]').exists()).toBe(true),
    )
  })

  it('reorders devices from the keyboard with Alt+Down', async () => {
    const doc = sampleDocument()
    doc.hosts[0]!.powerManagement!.devices.push({
      id: 'pdu',
      type: 'ipmilan',
      order: 2,
      params: { ip: '10.1.0.12', username: 'admin' },
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
    await until(() =>
      expect(app.get('[data-testid="plan-panel"]').text()).toMatch(/pdu[\s\S]*psu1/),
    )
  })

  it('handles the desktop menu: undo, redo and save arrive as commands', async () => {
    const app = await mountApp()
    await app.get('[data-testid="host-address"] input').setValue('a1.example.org')
    lab.menu('undo')
    await settle(100)
    expect((app.get('[data-testid="host-address"] input').element as HTMLInputElement).value).toBe(
      'a1.lab.example',
    )
    lab.menu('redo')
    lab.menu('save')
    await until(() => expect(lab.stored().document?.hosts[0]?.address).toBe('a1.example.org'))
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
      pickTextFiles: async () => [pickedFile('lab.json', JSON.stringify(imported))],
    })
    expect(app.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true)
    await app.get('[data-testid="demo-import"]').trigger('click')
    const confirm = await until(() => {
      const button = document.querySelector<HTMLElement>('[data-testid="import-confirm"]')
      expect(button).not.toBeNull()
      return button!
    })
    // Nothing is saved before the confirmation's Import.
    expect(lab.count('topology.importText')).toBe(0)
    expect(lab.stored().revision).toBe(0)
    confirm.click()
    await until(() => expect(app.find('[data-testid="demo-banner"]').exists()).toBe(false))
    expect(lab.count('topology.importText')).toBe(1)
    expect(lab.stored().document?.hosts.map((h) => h.id)).toEqual(['a2', 'a3'])
    expect(app.find('[data-testid="tree-node-host-a1"]').exists()).toBe(false)
  })
})
