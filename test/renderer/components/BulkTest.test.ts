// "Test all" / "Test these" in the readiness view, on the real core over the demo lab: the
// progress bar and counts follow the run as hosts end, results fill the list as they arrive, a
// failing BMC is counted, a filtered list tests only its hosts, and Cancel stops the run.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import ReadinessView from '../../../src-renderer/src/components/views/ReadinessView.vue'
import { setServices } from '../../../src-renderer/src/services'
import { useTopologyStore } from '../../../src-renderer/src/stores/topology'
import { servicesOf, startCore } from '../support/coreApi'
import { demoDocument } from '../support/sampleLab'

async function mountView() {
  const lab = await startCore({ stored: demoDocument() })
  setServices(servicesOf(lab))
  const pinia = createPinia()
  setActivePinia(pinia)
  await useTopologyStore().load()
  const wrapper = mount(ReadinessView, { global: { plugins: [pinia] }, attachTo: document.body })
  await vi.waitFor(() => wrapper.get('[data-testid="readiness-test-all"]'))
  return { lab, wrapper }
}

const words = (wrapper: Awaited<ReturnType<typeof mountView>>['wrapper']) =>
  wrapper.find('[data-testid="readiness-bulk-words"]')

describe('Test all', () => {
  it('shows progress while hosts end, then the counts; rows fill in as results arrive', async () => {
    const { lab, wrapper } = await mountView()
    expect(wrapper.find('[data-testid="readiness-state-untested"]').attributes('data-count')).toBe(
      '7',
    )
    // Every host but a2 answers only after a while: a2's row fills in while the run goes on.
    for (const bmc of ['a1-psu1', 'a3-bmc', 'b1-bmc', 'b2-bmc', 'w1-bmc', 'w2-bmc'])
      lab.world.slow(bmc, 400)
    lab.world.fail('b2-bmc', 'Unable to connect')
    await wrapper.get('[data-testid="readiness-test-all"]').trigger('click')
    await vi.waitFor(() => {
      expect(words(wrapper).text()).toMatch(/^Testing… [1-6]\/7 hosts/)
      expect(wrapper.get('[data-testid="readiness-row-a2"]').attributes('data-state')).toBe('ok')
    })
    expect(wrapper.find('[data-testid="readiness-bulk-cancel"]').exists()).toBe(true)
    await vi.waitFor(() => expect(words(wrapper).attributes('data-state')).toBe('failed'), {
      timeout: 5_000,
    })
    expect(words(wrapper).text()).toBe('Tested 7 hosts: 6 ok, 1 failed')
    const bar = wrapper.get('[data-testid="readiness-bulk-progress"]')
    expect(bar.attributes('aria-valuenow')).toBe('7')
    expect(bar.attributes('aria-valuemax')).toBe('7')
    expect(wrapper.get('[data-testid="readiness-row-b2"]').attributes('data-state')).toBe('failing')
    expect(wrapper.find('[data-testid="readiness-state-untested"]').attributes('data-count')).toBe(
      '0',
    )
    expect(wrapper.find('[data-testid="readiness-bulk-cancel"]').exists()).toBe(false)
    expect(lab.count('fencing.testMany')).toBe(1)
    wrapper.unmount()
  })

  it('"Test these" tests only the hosts the filter shows', async () => {
    const { lab, wrapper } = await mountView()
    expect(wrapper.find('[data-testid="readiness-test-these"]').exists()).toBe(false)
    await wrapper.get('[data-testid="readiness-filter"] input').setValue('east-b')
    await flushPromises()
    const these = wrapper.get('[data-testid="readiness-test-these"]')
    expect(these.text()).toBe('Test these 2')
    await these.trigger('click')
    await vi.waitFor(() => expect(words(wrapper).attributes('data-state')).toBe('ok'))
    expect(words(wrapper).text()).toBe('Tested 2 hosts: 2 ok')
    const [request] = lab.argsOf('fencing.testMany')[0] as [{ hosts: string[] }]
    expect(request.hosts.sort()).toEqual(['b1', 'b2'])
    wrapper.unmount()
  })

  it('Cancel stops the run and says so', async () => {
    const { lab, wrapper } = await mountView()
    for (const bmc of ['a1-psu1', 'a2-bmc', 'a3-bmc', 'b1-bmc', 'b2-bmc', 'w1-bmc', 'w2-bmc'])
      lab.world.slow(bmc, 3_000)
    await wrapper.get('[data-testid="readiness-test-all"]').trigger('click')
    const cancel = await vi.waitFor(() => wrapper.get('[data-testid="readiness-bulk-cancel"]'))
    const t0 = Date.now()
    await cancel.trigger('click')
    await vi.waitFor(() => expect(words(wrapper).attributes('data-state')).toBe('cancelled'))
    expect(Date.now() - t0).toBeLessThan(2_000)
    expect(words(wrapper).text()).toMatch(/^Cancelled: 7\/7 hosts/)
    expect(lab.count('fencing.cancelMany')).toBe(1)
    wrapper.unmount()
  })
})
