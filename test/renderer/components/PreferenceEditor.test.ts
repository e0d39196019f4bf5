import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import PreferenceEditor from '../../../src-renderer/src/components/common/PreferenceEditor.vue'

function mountEditor(props: Record<string, unknown> = {}) {
  return mount(PreferenceEditor, {
    props: {
      modelValue: undefined,
      name: 't',
      inherited: { list: ['cluster', 'dc'], from: 'cluster cluster-a' },
      machines: [
        {
          kind: 'proxy',
          id: 'p1',
          name: 'jump1',
          address: 'jump1.lab.example',
          where: 'standalone',
        },
      ],
      ...props,
    },
    attachTo: document.body,
  })
}

const lastEmit = (wrapper: ReturnType<typeof mountEditor>) => {
  const events = wrapper.emitted('update:modelValue') ?? []
  return events[events.length - 1]?.[0]
}

describe('PreferenceEditor', () => {
  it('parses the seed notation `Cluster, Engine` typed in its input into chips', async () => {
    const wrapper = mountEditor()
    const input = wrapper.get('[data-testid="pref-t-input"] input')
    await input.setValue('Cluster, Engine')
    await input.trigger('keydown', { key: 'Enter' })
    expect(lastEmit(wrapper)).toEqual(['cluster', 'engine'])
    wrapper.unmount()
  })

  it('takes each entry as soon as a comma follows it', async () => {
    const wrapper = mountEditor({ modelValue: ['engine'] })
    const input = wrapper.get('[data-testid="pref-t-input"] input')
    await input.setValue('jump1,')
    expect(lastEmit(wrapper)).toEqual(['engine', 'jump1'])
    expect((input.element as HTMLInputElement).value).toBe('')
    wrapper.unmount()
  })

  it('keeps an entry it cannot parse in the box, with the reason', async () => {
    const wrapper = mountEditor()
    const input = wrapper.get('[data-testid="pref-t-input"] input')
    await input.setValue('cluster, fqdn1/10.0.0.1')
    await input.trigger('keydown', { key: 'Enter' })
    expect(lastEmit(wrapper)).toEqual(['cluster'])
    expect(wrapper.get('[data-testid="pref-t-errors"]').text()).toContain('one machine per entry')
    expect((input.element as HTMLInputElement).value).toBe('fqdn1/10.0.0.1')
    wrapper.unmount()
  })

  it('shows the inherited list greyed with where it comes from', () => {
    const wrapper = mountEditor()
    expect(wrapper.get('[data-testid="pref-t-inherited-0"]').classes()).toContain('inherited')
    expect(wrapper.get('[data-testid="pref-t-inherited-1"]').text()).toContain('dc')
    expect(wrapper.get('[data-testid="pref-t-from"]').text()).toBe('from cluster cluster-a')
    wrapper.unmount()
  })

  it('reorders chips with Alt+Arrow and removes one with Delete', async () => {
    const wrapper = mountEditor({ modelValue: ['cluster', 'engine', 'jump1'] })
    await wrapper
      .get('[data-testid="pref-t-chip-0"]')
      .trigger('keydown', { key: 'ArrowRight', altKey: true })
    expect(lastEmit(wrapper)).toEqual(['engine', 'cluster', 'jump1'])
    await wrapper.setProps({ modelValue: lastEmit(wrapper) })
    expect(wrapper.get('[data-testid="pref-t-chip-0"]').text()).toContain('engine')
    await wrapper.get('[data-testid="pref-t-chip-2"]').trigger('keydown', { key: 'Delete' })
    expect(lastEmit(wrapper)).toEqual(['engine', 'cluster'])
    wrapper.unmount()
  })

  it('flags a named entry that matches no machine', () => {
    const wrapper = mountEditor({ modelValue: ['jump1', 'jump9'] })
    expect(wrapper.get('[data-testid="pref-t-chip-0"]').classes()).not.toContain('unknown')
    expect(wrapper.get('[data-testid="pref-t-chip-1"]').classes()).toContain('unknown')
    wrapper.unmount()
  })

  it('clearing the own list means inherit (undefined), not an empty list', async () => {
    const wrapper = mountEditor({ modelValue: ['engine'] })
    await wrapper.get('[data-testid="pref-t-clear"]').trigger('click')
    expect(lastEmit(wrapper)).toBeUndefined()
    expect(wrapper.emitted('update:modelValue')).toHaveLength(1)
    wrapper.unmount()
  })

  it('drops duplicates and says so', async () => {
    const wrapper = mountEditor({ modelValue: ['cluster'] })
    const input = wrapper.get('[data-testid="pref-t-input"] input')
    await input.setValue('CLUSTER, dc')
    await input.trigger('keydown', { key: 'Enter' })
    expect(lastEmit(wrapper)).toEqual(['cluster', 'dc'])
    expect(wrapper.text()).toContain('already in the list: cluster')
    wrapper.unmount()
  })
})
