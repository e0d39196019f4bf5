// Issue 8: history shows when an action started, as the run panel does, and says so.
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import HistoryView from '../../../src-renderer/src/components/views/HistoryView.vue'
import { clockTime } from '../../../src-renderer/src/lib/format'
import { setServices } from '../../../src-renderer/src/services'
import { servicesOf, startCore } from '../support/coreApi'
import { demoDocument } from '../support/sampleLab'

describe('HistoryView', () => {
  it('shows the start time of an action, labelled, not the time it ended', async () => {
    const lab = await startCore({
      stored: demoDocument(),
      fencingSettings: { agentTimeoutMs: 5_000 },
    })
    // A BMC slow enough that the action ends on another second than it started.
    lab.world.slow('a2-bmc', 1_100)
    const result = await lab.core.api.fencing.run({ host: 'a2', action: 'status', dryRun: false })
    expect(result.result).toBe('ok')
    const [entry] = await lab.core.api.fencing.history()
    const start = entry!.attempts[0]!.startedAt!
    expect(clockTime(start)).not.toBe(clockTime(entry!.at))

    setServices(servicesOf(lab))
    const wrapper = mount(HistoryView, { global: { plugins: [createPinia()] } })
    const when = await vi.waitFor(() => wrapper.get(`[data-testid="history-${entry!.runId}-when"]`))
    expect(when.text()).toMatch(/^started /)
    expect(when.text()).toContain(clockTime(start))
    expect(when.text()).not.toContain(clockTime(entry!.at))
    wrapper.unmount()
  })
})
