// File › Import of another system's files on the whole renderer over the real core: a Pacemaker CIB
// and oVirt's three API answers are translated by the core, then checked, compared and confirmed
// like any import; the confirmation says where the lab came from and what could not be carried
// over (the first few, "+N more" for the rest); a file that is no system's is refused by name.
import { flushPromises, mount } from '@vue/test-utils'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../../src-renderer/src/App.vue'
import { setServices } from '../../../src-renderer/src/services'
import type { PickedFile } from '../../../src-renderer/src/services'
import { pickedFile, servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'
import { until } from '../support/settle'

const FIXTURES = join(__dirname, '../../main/core/foreignImport/fixtures')
const fixture = (path: string, name: string): PickedFile =>
  pickedFile(name, readFileSync(join(FIXTURES, path), 'utf8'))

let lab: TestCore
let wrapper: ReturnType<typeof mount> | undefined
let next: PickedFile[] = []

async function settle(ms = 300): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

async function mountApp() {
  lab = await startCore()
  setServices(servicesOf(lab, { pickTextFiles: async () => next }))
  wrapper = mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body })
  const app = wrapper
  await until(() => expect(app.find('[data-testid="tree-node-host-a1"]').exists()).toBe(true))
  await settle(200)
}

function el(testId: string): HTMLElement | null {
  return document.body.querySelector(`[data-testid="${testId}"]`)
}
const items = (testId: string) =>
  [...(el(testId)?.querySelectorAll('li') ?? [])].map((li) => li.textContent?.trim() ?? '')

async function importNext(): Promise<void> {
  lab.menu('import')
  await until(() => expect(el('import-changes') ?? el('import-issues')).not.toBeNull())
}

beforeEach(() => {
  document.body.innerHTML = ''
  next = []
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('File › Import from another system', { timeout: 30_000 }, () => {
  it('a Pacemaker CIB: translated, shown with its origin and notes, saved on Import', async () => {
    await mountApp()
    next = [fixture('cib.xml', 'cib.xml')]
    await importNext()
    expect(lab.argsOf('topology.translateForeign')).toEqual([
      [{ files: [{ name: 'cib.xml', text: expect.stringContaining('<cib') }] }],
    ])
    expect(el('import-origin')?.textContent).toMatch(/^From Pacemaker: 3 hosts, \d+ devices$/)
    expect(el('import-changes')?.textContent).toContain('web1')
    expect(lab.count('topology.importText')).toBe(0)

    el('import-confirm')!.click()
    await until(() => expect(lab.count('topology.importText')).toBe(1))
    await settle()
    expect(lab.count('topology.importText')).toBe(1)
    expect(lab.stored().document?.hosts.map((h) => h.name)).toEqual(['web1', 'web2', 'web3'])
    // The CIB's password went to the secret store, not into the stored document.
    expect(JSON.stringify(lab.stored().document)).not.toContain('ipmi-secret-1')
  })

  it("oVirt's three answers: a type without a plugin is left out, the note says what to do", async () => {
    await mountApp()
    // Three more hosts in a state Fencepost has no word for: three more notes, seven in all.
    const hosts = JSON.parse(readFileSync(join(FIXTURES, 'ovirt/hosts.json'), 'utf8')) as {
      host: { id: string; name: string; address: string; status: string }[]
    }
    const installing = hosts.host.find((h) => h.status === 'installing')!
    for (const n of [1, 2, 3])
      hosts.host.push({
        ...installing,
        id: `${installing.id}-${n}`,
        name: `new${n}`,
        address: `new${n}.lab.example`,
      })
    next = [
      fixture('ovirt/clusters.json', 'clusters.json'),
      pickedFile('hosts.json', JSON.stringify(hosts)),
      fixture('ovirt/datacenters.json', 'datacenters.json'),
    ]
    await importNext()
    expect(el('import-origin')?.textContent).toMatch(/^From oVirt: 7 hosts, \d+ devices$/)
    expect(items('import-notes')).toHaveLength(4)
    const more = el('import-notes-more')
    expect(more?.textContent?.trim()).toBe('+3 more')
    more!.click()
    await settle(50)
    const all = items('import-notes')
    expect(all).toHaveLength(7)
    expect(el('import-notes-more')).toBeNull()
    expect(all).toContain(
      'type drac7 has no plugin, so its devices are left out: run ' +
        '`fencepost import --from ovirt FILE` (which generates it) or ' +
        '`fencepost plugins import-metadata fence_ipmilan --id drac7`, then restart Fencepost',
    )
    el('import-cancel')!.click()
    await settle()
    expect(lab.count('topology.importText')).toBe(0)
  })

  it('a Fencepost document is not translated; an XML file that is no CIB is refused by name', async () => {
    await mountApp()
    const validations = lab.count('topology.validate')
    next = [pickedFile('pom.xml', '<project><modelVersion/></project>')]
    await importNext()
    expect(el('import-issues')?.textContent).toContain(
      'pom.xml: XML, but not a Pacemaker CIB (its root element is not <cib>)',
    )
    expect(lab.count('topology.importText')).toBe(0)
    expect(lab.count('topology.validate')).toBe(validations)
    expect(lab.count('topology.translateForeign')).toBe(1)
  })
})
