import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ActionTimeline from '../../../src-renderer/src/components/inspector/ActionTimeline.vue'
import type { TimelineRow } from '../../../src-renderer/src/stores/fencing'

const at = Date.parse('2025-01-01T10:00:00Z')
const rows: TimelineRow[] = [
  {
    key: 1,
    at,
    device: 'psu1',
    proxy: 'a2',
    action: 'off',
    outcome: 'proxy-unreachable',
    ms: 12,
    message: 'connect ECONNREFUSED 10.0.0.2:22',
  },
  {
    key: 2,
    at,
    device: 'psu1',
    proxy: 'engine',
    action: 'off',
    outcome: 'device-error',
    ms: 70,
    output: 'Failed: Unable to obtain correct plug status',
  },
  { key: 3, at, device: 'psu1', proxy: 'jump1', action: 'off', outcome: 'ok', ms: 2100 },
  {
    key: 4,
    at,
    device: 'psu1',
    proxy: 'jump1',
    action: 'status',
    outcome: 'ok',
    ms: 65,
    power: 'off',
  },
  { key: 5, at, device: 'psu2', proxy: 'jump1', action: 'off' },
]

describe('ActionTimeline', () => {
  const wrapper = mount(ActionTimeline, { props: { rows, action: 'off' } })

  it('renders one row per attempt with device, proxy, action and ms', () => {
    const first = wrapper
      .get('[data-testid="timeline-row-0"]')
      .findAll('td')
      .map((td) => td.text())
    expect(first.slice(1)).toEqual(['psu1', 'a2', 'off', 'could not reach proxy', '12'])
  })

  it('says outcomes in words and keeps the code in the tooltip', () => {
    const abbr = wrapper.get('[data-testid="timeline-row-1"] abbr')
    expect(abbr.text()).toBe('the device refused or failed')
    expect(abbr.attributes('title')).toBe('code: device-error')
  })

  it('shows what the agent printed under a failed attempt', () => {
    expect(wrapper.get('[data-testid="timeline-row-0-message"]').text()).toContain('ECONNREFUSED')
    expect(wrapper.get('[data-testid="timeline-row-1-message"]').text()).toContain(
      'Unable to obtain correct plug status',
    )
  })

  it('highlights the attempt that succeeded, not the status check after it', () => {
    expect(wrapper.get('[data-testid="timeline-row-2"]').classes()).toContain('success')
    expect(wrapper.get('[data-testid="timeline-row-3"]').classes()).not.toContain('success')
    expect(wrapper.get('[data-testid="timeline-row-3"]').text()).toContain('power off')
  })

  it('shows an attempt in progress as running', () => {
    const row = wrapper.get('[data-testid="timeline-row-4"]')
    expect(row.attributes('data-outcome')).toBe('running')
    expect(row.text()).toContain('running…')
  })

  it('shows the hedged fallback on the slow proxy: connecting the next beside it, then passed over', () => {
    const hedged = mount(ActionTimeline, {
      props: {
        rows: [
          {
            key: 1,
            at,
            device: 'bmc',
            proxy: 'p1',
            action: 'on',
            hedgedTo: 'p2',
            hedgedAfterMs: 1500,
          },
          {
            key: 2,
            at,
            device: 'bmc',
            proxy: 'p1',
            action: 'on',
            outcome: 'proxy-unreachable',
            ms: 1512,
            passedOverFor: 'p2',
            message: 'no SSH handshake after 1.5 s; passed over for p2, which was ready first',
          },
          { key: 3, at, device: 'bmc', proxy: 'p2', action: 'on', outcome: 'ok', ms: 130 },
        ],
        action: 'on',
      },
    })
    const running = hedged.get('[data-testid="timeline-row-0"]')
    expect(running.attributes('data-outcome')).toBe('running')
    expect(running.text()).toContain('no SSH handshake after 1.5 s — connecting p2 beside it')
    const passed = hedged.get('[data-testid="timeline-row-1"]')
    expect(passed.classes()).toContain('passed')
    expect(passed.get('abbr').text()).toBe('passed over for p2')
    expect(passed.get('abbr').attributes('title')).toBe('code: proxy-unreachable')
    expect(hedged.get('[data-testid="timeline-row-1-message"]').text()).toContain(
      'no SSH handshake after 1.5 s',
    )
    expect(hedged.get('[data-testid="timeline-row-2"]').classes()).toContain('success')
  })

  it('says "no answer in 20 s" for a timeout', () => {
    const timeout = mount(ActionTimeline, {
      props: {
        rows: [
          { key: 1, at, device: 'd', proxy: 'p', action: 'status', outcome: 'timeout', ms: 20000 },
        ],
        action: 'status',
      },
    })
    expect(timeout.get('abbr').text()).toBe('no answer in 20 s')
  })
})
