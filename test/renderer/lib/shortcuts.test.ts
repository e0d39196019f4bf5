import { describe, expect, it, vi } from 'vitest'
import { handleShortcut } from '../../../src-renderer/src/composables/useGlobalShortcuts'

function handlers() {
  return {
    save: vi.fn(),
    undo: vi.fn(),
    redo: vi.fn(),
    search: vi.fn(),
    help: vi.fn(),
    focusPane: vi.fn(),
  }
}
const key = (init: KeyboardEventInit, target?: HTMLElement) => {
  const event = new KeyboardEvent('keydown', init)
  if (target) Object.defineProperty(event, 'target', { value: target })
  return event
}

describe('global shortcuts', () => {
  it('Ctrl+S saves, Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo', () => {
    const h = handlers()
    expect(handleShortcut(key({ key: 's', ctrlKey: true }), h)).toBe(true)
    handleShortcut(key({ key: 'z', ctrlKey: true }), h)
    handleShortcut(key({ key: 'Z', ctrlKey: true, shiftKey: true }), h)
    handleShortcut(key({ key: 'y', ctrlKey: true }), h)
    expect(h.save).toHaveBeenCalledTimes(1)
    expect(h.undo).toHaveBeenCalledTimes(1)
    expect(h.redo).toHaveBeenCalledTimes(2)
  })

  it('/ searches, except while typing in a field', () => {
    const h = handlers()
    expect(handleShortcut(key({ key: '/' }), h)).toBe(true)
    const input = document.createElement('input')
    expect(handleShortcut(key({ key: '/' }, input), h)).toBe(false)
    expect(h.search).toHaveBeenCalledTimes(1)
  })

  it('leaves Ctrl+Z to fields that keep their own undo', () => {
    const h = handlers()
    const wrapper = document.createElement('div')
    wrapper.setAttribute('data-native-undo', '')
    const input = document.createElement('input')
    wrapper.appendChild(input)
    expect(handleShortcut(key({ key: 'z', ctrlKey: true }, input), h)).toBe(false)
    expect(h.undo).not.toHaveBeenCalled()
  })
})
