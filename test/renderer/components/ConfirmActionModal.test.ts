// Issue 8: Enter in the Power-on confirmation powers on; destructive actions keep their guard.
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import ConfirmActionModal from '../../../src-renderer/src/components/inspector/ConfirmActionModal.vue'

let wrapper: ReturnType<typeof mount> | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

async function open(props: { action: 'on' | 'off' | 'restart'; requireTyping: boolean }) {
  wrapper = mount(ConfirmActionModal, {
    props: { show: false, hostName: 'a1', devices: ['psu1'], dirty: false, ...props },
    attachTo: document.body,
    // Naive renders the card inside a transition; a stubbed one would leave it out.
    global: { stubs: { transition: false } },
  })
  await wrapper.setProps({ show: true })
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 50))
  await flushPromises()
  return wrapper
}

const button = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)

describe('the power action confirmation', () => {
  it('focuses the Power on button, so Enter confirms a power-on', async () => {
    await open({ action: 'on', requireTyping: false })
    const ok = button('confirm-action-ok')
    expect(ok).not.toBeNull()
    expect(document.activeElement).toBe(ok)
    ok!.click()
    expect(wrapper!.emitted('confirm')).toEqual([[false]])
  })

  it('leaves the focus on Cancel for a power-off of a host that is not up', async () => {
    await open({ action: 'off', requireTyping: false })
    expect(button('confirm-action-ok')).not.toBeNull()
    expect(document.activeElement).toBe(button('confirm-action-cancel'))
  })

  it('keeps the typed name for a restart of a host that is up', async () => {
    await open({ action: 'restart', requireTyping: true })
    expect(document.activeElement).toBe(
      document.querySelector('[data-testid="confirm-action-input"] input'),
    )
    button('confirm-action-ok')!.click()
    expect(wrapper!.emitted('confirm')).toBeUndefined()
  })
})
