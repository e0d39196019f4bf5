// The document being edited: loaded from the store, changed only through `edit` (so every change
// is undoable), validated by the core as the admin types, saved on request. Validation runs after
// the edit's frame is painted and a quiet time, once per burst: serialising a 2,000-host lab for it
// costs more than the frame the edit is shown in.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, toRaw } from 'vue'
import type { LoadedTopology, SaveResult } from '../../../src-main/common/api'
import type { TopologyDocument } from '../../../src-main/common/document'
import { isApiError } from '../../../src-main/common/errors'
import type { ValidationIssue } from '../../../src-main/common/validation'
import { deferredJob } from '../lib/afterPaint'
import { patchInPlace } from '../lib/patchInPlace'
import { useApi } from '../services'

/** One step of the undo (or redo) history: the document as it was, as JSON. */
export interface HistoryStep {
  label: string
  snapshot: string
  /** Edits with the same key in quick succession (typing in one field) form one step. */
  key?: string
  at: number
}

/** Options of an edit. */
export interface EditOptions {
  /** Merge with the previous edit of the same key made within a moment (one undo per field). */
  coalesce?: string
  /**
   * Merge with the previous edit of this key however long ago it was made, as long as nothing else
   * was edited in between: one typed preference text is one undo step, even when a comma already
   * took its first entries.
   */
  coalesceAlways?: boolean
}

/** How long consecutive edits of one field merge into one undo step. */
export const COALESCE_MS = 1500
/** How many undo steps are kept. */
export const UNDO_LIMIT = 200
/**
 * How many characters of snapshots the undo history keeps at most (each step holds the whole
 * document: 200 steps of a 2,000-host lab's 1.3 MB would hold 260 MB). The newest steps stay.
 */
export const UNDO_CHARS = 64_000_000

/** The newest steps within both limits (the newest is always kept). */
export function withinUndoLimits(steps: HistoryStep[]): HistoryStep[] {
  let chars = 0
  let first = steps.length
  while (first > 0 && steps.length - first < UNDO_LIMIT) {
    chars += steps[first - 1]!.snapshot.length
    if (chars > UNDO_CHARS && first < steps.length) break
    first--
  }
  return first === 0 ? steps : steps.slice(first)
}
/** Quiet time before the document is validated after an edit. */
export const VALIDATE_DELAY_MS = 250

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

export const useTopologyStore = defineStore('topology', () => {
  const document = ref<TopologyDocument>()
  const origin = ref<LoadedTopology['origin']>('store')
  const file = ref('')
  const loadProblems = ref<string[]>([])
  const loadError = ref<string>()
  const loading = ref(false)
  const saving = ref(false)
  /** The JSON of the document as last loaded or saved ('' before a load): compare with `json`. */
  const savedJson = ref('')
  const undoStack = shallowRef<HistoryStep[]>([])
  const redoStack = shallowRef<HistoryStep[]>([])
  const issues = ref<ValidationIssue[]>([])
  /**
   * What validation warned about: the document is valid and can be saved (a preference entry that
   * matches no machine — power actions on its hosts are refused until it does).
   */
  const warnings = ref<ValidationIssue[]>([])
  const validating = ref(false)
  /** Bumped on every change of the document (edit, undo, redo, load): a cheap thing to watch. */
  const revision = ref(0)
  /**
   * The store's revision the document is based on (DESIGN.md §5a): sent with every save, which
   * the core refuses when another window or process saved since.
   */
  const storeRevision = ref(0)
  /** Why the last save or import was refused (changed elsewhere, store busy), until the next. */
  const saveError = ref<string>()
  const lastSavedAt = ref<number>()
  /**
   * The newest store revision this window has heard of: `topology.onChanged` (saves by any window
   * or process) and refusals. Above `storeRevision`, the document is based on an old revision.
   */
  const latestStoreRevision = ref(0)
  /** Saves, imports and restores under way: their own change event is no change elsewhere. */
  const writing = ref(0)

  let validateSeq = 0
  // After a load, as soon as the document is on screen; after edits, once they paused.
  const validateSoon = deferredJob(() => void validateNow())
  const validateLater = deferredJob(() => void validateNow(), VALIDATE_DELAY_MS)

  // The JSON of a revision already known (an edit serialised it to compare, undo has it as its
  // snapshot): kept so it is not made again. Only ever set right after `revision` moved.
  let knownJson: { revision: number; text: string } | undefined

  // Serialised from the raw document, following `revision` (every change bumps it): through the
  // reactive proxy, each of a 2,000-host lab's ~100,000 values would be tracked by this one
  // computed, and stringifying took several times longer.
  const json = computed(() => {
    const at = revision.value
    if (knownJson?.revision === at) return knownJson.text
    const text = document.value ? JSON.stringify(toRaw(document.value)) : ''
    knownJson = { revision: at, text }
    return text
  })
  const loaded = computed(() => document.value !== undefined)
  const dirty = computed(() => loaded.value && json.value !== savedJson.value)
  const canUndo = computed(() => undoStack.value.length > 0)
  const canRedo = computed(() => redoStack.value.length > 0)
  /** The document as last loaded or saved (what power actions run on). */
  const saved = computed<TopologyDocument | undefined>(() =>
    savedJson.value ? (JSON.parse(savedJson.value) as TopologyDocument) : undefined,
  )
  const undoLabel = computed(() => undoStack.value[undoStack.value.length - 1]?.label)
  const redoLabel = computed(() => redoStack.value[redoStack.value.length - 1]?.label)
  /** The store's revision when it moved on since the document was loaded or saved (DESIGN §5a). */
  const changedElsewhere = computed(() =>
    writing.value === 0 && latestStoreRevision.value > storeRevision.value
      ? latestStoreRevision.value
      : undefined,
  )

  /** A plain copy of the document, safe to send over IPC or HTTP. */
  function plain(): TopologyDocument | undefined {
    return json.value ? (JSON.parse(json.value) as TopologyDocument) : undefined
  }

  /** The document changed (its JSON is `text` when the caller has it at hand). */
  function changed(text?: string): void {
    revision.value++
    if (text !== undefined) knownJson = { revision: revision.value, text }
    validateSoon.cancel()
    validateLater.schedule()
  }

  function applyLoaded(result: LoadedTopology): void {
    document.value = result.document
    savedJson.value = JSON.stringify(result.document)
    origin.value = result.origin
    file.value = result.file
    storeRevision.value = result.revision
    saveError.value = undefined
    loadProblems.value = result.problems
    undoStack.value = []
    redoStack.value = []
    issues.value = []
    revision.value++
    validateLater.cancel()
    validateSoon.schedule()
  }

  async function load(): Promise<void> {
    loading.value = true
    loadError.value = undefined
    try {
      applyLoaded(await useApi().topology.load())
    } catch (error) {
      loadError.value = errorText(error)
    } finally {
      loading.value = false
    }
  }

  /**
   * Opens the demo lab as a throw-away document: the store is not touched, and the document stays
   * `origin: 'demo'` (unsaved to the store) until it is saved on purpose.
   */
  async function openDemo(): Promise<void> {
    applyLoaded(await useApi().demo.open())
  }

  /**
   * Changes the document. `mutate` edits it in place; the state before is kept for undo. An edit
   * that changes nothing leaves no undo step.
   */
  function edit(label: string, mutate: (doc: TopologyDocument) => void, options: EditOptions = {}) {
    const doc = document.value
    if (!doc) return
    const before = json.value
    mutate(doc)
    const after = JSON.stringify(toRaw(doc))
    if (after === before) return
    const now = Date.now()
    const last = undoStack.value[undoStack.value.length - 1]
    if (
      options.coalesce !== undefined &&
      last?.key === options.coalesce &&
      (options.coalesceAlways || now - last.at < COALESCE_MS) &&
      redoStack.value.length === 0
    ) {
      last.at = now
    } else {
      const step: HistoryStep = { label, snapshot: before, at: now }
      if (options.coalesce !== undefined) step.key = options.coalesce
      undoStack.value = withinUndoLimits([...undoStack.value, step])
    }
    redoStack.value = []
    changed(after)
  }

  /** Replaces the whole document as one undoable edit. */
  function replace(label: string, next: TopologyDocument): void {
    if (!document.value) return
    const before = json.value
    if (JSON.stringify(next) === before) return
    undoStack.value = withinUndoLimits([
      ...undoStack.value,
      { label, snapshot: before, at: Date.now() },
    ])
    redoStack.value = []
    document.value = next
    changed()
  }

  function undo(): string | undefined {
    const step = undoStack.value[undoStack.value.length - 1]
    if (!step || !document.value) return undefined
    undoStack.value = undoStack.value.slice(0, -1)
    redoStack.value = [...redoStack.value, { label: step.label, snapshot: json.value, at: 0 }]
    restore(step.snapshot)
    return step.label
  }

  function redo(): string | undefined {
    const step = redoStack.value[redoStack.value.length - 1]
    if (!step || !document.value) return undefined
    redoStack.value = redoStack.value.slice(0, -1)
    undoStack.value = [...undoStack.value, { label: step.label, snapshot: json.value, at: 0 }]
    restore(step.snapshot)
    return step.label
  }

  /**
   * Brings back a snapshot of undo or redo, written over the document where it differs (so only
   * what shows the difference draws again), or in its place when it cannot be.
   */
  function restore(snapshot: string): void {
    const next = JSON.parse(snapshot) as TopologyDocument
    if (!document.value || !patchInPlace(document.value, next)) document.value = next
    changed(snapshot)
  }

  /** Validates the current document with the core; issues land in `issues`. */
  async function validateNow(): Promise<void> {
    validateSoon.cancel()
    validateLater.cancel()
    const doc = plain()
    if (!doc) return
    const seq = ++validateSeq
    validating.value = true
    try {
      const result = await useApi().topology.validate(doc)
      if (seq !== validateSeq) return
      issues.value = result.ok ? [] : result.issues
      warnings.value = result.warnings ?? []
    } catch (error) {
      if (seq !== validateSeq) return
      issues.value = [{ path: '', message: `could not validate: ${errorText(error)}` }]
    } finally {
      if (seq === validateSeq) validating.value = false
    }
  }

  /**
   * Saves the document. Returns true when stored; otherwise the core's issues are in `issues`.
   * The stored version (plain secrets moved to the secret store) replaces the editor's copy unless
   * the admin edited while it was saving.
   */
  async function save(): Promise<boolean> {
    return saveOver(storeRevision.value)
  }

  /**
   * Saves the document over store revision `revision` (the one a person saw changed elsewhere and
   * chose to overwrite); refused like `save` when the store has moved on again since.
   */
  async function overwrite(revision: number): Promise<boolean> {
    return saveOver(revision)
  }

  async function saveOver(baseRevision: number): Promise<boolean> {
    const doc = plain()
    if (!doc || saving.value) return false
    const sent = json.value
    saving.value = true
    try {
      const result = await refusalsNoted(useApi().topology.save(doc, baseRevision))
      if (!result.ok) {
        issues.value = result.issues
        return false
      }
      if (result.revision !== undefined) storeRevision.value = result.revision
      savedJson.value = JSON.stringify(result.document)
      if (json.value === sent) {
        document.value = result.document
        revision.value++
      }
      origin.value = 'store'
      issues.value = []
      lastSavedAt.value = Date.now()
      return true
    } finally {
      saving.value = false
    }
  }

  /** Imports JSON text into the store; on success it becomes the document (undo brings back the old). */
  async function importText(text: string): Promise<ValidationIssue[]> {
    const result = await refusalsNoted(useApi().topology.importText(text, storeRevision.value))
    return adoptStored('Import', result)
  }

  /** Restores a backup as a new save; it becomes the document (undo brings back the old). */
  async function restoreBackup(id: string): Promise<ValidationIssue[]> {
    const result = await refusalsNoted(useApi().topology.restoreBackup(id, storeRevision.value))
    return adoptStored('Restore backup', result)
  }

  /** A document the store now holds becomes the one edited, as one undoable step. */
  function adoptStored(label: string, result: SaveResult): ValidationIssue[] {
    if (!result.ok) return result.issues
    if (result.revision !== undefined) storeRevision.value = result.revision
    const before = json.value
    if (before)
      undoStack.value = withinUndoLimits([
        ...undoStack.value,
        { label, snapshot: before, at: Date.now() },
      ])
    redoStack.value = []
    document.value = result.document
    savedJson.value = JSON.stringify(result.document)
    origin.value = 'store'
    issues.value = []
    changed()
    return []
  }

  /**
   * Keeps a refusal's message in `saveError` (and rethrows it, so the caller says it too): a save
   * based on an old revision is refused whole, and the admin must learn why.
   */
  async function refusalsNoted<T>(call: Promise<T>): Promise<T> {
    saveError.value = undefined
    writing.value++
    try {
      return await call
    } catch (error) {
      if (isApiError(error) && error.code === 'changed-elsewhere') {
        const stored = error.details?.['revision']
        noteStoreRevision(typeof stored === 'number' ? stored : storeRevision.value + 1)
      }
      const message = isApiError(error) ? error.message : errorText(error)
      saveError.value = message
      throw new Error(message, { cause: error })
    } finally {
      writing.value--
    }
  }

  /** Learns a revision the store reached (a change event, a refusal); newer than ours is stale. */
  function noteStoreRevision(stored: number): void {
    if (stored > latestStoreRevision.value) latestStoreRevision.value = stored
  }

  /**
   * Loads what the store holds now as one undoable step: Ctrl+Z brings back the document as it
   * was, unsaved edits included. Returns what was loaded; with `unlessEdited`, undefined (and
   * nothing changed) when the document was edited while the store was read.
   */
  async function reloadStored(options: { unlessEdited: true }): Promise<LoadedTopology | undefined>
  async function reloadStored(): Promise<LoadedTopology>
  async function reloadStored(
    options: { unlessEdited?: boolean } = {},
  ): Promise<LoadedTopology | undefined> {
    const before = json.value
    const loaded = await useApi().topology.load()
    noteStoreRevision(loaded.revision)
    // A reload nobody asked for never lands on an edit made while it loaded.
    if (options.unlessEdited && json.value !== before) return undefined
    if (JSON.stringify(loaded.document) === json.value) {
      storeRevision.value = loaded.revision
      savedJson.value = json.value
    } else {
      adoptStored('Reload', { ok: true, document: loaded.document, revision: loaded.revision })
    }
    origin.value = loaded.origin
    loadProblems.value = loaded.problems
    saveError.value = undefined
    return loaded
  }

  /** Issues exactly at a path. */
  function issuesAt(path: string): ValidationIssue[] {
    return issues.value.filter((issue) => issue.path === path)
  }

  /** Warnings at a path or anywhere below it. */
  function warningsUnder(prefix: string): ValidationIssue[] {
    return warnings.value.filter(
      (issue) =>
        issue.path === prefix ||
        issue.path.startsWith(`${prefix}.`) ||
        issue.path.startsWith(`${prefix}[`),
    )
  }

  /** Issues at a path or anywhere below it. */
  function issuesUnder(prefix: string): ValidationIssue[] {
    return issues.value.filter(
      (issue) =>
        issue.path === prefix ||
        issue.path.startsWith(`${prefix}.`) ||
        issue.path.startsWith(`${prefix}[`),
    )
  }

  return {
    document,
    origin,
    file,
    loadProblems,
    loadError,
    loading,
    saving,
    issues,
    warnings,
    validating,
    revision,
    storeRevision,
    changedElsewhere,
    saveError,
    lastSavedAt,
    undoStack,
    redoStack,
    json,
    savedJson,
    saved,
    loaded,
    dirty,
    canUndo,
    canRedo,
    undoLabel,
    redoLabel,
    plain,
    applyLoaded,
    load,
    openDemo,
    edit,
    replace,
    undo,
    redo,
    validateNow,
    save,
    overwrite,
    noteStoreRevision,
    reloadStored,
    importText,
    restoreBackup,
    issuesAt,
    issuesUnder,
    warningsUnder,
  }
})
