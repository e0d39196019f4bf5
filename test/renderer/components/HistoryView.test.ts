// Issue 8: history shows when an action started, as the run panel does, and says so.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import HistoryView from '../../../src-renderer/src/components/views/HistoryView.vue'
import { clockTime } from '../../../src-renderer/src/lib/format'
import { setServices } from '../../../src-renderer/src/services'
import { createFakeApi, fakeServices } from '../fakeApi'

describe('HistoryView', () => {
  it('shows the start time of an action, labelled, not the time it ended', async () => {
    const fake = createFakeApi()
    const start = '2026-11-25T12:00:00.000Z'
    const end = '2026-11-25T12:00:47.000Z'
    fake.history = [
      {
        runId: 'r1',
        host: 'a1',
        hostId: 'a1',
        action: 'restart',
        result: 'ok',
        power: 'on',
        at: end,
        dryRun: false,
        attempts: [
          { device: 'psu1', proxy: 'a2', action: 'off', outcome: 'ok', ms: 900, startedAt: start },
          {
            device: 'psu1',
            proxy: 'a2',
            action: 'on',
            outcome: 'ok',
            ms: 800,
            startedAt: '2026-11-25T12:00:30.000Z',
          },
        ],
      },
    ]
    setServices(fakeServices(fake))
    const wrapper = mount(HistoryView, { global: { plugins: [createPinia()] } })
    await flushPromises()
    const when = wrapper.get('[data-testid="history-r1-when"]').text()
    expect(when).toMatch(/^started /)
    expect(when).toContain(clockTime(start))
    expect(when).not.toContain(clockTime(end))
    wrapper.unmount()
  })
})
