import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { describeRejection } from '../../../src-main/common/plan'
import type { HostPlan } from '../../../src-main/common/plan'
import PlanPanel from '../../../src-renderer/src/components/inspector/PlanPanel.vue'

const plan: HostPlan = {
  host: 'a1',
  hostId: 'a1',
  enabled: true,
  devices: [
    {
      device: 'psu1',
      type: 'ipmilan',
      order: 1,
      preferences: { list: ['cluster', 'engine'], from: 'cluster', fromName: 'cluster-a' },
      candidates: [
        { proxy: 'a2', proxyId: 'a2', via: 'cluster', reach: 'ok' },
        { proxy: 'engine', proxyId: 'engine', via: 'engine', reach: 'untested' },
      ],
      rejected: [
        { proxy: 'a1', proxyId: 'a1', reason: 'target', via: 'cluster' },
        { proxy: 'a3', proxyId: 'a3', reason: 'status:maintenance', via: 'cluster' },
        { proxy: 'b3', proxyId: 'b3', reason: 'not-listed' },
      ],
      unknownReferences: [],
    },
    {
      device: 'pdu-a',
      type: 'apc',
      order: 2,
      preferences: { list: ['jump9'], from: 'device' },
      candidates: [],
      rejected: [],
      unknownReferences: ['jump9'],
    },
  ],
}

describe('PlanPanel', () => {
  const wrapper = mount(PlanPanel, { props: { plan } })

  it('shows the candidates as a numbered route with the entry that admitted each', () => {
    const route = wrapper.get('[data-testid="plan-route-psu1"]')
    expect(route.get('[data-testid="plan-candidate-psu1-1"]').text().replace(/\s+/g, ' ')).toBe(
      '1. a2 (cluster)',
    )
    expect(route.get('[data-testid="plan-candidate-psu1-2"]').text().replace(/\s+/g, ' ')).toBe(
      '2. engine (engine)',
    )
  })

  it('puts rejections in words under a disclosure', () => {
    const rejected = wrapper.get('[data-testid="plan-rejected-psu1"]')
    expect(rejected.element.tagName).toBe('DETAILS')
    expect(rejected.get('summary').text()).toContain('2 machines rejected')
    expect(rejected.get('[data-testid="plan-rejection-psu1-a1"]').text()).toContain(
      `a1 — ${describeRejection('target')}`,
    )
    expect(rejected.get('[data-testid="plan-rejection-psu1-a3"]').text()).toContain(
      `a3 — ${describeRejection('status:maintenance')}`,
    )
    expect(describeRejection('status:maintenance')).toMatch(/maintenance/)
    expect(rejected.text()).toContain('Not admitted by any entry: b3')
  })

  it('greys an inherited preference list and says where it comes from', () => {
    expect(wrapper.get('[data-testid="plan-from-psu1"]').text()).toBe('from cluster-a')
    expect(wrapper.get('[data-testid="plan-device-psu1"] .chip').classes()).toContain('inherited')
    expect(wrapper.get('[data-testid="plan-from-pdu-a"]').text()).toBe("the device's own list")
  })

  it('names a device without a candidate in a red warning', () => {
    const warning = wrapper.get('[data-testid="plan-no-candidate-pdu-a"]')
    expect(warning.attributes('role')).toBe('alert')
    expect(warning.text()).toContain('No proxy can fence pdu-a of a1')
    expect(wrapper.get('[data-testid="plan-summary-bad"]').text()).toContain('pdu-a')
    expect(wrapper.find('[data-testid="plan-no-candidate-psu1"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="plan-unknown-pdu-a"]').text()).toContain(
      '“jump9” matches no machine',
    )
  })

  it('invites adding a device when there is none', () => {
    const empty = mount(PlanPanel, { props: { plan: { ...plan, devices: [] } } })
    expect(empty.get('[data-testid="plan-empty"]').text()).toContain('No devices yet')
  })
})
