// The toolbar's Export…: without secrets by default; plain secrets only past a warning and a
// checkbox, downloaded straight from the core's answer and kept in no store.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { Pinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { defineComponent, h, ref } from 'vue'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EXPORT_SECRETS_CONFIRMATION } from '../../../src-main/common/api'
import ExportDialog from '../../../src-renderer/src/components/ExportDialog.vue'
import { setServices } from '../../../src-renderer/src/services'
import type { Mode } from '../../../src-renderer/src/services'
import { createFakeApi, fakeServices } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

const SECRET = 'Bmc-Pl4in-7'
let fake: FakeApi
let downloads: { name: string; text: string }[]
let pinia: Pinia
const show = ref(true)

function open(mode: Mode = 'browser') {
  fake = createFakeApi()
  fake.plainSecrets = { 'hosts[0].powerManagement.devices[0].params.password': SECRET }
  downloads = []
  setServices({
    ...fakeServices(fake, { downloadText: (name, text) => void downloads.push({ name, text }) }),
    mode,
  })
  pinia = createPinia()
  show.value = true
  const Host = defineComponent({
    render: () =>
      h(NDialogProvider, () =>
        h(ExportDialog, {
          show: show.value,
          'onUpdate:show': (v: boolean) => (show.value = v),
        }),
      ),
  })
  return mount(Host, { attachTo: document.body, global: { plugins: [pinia] } })
}

function el(testId: string): HTMLElement | null {
  return document.body.querySelector(`[data-testid="${testId}"]`)
}
async function click(testId: string): Promise<void> {
  const target = el(testId)
  if (!target) throw new Error(`no ${testId}`)
  // A radio or checkbox of naive-ui takes the click on its input or its label.
  ;((target.querySelector('input') as HTMLElement | null) ?? target).click()
  await flushPromises()
}
const exportCalls = () => fake.calls.filter((c) => c.method === 'topology.exportText')

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('ExportDialog', () => {
  it('exports without secrets by default', async () => {
    const wrapper = open()
    await flushPromises()
    expect(el('export-secrets-warning')).toBeNull()
    await click('export-run')
    expect(exportCalls()).toEqual([{ method: 'topology.exportText', args: [] }])
    expect(downloads.map((d) => d.name)).toEqual(['topology.json'])
    expect(downloads[0]!.text).not.toContain(SECRET)
    expect(show.value).toBe(false)
    wrapper.unmount()
  })

  it('exports plain secrets only after the warning is acknowledged, and keeps them nowhere', async () => {
    const wrapper = open()
    await flushPromises()
    await click('export-with-secrets')
    expect(el('export-secrets-warning')?.textContent).toContain('plain text')
    // Not yet: the checkbox is the explicit choice.
    expect(el('export-run')?.hasAttribute('disabled')).toBe(true)
    await click('export-run')
    expect(exportCalls()).toEqual([])
    await click('export-secrets-understood')
    expect(el('export-run')?.hasAttribute('disabled')).toBe(false)
    await click('export-run')
    expect(exportCalls()).toEqual([
      {
        method: 'topology.exportText',
        args: [{ includeSecrets: true, confirm: EXPORT_SECRETS_CONFIRMATION }],
      },
    ])
    expect(downloads.map((d) => d.name)).toEqual(['topology-with-secrets.json'])
    expect(downloads[0]!.text).toContain(SECRET)
    // Nothing of it stays in the renderer's stores (document, undo history, notices).
    expect(JSON.stringify(pinia.state.value)).not.toContain(SECRET)
    wrapper.unmount()
  })

  it('opens again on the safe default', async () => {
    const wrapper = open()
    await flushPromises()
    await click('export-with-secrets')
    await click('export-secrets-understood')
    await click('export-cancel')
    expect(show.value).toBe(false)
    show.value = true
    await flushPromises()
    expect(el('export-secrets-warning')).toBeNull()
    await click('export-run')
    expect(exportCalls()).toEqual([{ method: 'topology.exportText', args: [] }])
    wrapper.unmount()
  })

  it('in the desktop app points to File > Export… and never asks the page for secrets', async () => {
    const wrapper = open('electron')
    await flushPromises()
    await click('export-with-secrets')
    expect(el('export-secrets-desktop')?.textContent).toContain('File → Export…')
    expect(el('export-secrets-understood')).toBeNull()
    expect(el('export-run')?.hasAttribute('disabled')).toBe(true)
    await click('export-run')
    expect(exportCalls()).toEqual([])
    wrapper.unmount()
  })
})
