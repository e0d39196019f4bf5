// Issue 10 item 7: the device editor shows when a device drives a power unit other hosts share
// (one PDU, several plugs): which hosts, each a link that selects it, updated as the address,
// type or port is edited — through the real core and the built-in plugins.
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NDialogProvider } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import type { Device, Host, TopologyDocument } from '../../../src-main/common/document'
import DeviceList from '../../../src-renderer/src/components/editor/DeviceList.vue'
import { setServices } from '../../../src-renderer/src/services'
import { usePluginsStore } from '../../../src-renderer/src/stores/plugins'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { useUiStore } from '../../../src-renderer/src/stores/ui'
import { servicesOf, startCore } from '../support/coreApi'
import { sampleDocument } from '../support/sampleLab'
import { until } from '../support/settle'

let wrapper: ReturnType<typeof mount> | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const PDU = '10.0.0.200'

function pdu(plug: string, ip = PDU): Device {
  return { id: 'pdu', type: 'apc', order: 2, params: { ip, username: 'apc', plug } }
}

/** The sample lab with a1 (plug 1), a2 (plug 2) and a3 (plug 3) on one PDU; a1's psu1 is alone. */
function sharedPduLab(a1Ip = PDU): TopologyDocument {
  const doc = sampleDocument()
  const [a1, a2, a3] = doc.hosts as [Host, Host, Host]
  a1.powerManagement!.devices.push(pdu('1', a1Ip))
  a2.powerManagement = { enabled: true, devices: [pdu('2')] }
  a3.powerManagement = { enabled: true, devices: [pdu('3')] }
  return doc
}

async function mountDevices(doc: TopologyDocument, hostId = 'a1') {
  setServices(servicesOf(await startCore({ stored: doc })))
  setActivePinia(createPinia())
  const topology = useTopologyStore()
  await Promise.all([topology.load(), usePluginsStore().load()])
  const Host = defineComponent({
    render: () => h(NDialogProvider, () => h(DeviceList, { hostId })),
  })
  wrapper = mount(Host)
  const app = wrapper
  await until(() => app.get(`[data-testid="param-${hostId}-pdu-ip"] input`))
  return { app, topology, ui: useUiStore() }
}

function typeInto(app: ReturnType<typeof mount>, testid: string, text: string): void {
  const input = app.get<HTMLInputElement>(`[data-testid="${testid}"] input`).element
  input.value = text
  input.dispatchEvent(new Event('input'))
}

const LINE = '[data-testid="device-a1-pdu-shared"]'

/** The line's words as a browser lays them out (runs of white space are one space). */
function lineText(app: ReturnType<typeof mount>): string {
  return app.get(LINE).text().replace(/\s+/g, ' ')
}

describe('a device on a shared power unit', { timeout: 30_000 }, () => {
  it('names the other hosts it powers, each a link that selects it; a lone device shows nothing', async () => {
    const { app, ui } = await mountDevices(sharedPduLab())
    expect(lineText(app)).toContain(
      `Shared power unit (apc ${PDU}): also powers a2 (plug 2), a3 (plug 3)`,
    )
    expect(lineText(app)).toContain('Losing this unit cuts power control of all 3 hosts')
    expect(app.find('[data-testid="device-a1-pdu-shared-pill"]').exists()).toBe(true)
    // psu1 is a BMC of its own.
    expect(app.find('[data-testid="device-a1-psu1-shared"]').exists()).toBe(false)
    expect(app.find('[data-testid="device-a1-psu1-shared-pill"]').exists()).toBe(false)

    await app.get('[data-testid="device-a1-pdu-shared-host-a3"]').trigger('click')
    expect(ui.selectedHostId).toBe('a3')
    expect(ui.view).toBe('editor')
    await app.get('[data-testid="device-a1-pdu-shared-coverage"]').trigger('click')
    expect(ui.view).toBe('coverage')
  })

  it('appears and goes as the address, port or type is edited', async () => {
    // a1's PDU starts on another address: alone.
    const { app, topology } = await mountDevices(sharedPduLab('10.0.0.201'))
    expect(app.find(LINE).exists()).toBe(false)
    const shown = () => (app.find(LINE).exists() ? lineText(app) : undefined)

    // The second device gets the same address (spaces around it do not matter).
    typeInto(app, 'param-a1-pdu-ip', ` ${PDU} `)
    await until(() => expect(shown()).toContain('also powers a2 (plug 2), a3 (plug 3)'))

    // a2's PDU gets its own TCP port: another unit; only a3 is left beside a1.
    topology.edit('port', (doc) => {
      doc.hosts.find((x) => x.id === 'a2')!.powerManagement!.devices[0]!.params['ipport'] = 1623
    })
    await until(() => expect(shown()).toContain('all 2 hosts'))
    expect(shown()).toContain('also powers a3 (plug 3)')
    expect(shown()).not.toContain('a2')

    // Another type on the same address is another unit: nothing shared any more.
    topology.edit('type', (doc) => {
      doc.hosts.find((x) => x.id === 'a3')!.powerManagement!.devices[0]!.type = 'wti'
    })
    await until(() => expect(shown()).toBeUndefined())

    topology.undo()
    await until(() => expect(shown()).toContain('also powers a3 (plug 3)'))

    // The address edited so it no longer matches: gone.
    typeInto(app, 'param-a1-pdu-ip', '10.0.0.202')
    await until(() => expect(shown()).toBeUndefined())
    expect(app.find('[data-testid="device-a1-pdu-shared-pill"]').exists()).toBe(false)
  })

  it('cuts a long list with "+N more"', async () => {
    const doc = sharedPduLab()
    for (let i = 4; i <= 20; i++)
      doc.hosts.push({
        id: `a${i}`,
        name: `a${i}`,
        address: `a${i}.lab.example`,
        cluster: 'c1',
        status: 'up',
        canProxy: true,
        powerManagement: { enabled: true, devices: [pdu(String(i))] },
      })
    const { app } = await mountDevices(doc)
    const links = () => app.findAll(`[data-testid^="device-a1-pdu-shared-host-"]`)
    // 19 other hosts: the first 12, then "+7 more".
    expect(links().map((b) => b.text())).toEqual([
      'a2',
      'a3',
      ...Array.from({ length: 10 }, (_, i) => `a${i + 4}`),
    ])
    const more = app.get(`${LINE} button.more`)
    expect(more.text()).toBe('+7 more')
    await more.trigger('click')
    expect(links()).toHaveLength(19)
    expect(lineText(app)).toContain('a20 (plug 20)')
    expect(app.find(`${LINE} button.more`).exists()).toBe(false)
  })
})
