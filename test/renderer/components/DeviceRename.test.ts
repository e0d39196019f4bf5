// Issue 8 item 3: renaming a device must not re-mount its form, or the field the admin moved to
// loses focus and the next keystrokes are dropped.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../../src-renderer/src/App.vue'
import { setServices } from '../../../src-renderer/src/services'
import { servicesOf, startCore } from '../support/coreApi'
import { until } from '../support/settle'

let wrapper: ReturnType<typeof mount> | undefined

async function settle(ms = 500): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('renaming a device', { timeout: 30_000 }, () => {
  it('keeps focus in the field moved to, and what is typed there', async () => {
    setServices(servicesOf(await startCore()))
    wrapper = mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body })
    const app = wrapper
    await until(() => app.get('[data-testid="device-a1-psu1-id"] input'))
    await settle(300)
    const idInput = app.get<HTMLInputElement>('[data-testid="device-a1-psu1-id"] input').element
    idInput.focus()
    idInput.value = 'bmc1'
    idInput.dispatchEvent(new Event('input'))
    await flushPromises()
    // Tab / click into Address: the id field blurs (which commits the rename), Address gets focus.
    const address = app.get<HTMLInputElement>('[data-testid="param-a1-psu1-ip"] input').element
    address.focus()
    await settle(100)

    expect(app.find('[data-testid="device-a1-bmc1-head"]').exists()).toBe(true)
    expect(address.isConnected).toBe(true)
    expect(document.activeElement).toBe(address)
    // The admin keeps typing where the cursor is.
    address.value = '10.1.0.99'
    address.dispatchEvent(new Event('input'))
    await settle(100)
    const shown = app.get<HTMLInputElement>('[data-testid="param-a1-bmc1-ip"] input').element
    expect(shown.value).toBe('10.1.0.99')
  })
})
