// A proxy the demo just broke keeps no green "last test ok" dot: the dot turns hollow and says when
// that test ran and that it was before the fault; routes the demo did not touch keep their dot.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { HostPlan } from '../../../src-main/common/plan'
import PlanPanel from '../../../src-renderer/src/components/inspector/PlanPanel.vue'
import { clockTime } from '../../../src-renderer/src/lib/format'
import { routeFault } from '../../../src-renderer/src/lib/scenarioText'

const TESTED = '2026-11-27T14:02:00.000Z'

const plan: HostPlan = {
  host: 'a1',
  hostId: 'a1',
  enabled: true,
  devices: [
    {
      device: 'psu1',
      type: 'sim',
      order: 1,
      preferences: { list: ['cluster', 'dc'], from: 'defaults' },
      candidates: [
        { proxy: 'a2', proxyId: 'a2', via: 'cluster', reach: 'ok', testedAt: TESTED },
        { proxy: 'b1', proxyId: 'b1', via: 'dc', reach: 'ok', testedAt: TESTED },
      ],
      rejected: [],
      unknownReferences: [],
    },
  ],
}

const faults = { proxiesDown: ['a2'], cutOff: [], failing: [], slow: [] }
const faultOf = (_device: string, proxyId: string, proxyName: string) =>
  routeFault(faults, 'a1-psu1', proxyId, proxyName)

describe('the plan panel under a demo fault', () => {
  it('shows a downed proxy hollow, with when it was tested and that this was before the fault', () => {
    const wrapper = mount(PlanPanel, { props: { plan, faultOf } })
    const a2 = wrapper.get('[data-testid="plan-reach-psu1-1"]')
    expect(a2.classes()).toContain('stale')
    expect(a2.classes()).not.toContain('ok')
    expect(a2.attributes('title')).toBe(
      `last test reached the device at ${clockTime(TESTED)}, before the demo fault — now a2 is down: could not reach proxy`,
    )
    expect(wrapper.get('[data-testid="plan-fault-psu1-a2"]').text()).toBe('demo: a2 is down')
    const b1 = wrapper.get('[data-testid="plan-reach-psu1-2"]')
    expect(b1.classes()).toContain('ok')
    expect(b1.attributes('title')).toBe(`last test reached the device at ${clockTime(TESTED)}`)
    expect(wrapper.find('[data-testid="plan-fault-psu1-b1"]').exists()).toBe(false)
  })

  it('without demo faults, every good route keeps its green dot', () => {
    const wrapper = mount(PlanPanel, { props: { plan } })
    expect(wrapper.get('[data-testid="plan-reach-psu1-1"]').classes()).toContain('ok')
    expect(wrapper.find('[data-testid^="plan-fault-"]').exists()).toBe(false)
  })
})
