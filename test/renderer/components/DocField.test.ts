import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import DocField from '../../../src-renderer/src/components/common/DocField.vue'
import { codeSpans } from '../../../src-renderer/src/lib/codeSpans'

describe('a field hint', () => {
  it('shows `names` as code, not with literal backticks', () => {
    const wrapper = mount(DocField, {
      props: {
        path: 'engine.canProxy',
        label: 'May act as proxy',
        hint: 'The `engine` preference entry admits it.',
      },
      global: { plugins: [createPinia()] },
    })
    const hint = wrapper.get('[data-testid="hint-engine.canProxy"]')
    expect(hint.text()).toBe('The engine preference entry admits it.')
    expect(hint.text()).not.toContain('`')
    expect(hint.get('code').text()).toBe('engine')
    wrapper.unmount()
  })

  it('splits text at backtick pairs and keeps a lone backtick', () => {
    expect(codeSpans('the `cluster` / `dc` entries')).toEqual([
      { text: 'the ', code: false },
      { text: 'cluster', code: true },
      { text: ' / ', code: false },
      { text: 'dc', code: true },
      { text: ' entries', code: false },
    ])
    expect(codeSpans('a ` b')).toEqual([{ text: 'a ` b', code: false }])
  })
})
