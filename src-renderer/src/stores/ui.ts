// What the admin is looking at: the selected node, the middle pane's view, field focus requests
// (problems list → field), the theme, and transient notices.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { deferredJob } from '../lib/afterPaint'
import type { NodeRef } from '../lib/model'
import { nodeKey } from '../lib/model'
import { useServices } from '../services'

/** The middle pane's views. */
export type ViewName =
  'editor' | 'readiness' | 'coverage' | 'graph' | 'history' | 'plugins' | 'demo' | 'settings'

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
  // Hosts picked in the tree for a bulk test or status (Ctrl/Cmd+click, Shift+click, Space),
  // apart from the single selection. A plain Set replaced on every change: the tree reads it
  // once per render and hands each row a boolean, so a change redraws only the rows it touches.
  const picked = shallowRef<ReadonlySet<string>>(new Set())
  // The host a Shift+click range starts from: the last host clicked or toggled.
  const pickAnchor = ref<string>()
  let noticeSeq = 0
  let focusSeq = 0

  const stored = readTheme()
  const theme = ref<ThemeChoice>(stored)

  const selectedHostId = computed(() =>
    selected.value.kind === 'host' ? selected.value.id : undefined,
  )
  const selectedKey = computed(() => nodeKey(selected.value))

  // The node whose page the middle pane shows: the selection, or — right after a click in the
  // tree — the previous one until the next paint, so the row and the inspector's plan (what a
  // host is picked for) are drawn first and a host's editor form (its fields and lists, most of
  // a click's work on a big lab) a frame later.
  const page = shallowRef<NodeRef>(selected.value)
  const pageJob = deferredJob(() => {
    page.value = selected.value
  })
  const pageKey = computed(() => nodeKey(page.value))

  /**
   * Selects a node. `pageAfterPaint` (a click in the tree) lets the middle pane's page follow
   * after the next paint; otherwise it follows at once.
   */
  function select(ref: NodeRef, options: { pageAfterPaint?: boolean } = {}): void {
    selected.value = ref
    if (options.pageAfterPaint && nodeKey(ref) !== pageKey.value) pageJob.schedule()
    else showPageNow()
  }

  /** Shows the selected node's page now. */
  function showPageNow(): void {
    pageJob.cancel()
    page.value = selected.value
  }

  function showView(name: ViewName): void {
    view.value = name
  }

  /** Selects the node that holds a field, shows the editor and focuses the field. */
  function focusField(node: NodeRef, path: string): void {
    selected.value = node
    showPageNow()
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

  /** Picks the host `id` for a bulk run, or unpicks it; it becomes the range's anchor. */
  function togglePicked(id: string): void {
    const next = new Set(picked.value)
    if (!next.delete(id)) next.add(id)
    picked.value = next
    pickAnchor.value = id
  }

  /** Adds `ids` (a Shift+click range) to the picked hosts. */
  function pickMany(ids: readonly string[]): void {
    const next = new Set(picked.value)
    for (const id of ids) next.add(id)
    picked.value = next
  }

  /** Unpicks every host (Escape, Clear, another document). */
  function clearPicked(): void {
    if (picked.value.size > 0) picked.value = new Set()
  }

  /** Keeps only the picked hosts that `exists` still knows (after an edit removed some). */
  function prunePicked(exists: (id: string) => boolean): void {
    if ([...picked.value].every(exists)) return
    picked.value = new Set([...picked.value].filter(exists))
  }

  /** Asks the tree to focus its search box (the `/` shortcut). */
  function requestTreeSearch(): void {
    treeSearchSeq.value++
  }

  return {
    selected,
    selectedKey,
    selectedHostId,
    page,
    pageKey,
    view,
    focusRequest,
    problemsOpen,
    shortcutsOpen,
    notices,
    expanded,
    treeSearchSeq,
    dialog,
    theme,
    picked,
    pickAnchor,
    select,
    showPageNow,
    showView,
    focusField,
    notify,
    takeNotices,
    setTheme,
    cycleTheme,
    setExpanded,
    requestTreeSearch,
    openDialog,
    togglePicked,
    pickMany,
    clearPicked,
    prunePicked,
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
