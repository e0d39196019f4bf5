import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import SecretField from '../../../src-renderer/src/components/common/SecretField.vue'

const SECRET = 'hunter2-very-secret'

describe('SecretField', () => {
  it('says "set" for a plain value and never renders the value', () => {
    const wrapper = mount(SecretField, { props: { value: SECRET, name: 'pw' } })
    expect(wrapper.get('[data-testid="secret-pw-state"]').text()).toContain('set')
    expect(wrapper.html()).not.toContain(SECRET)
    expect(
      wrapper.findAll('input').every((i) => (i.element as HTMLInputElement).value !== SECRET),
    ).toBe(true)
  })

  it('says "set" for a stored reference and "not set" when empty', () => {
    const stored = mount(SecretField, { props: { value: { ref: 'k1' }, name: 'pw' } })
    expect(stored.get('[data-testid="secret-pw-state"]').text()).toBe('set')
    const empty = mount(SecretField, { props: { value: undefined, name: 'pw' } })
    expect(empty.get('[data-testid="secret-pw-state"]').text()).toBe('not set')
  })

  it('shows the variable of an environment secret', () => {
    const wrapper = mount(SecretField, { props: { value: { env: 'BMC_PASS' }, name: 'pw' } })
    expect(wrapper.get('[data-testid="secret-pw-state"]').text()).toContain('$BMC_PASS')
  })

  it('Replace opens an empty password input and emits the new value', async () => {
    const wrapper = mount(SecretField, {
      props: { value: SECRET, name: 'pw' },
      attachTo: document.body,
    })
    await wrapper.get('[data-testid="secret-pw-replace"]').trigger('click')
    const input = wrapper.get('[data-testid="secret-pw-input"] input')
    expect((input.element as HTMLInputElement).type).toBe('password')
    expect((input.element as HTMLInputElement).value).toBe('')
    expect(wrapper.html()).not.toContain(SECRET)
    await input.setValue('new-one')
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('update')?.[0]).toEqual(['new-one'])
    // Back to the state view: the typed value is gone from the DOM too.
    expect(wrapper.html()).not.toContain('new-one')
    wrapper.unmount()
  })

  it('Clear emits undefined', async () => {
    const wrapper = mount(SecretField, { props: { value: { ref: 'k1' }, name: 'pw' } })
    await wrapper.get('[data-testid="secret-pw-clear"]').trigger('click')
    expect(wrapper.emitted('update')?.[0]).toEqual([undefined])
  })
})
