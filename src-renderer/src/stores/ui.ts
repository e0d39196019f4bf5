// What the admin is looking at: the selected node, the middle pane's view, field focus requests
// (problems list → field), the theme, and transient notices.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { NodeRef } from '../lib/model'
import { nodeKey } from '../lib/model'
import { useServices } from '../services'

/** The middle pane's views. */
export type ViewName =
  'editor' | 'readiness' | 'graph' | 'history' | 'plugins' | 'demo' | 'settings'

/** The theme choice; `system` follows the OS. */
export type ThemeChoice = 'system' | 'light' | 'dark'

/** A transient message for the admin. */
export interface Notice {
  id: number
  type: 'success' | 'info' | 'warning' | 'error'
  text: string
}

/** A dialog the shell shows: create a node, or move one. */
export type DialogRequest =
  | { kind: 'create'; nodeKind: 'dataCenter' | 'cluster' | 'host' | 'proxy'; parentId?: string }
  | { kind: 'move'; node: NodeRef }

/** A request to scroll to and focus the field at a JSON path of the document. */
export interface FocusRequest {
  path: string
  seq: number
}

const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark']

export const useUiStore = defineStore('ui', () => {
  const selected = ref<NodeRef>({ kind: 'engine' })
  const view = ref<ViewName>('editor')
  const focusRequest = ref<FocusRequest>()
  const problemsOpen = ref(false)
  const shortcutsOpen = ref(false)
  const notices = ref<Notice[]>([])
  const expanded = ref<Set<string>>(new Set(['engine', 'proxies']))
  const treeSearchSeq = ref(0)
  const dialog = ref<DialogRequest>()
  let noticeSeq = 0
  let focusSeq = 0

  const stored = readTheme()
  const theme = ref<ThemeChoice>(stored)

  const selectedHostId = computed(() =>
    selected.value.kind === 'host' ? selected.value.id : undefined,
  )
  const selectedKey = computed(() => nodeKey(selected.value))

  function select(ref: NodeRef): void {
    selected.value = ref
  }

  function showView(name: ViewName): void {
    view.value = name
  }

  /** Selects the node that holds a field, shows the editor and focuses the field. */
  function focusField(node: NodeRef, path: string): void {
    selected.value = node
    view.value = 'editor'
    focusRequest.value = { path, seq: ++focusSeq }
  }

  function notify(type: Notice['type'], text: string): void {
    notices.value.push({ id: ++noticeSeq, type, text })
  }

  /** Takes the pending notices (the notice host shows them). */
  function takeNotices(): Notice[] {
    const taken = notices.value
    notices.value = []
    return taken
  }

  function setTheme(choice: ThemeChoice): void {
    theme.value = choice
    try {
      useServices().platform.writePreference('theme', choice)
    } catch {
      // No services (a bare component test): nothing to remember the choice in.
    }
  }

  /** System → light → dark → system. */
  function cycleTheme(): void {
    const next = THEMES[(THEMES.indexOf(theme.value) + 1) % THEMES.length] ?? 'system'
    setTheme(next)
  }

  function setExpanded(key: string, open: boolean): void {
    const next = new Set(expanded.value)
    if (open) next.add(key)
    else next.delete(key)
    expanded.value = next
  }

  function openDialog(request: DialogRequest | undefined): void {
    dialog.value = request
  }

  /** Asks the tree to focus its search box (the `/` shortcut). */
  function requestTreeSearch(): void {
    treeSearchSeq.value++
  }

  return {
    selected,
    selectedKey,
    selectedHostId,
    view,
    focusRequest,
    problemsOpen,
    shortcutsOpen,
    notices,
    expanded,
    treeSearchSeq,
    dialog,
    theme,
    select,
    showView,
    focusField,
    notify,
    takeNotices,
    setTheme,
    cycleTheme,
    setExpanded,
    requestTreeSearch,
    openDialog,
  }
})

function readTheme(): ThemeChoice {
  try {
    const value = useServices().platform.readPreference('theme')
    return THEMES.find((t) => t === value) ?? 'system'
  } catch {
    return 'system'
  }
}
