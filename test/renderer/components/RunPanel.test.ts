// The run panel after an action: cancelled is not failed; what each device was last confirmed to
// be; the mixed warning and the next safe steps (the rule is common/powerJudgement.ts).
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { ActionResult } from '../../../src-main/common/fencing'
import RunPanel from '../../../src-renderer/src/components/inspector/RunPanel.vue'
import type { RunView } from '../../../src-renderer/src/stores/fencing'

const at = Date.parse('2026-11-27T20:00:00Z')

function runOf(result: ActionResult): RunView {
  return {
    runId: 'r1',
    host: 'a1',
    action: result.action,
    dryRun: false,
    startedAt: at,
    finishedAt: at + 400,
    state: result.result,
    rows: [],
    messages: [],
    result,
    cancelling: false,
  }
}

const cancelledRestart: ActionResult = {
  host: 'a1',
  action: 'restart',
  result: 'cancelled',
  power: 'unknown',
  attempts: [],
  message: 'cancelled — mixed — the host may be half-powered: psu1 off, psu2 unknown, pdu unknown',
  devicePower: [
    { device: 'psu1', order: 1, power: 'off', at: '2026-11-27T20:00:00.200Z' },
    { device: 'psu2', order: 1, power: 'unknown' },
    { device: 'pdu', order: 2, power: 'unknown' },
  ],
}

describe('RunPanel after an action', () => {
  it('a cancelled restart left mixed: cancelled, last known power, warning, next steps', async () => {
    const wrapper = mount(RunPanel, { props: { run: runOf(cancelledRestart), hostName: 'a1' } })
    expect(wrapper.get('[data-testid="run-restart"]').attributes('data-state')).toBe('cancelled')
    expect(wrapper.get('[data-testid="run-outcome"]').text()).toBe('Cancelled.')
    expect(wrapper.get('[data-testid="run-mixed-warning"]').text()).toBe(
      'mixed — the host may be half-powered',
    )
    const power = (d: string) =>
      wrapper.get(`[data-testid="run-power-${d}"]`).attributes('data-power')
    expect([power('psu1'), power('psu2'), power('pdu')]).toEqual(['off', 'unknown', 'unknown'])
    expect(wrapper.get('[data-testid="run-group-1"]').attributes('data-state')).toBe('mixed')
    expect(wrapper.get('[data-testid="run-step-off"]').text()).toBe('Finish power off')
    expect(wrapper.get('[data-testid="run-step-on"]').text()).toBe('Power on')

    await wrapper.get('[data-testid="run-step-off"]').trigger('click')
    await wrapper.get('[data-testid="run-step-on"]').trigger('click')
    expect(wrapper.emitted('step')).toEqual([['off'], ['on']])
  })

  it('an action that did its job says nothing more', () => {
    const ok: ActionResult = {
      host: 'a1',
      action: 'on',
      result: 'ok',
      power: 'on',
      attempts: [],
      devicePower: [
        { device: 'psu1', order: 1, power: 'on' },
        { device: 'psu2', order: 1, power: 'on' },
        { device: 'pdu', order: 2, power: 'unknown' },
      ],
    }
    const wrapper = mount(RunPanel, { props: { run: runOf(ok), hostName: 'a1' } })
    expect(wrapper.get('[data-testid="run-outcome"]').text()).toBe('Powered on (confirmed).')
    expect(wrapper.find('[data-testid="run-left"]').exists()).toBe(false)
  })

  it('a cancelled action whose devices were never confirmed offers to check status', () => {
    const unknown: ActionResult = {
      host: 'b1',
      action: 'off',
      result: 'cancelled',
      power: 'unknown',
      attempts: [],
      devicePower: [{ device: 'bmc', order: 1, power: 'unknown' }],
    }
    const wrapper = mount(RunPanel, { props: { run: runOf(unknown), hostName: 'b1' } })
    expect(wrapper.find('[data-testid="run-mixed-warning"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="run-step-status"]').text()).toBe('Check status')
  })
})
