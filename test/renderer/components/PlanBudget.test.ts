import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { beforeEach, describe, expect, it } from 'vitest'
import type { AppSettings } from '../../../src-main/common/api'
import { durationWords, hostBudget } from '../../../src-main/common/budget'
import type { HostPlan } from '../../../src-main/common/plan'
import { DEFAULT_SETTINGS } from '../../../src-main/common/settings'
import PlanBudget from '../../../src-renderer/src/components/inspector/PlanBudget.vue'
import { useSettingsStore } from '../../../src-renderer/src/stores/settings'

const candidate = (name: string) => ({ proxy: name, proxyId: name, via: 'cluster', reach: 'ok' })
const plan: HostPlan = {
  host: 'a1',
  hostId: 'h-a1',
  enabled: true,
  devices: [
    {
      device: 'psu1',
      type: 'ipmilan',
      order: 1,
      preferences: { list: ['cluster'], from: 'cluster' },
      candidates: [candidate('a2'), candidate('a3')] as HostPlan['devices'][0]['candidates'],
      rejected: [],
      unknownReferences: [],
    },
    {
      device: 'pdu-a',
      type: 'apc',
      order: 2,
      preferences: { list: ['jump1'], from: 'device' },
      candidates: [candidate('jump1')] as HostPlan['devices'][0]['candidates'],
      rejected: [],
      unknownReferences: [],
    },
  ],
}

function withFencing(fencing: Partial<AppSettings['fencing']>): AppSettings {
  return { ...DEFAULT_SETTINGS, fencing: { ...DEFAULT_SETTINGS.fencing, ...fencing } }
}

const expected = (settings: AppSettings) =>
  hostBudget(
    plan.devices.map((d) => ({
      device: d.device,
      order: d.order,
      candidateCount: d.candidates.length,
    })),
    'off',
    settings,
  )

let pinia: ReturnType<typeof createPinia>
beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
})

function mountWith(settings: AppSettings, hostPlan: HostPlan = plan) {
  useSettingsStore().settings = settings
  return mount(PlanBudget, { props: { plan: hostPlan }, global: { plugins: [pinia] } })
}

describe('PlanBudget', () => {
  it("shows power off's best and worst case from the settings in force", async () => {
    const settings = withFencing({ budgetLimitMs: 86_400_000 })
    const wrapper = mountWith(settings)
    const budget = expected(settings)
    const line = wrapper.get('[data-testid="plan-budget-line"]').text()
    expect(line).toContain(`Power off takes ${durationWords(budget.bestMs)} at best`)
    expect(line).toContain(`${durationWords(budget.worstMs)} at worst`)
    expect(wrapper.find('[data-testid="plan-budget-over"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="plan-budget"]').classes()).not.toContain('over')
    expect(wrapper.get('[data-testid="plan-budget-restart"]').text()).toContain('Restart')
    expect(wrapper.get('[data-testid="plan-budget-device-psu1"]').text()).toContain(
      durationWords(budget.devices[0]!.budget.worstMs),
    )

    // A shorter agent timeout in the settings: the worst case follows at once.
    useSettingsStore().settings = withFencing({ agentTimeoutMs: 5_000, budgetLimitMs: 86_400_000 })
    await nextTick()
    const shorter = expected(withFencing({ agentTimeoutMs: 5_000 }))
    expect(shorter.worstMs).toBeLessThan(budget.worstMs)
    expect(wrapper.get('[data-testid="plan-budget-line"]').text()).toContain(
      `${durationWords(shorter.worstMs)} at worst`,
    )
  })

  it('flags a worst case over the limit, amber, naming the limit', () => {
    const wrapper = mountWith(withFencing({ budgetLimitMs: 120_000 }))
    const root = wrapper.get('[data-testid="plan-budget"]')
    expect(root.classes()).toContain('over')
    expect(wrapper.get('[data-testid="plan-budget-over"]').text()).toContain(
      'over the limit of 2 min',
    )
  })

  it('shows nothing for a host no proxy can fence, or before the settings are known', () => {
    const none: HostPlan = { ...plan, devices: plan.devices.map((d) => ({ ...d, candidates: [] })) }
    expect(mountWith(DEFAULT_SETTINGS, none).find('[data-testid="plan-budget"]').exists()).toBe(
      false,
    )
    setActivePinia((pinia = createPinia()))
    const store = useSettingsStore()
    // Loading would ask the API: mark it as under way so the component waits for it.
    store.loading = true
    const wrapper = mount(PlanBudget, { props: { plan }, global: { plugins: [pinia] } })
    expect(wrapper.find('[data-testid="plan-budget"]').exists()).toBe(false)
  })
})
