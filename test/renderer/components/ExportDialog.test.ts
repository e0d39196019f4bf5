// The toolbar's Export…: without secrets by default; plain secrets only past a warning and a
// checkbox, downloaded straight from the core's answer and kept in no store.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { Pinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { defineComponent, h, ref } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EXPORT_SECRETS_CONFIRMATION } from '../../../src-main/common/api'
import ExportDialog from '../../../src-renderer/src/components/ExportDialog.vue'
import { setServices } from '../../../src-renderer/src/services'
import type { Mode } from '../../../src-renderer/src/services'
import { servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'
import { SAMPLE_PASSWORD } from '../support/sampleLab'

/** a1's BMC password, in the secret store since the sample lab was saved. */
const SECRET = SAMPLE_PASSWORD
let lab: TestCore
let downloads: { name: string; text: string }[]
let pinia: Pinia
const show = ref(true)

async function open(mode: Mode = 'browser') {
  lab = await startCore()
  downloads = []
  setServices({
    ...servicesOf(lab, { downloadText: (name, text) => void downloads.push({ name, text }) }),
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
/** Clicks Export and waits for the download. */
async function exportNow(): Promise<void> {
  const before = downloads.length
  await click('export-run')
  await vi.waitFor(() => expect(downloads.length).toBe(before + 1))
  await flushPromises()
}
const exportCalls = () => lab.argsOf('topology.exportText')

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('ExportDialog', { timeout: 30_000 }, () => {
  it('exports without secrets by default', async () => {
    const wrapper = await open()
    await flushPromises()
    expect(el('export-secrets-warning')).toBeNull()
    await exportNow()
    expect(exportCalls()).toEqual([[]])
    expect(downloads.map((d) => d.name)).toEqual(['topology.json'])
    expect(downloads[0]!.text).not.toContain(SECRET)
    // The lab itself, as the core exports it.
    expect(JSON.parse(downloads[0]!.text).hosts[0].powerManagement.devices[0].params.ip).toBe(
      '10.1.0.11',
    )
    expect(show.value).toBe(false)
    wrapper.unmount()
  })

  it('exports plain secrets only after the warning is acknowledged, and keeps them nowhere', async () => {
    const wrapper = await open()
    await flushPromises()
    await click('export-with-secrets')
    expect(el('export-secrets-warning')?.textContent).toContain('plain text')
    // Not yet: the checkbox is the explicit choice.
    expect(el('export-run')?.hasAttribute('disabled')).toBe(true)
    await click('export-run')
    expect(exportCalls()).toEqual([])
    await click('export-secrets-understood')
    expect(el('export-run')?.hasAttribute('disabled')).toBe(false)
    await exportNow()
    expect(exportCalls()).toEqual([
      [{ includeSecrets: true, confirm: EXPORT_SECRETS_CONFIRMATION }],
    ])
    expect(downloads.map((d) => d.name)).toEqual(['topology-with-secrets.json'])
    expect(downloads[0]!.text).toContain(SECRET)
    // Nothing of it stays in the renderer's stores (document, undo history, notices).
    expect(JSON.stringify(pinia.state.value)).not.toContain(SECRET)
    wrapper.unmount()
  })

  it('opens again on the safe default', async () => {
    const wrapper = await open()
    await flushPromises()
    await click('export-with-secrets')
    await click('export-secrets-understood')
    await click('export-cancel')
    expect(show.value).toBe(false)
    show.value = true
    await flushPromises()
    expect(el('export-secrets-warning')).toBeNull()
    await exportNow()
    expect(exportCalls()).toEqual([[]])
    expect(downloads[0]!.text).not.toContain(SECRET)
    wrapper.unmount()
  })

  it('in the desktop app points to File > Export… and never asks the page for secrets', async () => {
    const wrapper = await open('electron')
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
