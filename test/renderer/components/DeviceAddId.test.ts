// A new device is named after what its plugin says its devices are called
// (`contributes.fenceTypes[].deviceIdBase`: `bmc`, `pdu`, …), else after its type id — through the
// real core and the built-in plugins' manifests, no table in the UI.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NDialogProvider, NDropdown } from 'naive-ui'
import { defineComponent, h } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'
import DeviceList from '../../../src-renderer/src/components/editor/DeviceList.vue'
import { setServices } from '../../../src-renderer/src/services'
import { usePluginsStore } from '../../../src-renderer/src/stores/plugins'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { servicesOf, startCore } from '../support/coreApi'

let wrapper: ReturnType<typeof mount> | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('adding a device', { timeout: 30_000 }, () => {
  it('takes the id base its plugin contributes, else the type id', async () => {
    setServices(servicesOf(await startCore()))
    setActivePinia(createPinia())
    const topology = useTopologyStore()
    const plugins = usePluginsStore()
    await Promise.all([topology.load(), plugins.load()])
    const Host = defineComponent({
      render: () => h(NDialogProvider, () => h(DeviceList, { hostId: 'a1' })),
    })
    wrapper = mount(Host)
    await flushPromises()
    // The "Add device" menu: the dropdown that offers the device types.
    const menu = wrapper
      .findAllComponents(NDropdown)
      .find((d) => (d.props('options') as { key: string }[]).some((o) => o.key === 'ipmilan'))!
    const add = (type: string) => menu.vm.$emit('select', type)
    for (const type of ['ipmilan', 'apc', 'wti', 'idrac', 'ipmilan']) add(type)
    await flushPromises()
    const ids = topology.document!.hosts.find((x) => x.id === 'a1')!.powerManagement!.devices
    expect(ids.map((d) => [d.id, d.type])).toEqual([
      ['psu1', 'ipmilan'],
      ['bmc', 'ipmilan'],
      ['pdu', 'apc'],
      ['pdu-2', 'wti'],
      ['idrac', 'idrac'],
      ['bmc-2', 'ipmilan'],
    ])
  })
})
