// A new generic IPMI device in the device form: lanplus shows on by default — the value the core
// sends when the device leaves it unset (common/parameterDefaults.ts) — from the real manifest.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import manifest from '../../../plugins/ipmilan/plugin.json'
import { withParameterDefaults } from '../../../src-main/common/parameterDefaults'
import type { ParameterSpec } from '../../../src-main/common/plugins'
import ParamInput from '../../../src-renderer/src/components/editor/ParamInput.vue'

function lanplusOf(type: string): ParameterSpec {
  const found = manifest.contributes.fenceTypes.find((t) => t.id === type)
  const spec = found?.parameters.find((p) => p.name === 'lanplus')
  if (!spec) throw new Error(`${type} has no lanplus parameter`)
  return spec as ParameterSpec
}

describe('the lanplus switch of a new IPMI device', () => {
  it.each(['ipmilan', 'idrac', 'imm'])('%s: on by default, as the core sends it', async (type) => {
    const spec = lanplusOf(type)
    const wrapper = mount(ParamInput, { props: { spec, value: undefined, testid: 'lanplus' } })
    const control = wrapper.get('[data-testid="param-lanplus"]')
    expect(control.attributes('aria-checked')).toBe('true')
    expect(wrapper.text()).toContain('default (on)')
    // The same value the core puts on stdin for a device that leaves it unset.
    expect(withParameterDefaults([spec], {})).toEqual({ lanplus: true })
    // A click turns it off for this device: an explicit value, with the way back to the default.
    await control.trigger('click')
    expect(wrapper.emitted('update')).toEqual([[false]])
    await wrapper.setProps({ value: false })
    expect(wrapper.text()).toContain('off')
    expect(wrapper.text()).toContain('Use default')
  })
})
