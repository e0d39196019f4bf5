// The app-wide keyboard shortcuts (UX.md): Ctrl+S save, Ctrl+Z / Ctrl+Shift+Z undo/redo, `/`
// search the tree, `?` the shortcut list, Alt+1/2/3 to jump between the panes.
import { onBeforeUnmount, onMounted } from 'vue'

/** What the shortcuts do; the shell wires them to the stores. */
export interface ShortcutHandlers {
  save(): void
  undo(): void
  redo(): void
  search(): void
  help(): void
  focusPane(pane: 'tree' | 'editor' | 'inspector'): void
}

/** True when keys typed go into a text field (so `/` and `?` are text there). */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement) return true
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type)
  return false
}

/** True for fields that keep the browser's own undo (their text is not yet in the document). */
function keepsNativeUndo(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('[data-native-undo]') !== null
}

/** Handles one keydown; returns true when it was a shortcut. Exported for tests. */
export function handleShortcut(event: KeyboardEvent, handlers: ShortcutHandlers): boolean {
  const mod = event.ctrlKey || event.metaKey
  const key = event.key.toLowerCase()
  if (mod && !event.altKey && key === 's') {
    handlers.save()
    return true
  }
  if (mod && !event.altKey && (key === 'z' || key === 'y')) {
    if (keepsNativeUndo(event.target)) return false
    if (key === 'y' || event.shiftKey) handlers.redo()
    else handlers.undo()
    return true
  }
  if (event.altKey && !mod && ['1', '2', '3'].includes(event.key)) {
    handlers.focusPane(event.key === '1' ? 'tree' : event.key === '2' ? 'editor' : 'inspector')
    return true
  }
  if (mod || event.altKey || isTextEntry(event.target)) return false
  if (event.key === '/') {
    handlers.search()
    return true
  }
  if (event.key === '?') {
    handlers.help()
    return true
  }
  return false
}

/** Installs the shortcuts on the document while the calling component is mounted. */
export function useGlobalShortcuts(handlers: ShortcutHandlers): void {
  const listener = (event: KeyboardEvent): void => {
    if (event.defaultPrevented) return
    if (handleShortcut(event, handlers)) event.preventDefault()
  }
  onMounted(() => document.addEventListener('keydown', listener))
  onBeforeUnmount(() => document.removeEventListener('keydown', listener))
}
