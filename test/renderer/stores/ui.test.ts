// The middle pane's page and the selection: a click in the tree lets the page follow after the
// next paint (the row and the plan are drawn first); every other selection moves it at once.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useUiStore } from '../../../src-renderer/src/stores/ui'

beforeEach(() => setActivePinia(createPinia()))

describe('the page the middle pane shows', () => {
  it('follows a tree click after the next paint, not in the same turn', async () => {
    const ui = useUiStore()
    ui.select({ kind: 'host', id: 'a1' }, { pageAfterPaint: true })
    expect(ui.selectedKey).toBe('host:a1')
    expect(ui.pageKey).toBe('engine')
    await vi.waitFor(() => expect(ui.pageKey).toBe('host:a1'))
  })

  it('shows the last of several quick clicks', async () => {
    const ui = useUiStore()
    ui.select({ kind: 'host', id: 'a1' }, { pageAfterPaint: true })
    ui.select({ kind: 'host', id: 'a2' }, { pageAfterPaint: true })
    await vi.waitFor(() => expect(ui.pageKey).toBe('host:a2'))
    expect(ui.selectedKey).toBe('host:a2')
  })

  it('moves at once for any other selection, and for a field to focus', () => {
    const ui = useUiStore()
    ui.select({ kind: 'host', id: 'a1' }, { pageAfterPaint: true })
    ui.select({ kind: 'cluster', id: 'c1' })
    expect(ui.pageKey).toBe('cluster:c1')
    ui.select({ kind: 'host', id: 'a2' }, { pageAfterPaint: true })
    ui.focusField({ kind: 'host', id: 'a3' }, 'hosts[2].name')
    expect(ui.pageKey).toBe('host:a3')
    expect(ui.selectedKey).toBe('host:a3')
  })

  it('does not go back to an older node when a deferred click is overtaken', async () => {
    const ui = useUiStore()
    ui.select({ kind: 'host', id: 'a1' }, { pageAfterPaint: true })
    ui.select({ kind: 'engine' })
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(ui.pageKey).toBe('engine')
  })
})
