// A big lab's plan names thousands of machines: the view shows the first few of each list with
// "+N more", and each "more" adds one step, never the whole list.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { DevicePlan, Rejection } from '../../../src-main/common/plan'
import DevicePlanView from '../../../src-renderer/src/components/inspector/DevicePlanView.vue'
import { SHORT_LIST } from '../../../src-renderer/src/composables/useShortList'

function bigDevice(candidates: number, rejected: number, unlisted: number): DevicePlan {
  const rejections: Rejection[] = []
  for (let i = 0; i < rejected; i++)
    rejections.push({ proxy: `m${i}`, proxyId: `m${i}`, reason: 'status:maintenance', via: 'dc' })
  for (let i = 0; i < unlisted; i++)
    rejections.push({ proxy: `o${i}`, proxyId: `o${i}`, reason: 'not-listed' })
  return {
    device: 'bmc1',
    type: 'ipmilan',
    order: 1,
    preferences: { list: ['cluster', 'dc'], from: 'defaults' },
    candidates: Array.from({ length: candidates }, (_, i) => ({
      proxy: `c${i}`,
      proxyId: `c${i}`,
      via: 'dc',
      reach: 'untested' as const,
    })),
    rejected: rejections,
    unknownReferences: [],
  }
}

const candidateRows = (w: ReturnType<typeof mount>) =>
  w.findAll('[data-testid^="plan-candidate-bmc1-"]').length
const rejectionRows = (w: ReturnType<typeof mount>) =>
  w.findAll('[data-testid^="plan-rejection-bmc1-"]').length

describe('DevicePlanView in a big lab', () => {
  it('shows the first candidates and "+N more"; each click adds one step', async () => {
    const w = mount(DevicePlanView, { props: { device: bigDevice(450, 0, 0), hostName: 'h1' } })
    expect(candidateRows(w)).toBe(SHORT_LIST.candidates)
    const more = w.get('[data-testid="plan-more-candidates-bmc1"]')
    expect(more.element.tagName).toBe('BUTTON')
    expect(more.text()).toBe(`+${450 - SHORT_LIST.candidates} more`)
    await more.trigger('click')
    expect(candidateRows(w)).toBe(SHORT_LIST.candidates + SHORT_LIST.step)
    // The order and numbering go on where the cut was.
    expect(
      w.get(`[data-testid="plan-candidate-bmc1-${SHORT_LIST.candidates + 1}"]`).text(),
    ).toMatch(new RegExp(`^${SHORT_LIST.candidates + 1}\\.\\s+c${SHORT_LIST.candidates}\\b`))
  })

  it('cuts 2,000 rejections and 1,500 unlisted names to a few, with their counts', async () => {
    const w = mount(DevicePlanView, { props: { device: bigDevice(3, 2000, 1500), hostName: 'h1' } })
    expect(w.get('[data-testid="plan-rejected-bmc1"] summary').text()).toContain(
      '2000 machines rejected, 1,500 not listed',
    )
    expect(rejectionRows(w)).toBe(SHORT_LIST.rejections)
    expect(w.get('[data-testid="plan-more-rejected-bmc1"]').text()).toBe(
      `+${(2000 - SHORT_LIST.rejections).toLocaleString('en-US')} more`,
    )
    const unlisted = w.get('.unlisted')
    expect(unlisted.text()).toContain('o0, o1')
    expect(unlisted.text()).not.toContain(`o${SHORT_LIST.names},`)
    expect(w.get('[data-testid="plan-more-unlisted-bmc1"]').text()).toBe(
      `+${(1500 - SHORT_LIST.names).toLocaleString('en-US')} more`,
    )
    await w.get('[data-testid="plan-more-rejected-bmc1"]').trigger('click')
    expect(rejectionRows(w)).toBe(SHORT_LIST.rejections + SHORT_LIST.step)
    // The whole page stays small: far fewer elements than machines named.
    expect(w.findAll('li').length).toBeLessThan(100)
  })

  it('shows short lists whole, with no "+1 more" hiding a single entry', () => {
    const w = mount(DevicePlanView, {
      props: { device: bigDevice(SHORT_LIST.candidates + 1, 3, 2), hostName: 'h1' },
    })
    expect(candidateRows(w)).toBe(SHORT_LIST.candidates + 1)
    expect(rejectionRows(w)).toBe(3)
    expect(w.find('[data-testid^="plan-more-"]').exists()).toBe(false)
  })

  it('cuts again when another host is shown', async () => {
    const w = mount(DevicePlanView, { props: { device: bigDevice(450, 0, 0), hostName: 'h1' } })
    await w.get('[data-testid="plan-more-candidates-bmc1"]').trigger('click')
    expect(candidateRows(w)).toBe(SHORT_LIST.candidates + SHORT_LIST.step)
    await w.setProps({ hostName: 'h2' })
    expect(candidateRows(w)).toBe(SHORT_LIST.candidates)
  })
})
