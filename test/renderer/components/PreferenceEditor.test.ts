import { flushPromises, mount } from '@vue/test-utils'
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

  describe('suggestions', () => {
    // Naive renders the suggestion menu inside a transition; a stub would leave it out.
    const withMenus = { global: { stubs: { transition: false } } }
    const menu = () => document.querySelectorAll<HTMLElement>('.n-base-select-option')
    const menuText = () => Array.from(menu()).map((o) => o.textContent ?? '')

    function mountWithMenus(props: Record<string, unknown> = {}) {
      return mount(PreferenceEditor, {
        props: {
          modelValue: undefined,
          name: 't',
          machines: [
            {
              kind: 'proxy',
              id: 'p1',
              name: 'jump1',
              address: 'jump1.lab.example',
              where: 'standalone',
            },
            { kind: 'host', id: 'a2', name: 'a2', address: 'a2.lab.example', where: 'cluster-a' },
          ],
          ...props,
        },
        attachTo: document.body,
        ...withMenus,
      })
    }

    it('suggests machine names and keywords as the admin types; arrows and Enter take one', async () => {
      const wrapper = mountWithMenus()
      const input = wrapper.get('[data-testid="pref-t-input"] input')
      await input.trigger('focus')
      await input.setValue('ju')
      await flushPromises()
      expect(menuText().some((t) => t.includes('jump1'))).toBe(true)
      await input.trigger('keydown', { key: 'ArrowDown' })
      await input.trigger('keydown', { key: 'Enter' })
      expect(lastEmit(wrapper)).toEqual(['jump1'])
      expect((input.element as HTMLInputElement).value).toBe('')
      wrapper.unmount()
    })

    it('suggests the keywords too, by their start', async () => {
      const wrapper = mountWithMenus()
      const input = wrapper.get('[data-testid="pref-t-input"] input')
      await input.trigger('focus')
      await input.setValue('oth')
      await flushPromises()
      expect(menuText()[0]).toContain('other-dc')
      wrapper.unmount()
    })

    it('closes the suggestions with Escape and keeps the text', async () => {
      const wrapper = mountWithMenus()
      const input = wrapper.get('[data-testid="pref-t-input"] input')
      await input.trigger('focus')
      await input.setValue('jump')
      await flushPromises()
      expect(menu().length).toBeGreaterThan(0)
      await input.trigger('keydown', { key: 'Escape' })
      await flushPromises()
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(menu().length).toBe(0)
      expect((input.element as HTMLInputElement).value).toBe('jump')
      wrapper.unmount()
    })
  })

  it('flags other-dc, on its chip and in words, when the lab has one data center', () => {
    const one = mountEditor({ modelValue: ['cluster', 'other-dc'], dataCenters: 1 })
    expect(one.get('[data-testid="pref-t-chip-1"]').classes()).toContain('warned')
    expect(one.get('[data-testid="pref-t-chip-0"]').classes()).not.toContain('warned')
    expect(one.get('[data-testid="pref-t-warnings"]').text()).toContain('one data center')
    one.unmount()
    const two = mountEditor({ modelValue: ['cluster', 'other-dc'], dataCenters: 2 })
    expect(two.get('[data-testid="pref-t-chip-1"]').classes()).not.toContain('warned')
    expect(two.find('[data-testid="pref-t-warnings"]').exists()).toBe(false)
    two.unmount()
  })

  it('marks the emits of one stretch of typing with one key, and a new stretch with another', async () => {
    const wrapper = mountEditor()
    const input = wrapper.get('[data-testid="pref-t-input"] input')
    await input.setValue('ghost.lab, clus')
    await input.setValue('cluster')
    await input.trigger('keydown', { key: 'Enter' })
    const events = wrapper.emitted('update:modelValue') ?? []
    expect(events.map((e) => e[0])).toEqual([['ghost.lab'], ['ghost.lab', 'cluster']])
    const keys = events.map((e) => (e[1] as { typing?: string } | undefined)?.typing)
    expect(keys[0]).toBeDefined()
    expect(keys[1]).toBe(keys[0])
    await wrapper.setProps({ modelValue: ['ghost.lab', 'cluster'] })
    await input.setValue('engine')
    await input.trigger('keydown', { key: 'Enter' })
    const later = wrapper.emitted('update:modelValue')!.at(-1)!
    expect((later[1] as { typing?: string }).typing).not.toBe(keys[0])
    wrapper.unmount()
  })
})
