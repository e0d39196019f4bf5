// The lab changed elsewhere (DESIGN.md §5a): another window, browser tab or the `fencepost` command
// saved the store while this window had it open. With nothing to lose the window reloads at once
// and says so (showing a lab that no longer exists would be a state that is not true, and power
// actions run on it); with unsaved edits nothing happens to them until the person chooses Reload,
// Compare or Overwrite — a modal that popped up by itself would swallow what they were typing.
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { TopologyDocument } from '../../../src-main/common/document'
import { describeChanges, summarizeChanges } from '../../../src-main/common/documentChanges'
import { isApiError } from '../../../src-main/common/errors'
import { plural } from '../lib/format'
import { editsSinceSave } from '../lib/unsavedEdits'
import { useApi } from '../services'
import { usePlanStore } from './plan'
import { usePluginsStore } from './plugins'
import { useTopologyStore } from './topology'
import { useUiStore } from './ui'

/** What Compare found: the stored lab against the edited one, in words. */
export interface Comparison {
  /** The store revision compared with. */
  revision: number
  /** What saving the edited lab over it would change (stored → yours). */
  overwriteChanges: string[]
  /** What was changed elsewhere since this window loaded the lab (loaded → stored). */
  elsewhereChanges: string[]
}

/** A reload made on its own (there was nothing to lose), said until dismissed. */
export interface AutoReload {
  revision: number
  /** What changed, in words. */
  changes: string[]
}

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/** Whether a save or import was refused because the store moved on. */
export function isChangedElsewhere(error: unknown): boolean {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error
  return isApiError(cause) && cause.code === 'changed-elsewhere'
}

export const useChangedElsewhereStore = defineStore('changedElsewhere', () => {
  const topology = useTopologyStore()
  const plugins = usePluginsStore()
  const plan = usePlanStore()
  const ui = useUiStore()

  const dialogOpen = ref(false)
  /** Why the dialog is open: the change was heard of, or a save was refused for it. */
  const reason = ref<'changed' | 'refused'>('changed')
  /** `choose`: Reload / Compare / Overwrite; `overwrite`: the second question. */
  const step = ref<'choose' | 'overwrite'>('choose')
  const comparison = ref<Comparison>()
  const comparing = ref(false)
  const working = ref(false)
  /** What went wrong with the last choice (a compare that could not load, a second change). */
  const problem = ref<string>()
  const autoReloaded = ref<AutoReload>()
  /** A stale demo lab the person chose to keep looking at: the banner waits for a newer change. */
  const keptRevision = ref(0)
  let reloading = false

  /** The store's newer revision, while the edited lab is based on an older one. */
  const revision = computed(() => topology.changedElsewhere)
  /** How many edits Reload would discard (undefined: unsaved, count unknown). */
  const unsavedEdits = computed(() =>
    topology.dirty
      ? editsSinceSave(
          topology.undoStack,
          topology.redoStack,
          topology.json,
          topology.savedJson || 'null',
        )
      : 0,
  )
  /** `3 unsaved edits` / `1 unsaved edit` / `unsaved edits` (count unknown). */
  const editsPhrase = computed(() =>
    unsavedEdits.value ? plural(unsavedEdits.value, 'unsaved edit') : 'unsaved edits',
  )
  /** `your 3 edits` / `your unsaved edits`. */
  const editsWords = computed(() =>
    unsavedEdits.value ? `your ${plural(unsavedEdits.value, 'edit')}` : 'your unsaved edits',
  )
  /** The revision Overwrite saves over: the one compared, else the newest heard of. */
  const overwriteRevision = computed(() => comparison.value?.revision ?? revision.value)
  /** Whether the banner asks for a choice (a stale lab not reloaded on its own). */
  const bannerShown = computed(
    () => revision.value !== undefined && revision.value > keptRevision.value,
  )

  function describe(before: TopologyDocument, after: TopologyDocument): string[] {
    return describeChanges(
      summarizeChanges(before, after, {
        isSecretParam: plugins.isSecret,
        paramLabel: (type, name) =>
          plugins.typeOf(type)?.parameters.find((p) => p.name === name)?.label,
      }),
    )
  }

  /** Learns a save of the store by anyone (`topology.onChanged`). */
  function noteChange(stored: number): void {
    topology.noteStoreRevision(stored)
  }

  // Nothing to lose: reload at once and say so. A demo lab opened on purpose is not the stored
  // lab, so it is never swapped away unasked.
  watch(
    () => [revision.value, topology.dirty, topology.origin] as const,
    ([stored, dirty, origin]) => {
      if (stored === undefined || dirty || origin !== 'store' || reloading) return
      void reloadUnasked()
    },
  )
  // A newer change makes an earlier comparison (and its Overwrite) stale.
  watch(revision, (now) => {
    if (comparison.value && now !== undefined && now > comparison.value.revision) {
      comparison.value = undefined
      if (step.value === 'overwrite') step.value = 'choose'
    }
    if (now === undefined && dialogOpen.value && !working.value) dialogOpen.value = false
  })

  async function reloadUnasked(): Promise<void> {
    reloading = true
    const before = topology.plain()
    try {
      const loaded = await topology.reloadStored({ unlessEdited: true })
      if (!loaded) return
      autoReloaded.value = {
        revision: loaded.revision,
        changes: before ? describe(before, loaded.document) : [],
      }
      void plan.refreshNow()
    } catch (error) {
      ui.notify(
        'error',
        `The lab was changed elsewhere and could not be reloaded: ${errorText(error)}`,
      )
    } finally {
      reloading = false
    }
  }

  /** Opens the choice; `refused` when a save was just refused for the change. */
  function open(why: 'changed' | 'refused' = 'changed'): void {
    reason.value = why
    step.value = 'choose'
    problem.value = undefined
    dialogOpen.value = true
  }

  /** Keep editing: closes the dialog, nothing changes (the banner stays while the lab is stale). */
  function close(): void {
    if (working.value) return
    dialogOpen.value = false
    step.value = 'choose'
  }

  /** Loads the stored lab in place of the edited one; Ctrl+Z brings the edits back. */
  async function reload(): Promise<void> {
    const edits = topology.dirty ? editsWords.value : undefined
    working.value = true
    problem.value = undefined
    try {
      const loaded = await topology.reloadStored()
      dialogOpen.value = false
      comparison.value = undefined
      autoReloaded.value = undefined
      ui.notify(
        'info',
        edits
          ? `Reloaded revision ${loaded.revision}. Ctrl+Z brings back ${edits}.`
          : `Reloaded revision ${loaded.revision}.`,
      )
      void plan.refreshNow()
    } catch (error) {
      problem.value = `Could not reload: ${errorText(error)}`
    } finally {
      working.value = false
    }
  }

  /** Loads the stored lab (without applying it) and says what differs, in words. */
  async function compare(): Promise<void> {
    const mine = topology.plain()
    const loadedFrom = topology.saved
    if (!mine) return
    comparing.value = true
    problem.value = undefined
    try {
      const stored = await useApi().topology.load()
      topology.noteStoreRevision(stored.revision)
      comparison.value = {
        revision: stored.revision,
        overwriteChanges: describe(stored.document, mine),
        elsewhereChanges: loadedFrom ? describe(loadedFrom, stored.document) : [],
      }
    } catch (error) {
      problem.value = `Could not load the stored lab to compare: ${errorText(error)}`
    } finally {
      comparing.value = false
    }
  }

  /** Overwrite, first step: asks once more. */
  function askOverwrite(): void {
    problem.value = undefined
    step.value = 'overwrite'
  }

  /** Overwrite, confirmed: saves the edited lab over the revision named in the question. */
  async function overwrite(): Promise<void> {
    const over = overwriteRevision.value
    if (over === undefined) return
    working.value = true
    problem.value = undefined
    try {
      const ok = await topology.overwrite(over)
      dialogOpen.value = false
      step.value = 'choose'
      comparison.value = undefined
      if (ok) {
        ui.notify(
          'success',
          `Saved over revision ${over} (now revision ${topology.storeRevision}).`,
        )
        void plan.refreshNow()
      } else {
        ui.notify('error', `Not saved: ${plural(topology.issues.length, 'problem')} to fix first.`)
        ui.problemsOpen = true
      }
    } catch (error) {
      step.value = 'choose'
      problem.value = isChangedElsewhere(error)
        ? `Not saved: the lab was changed elsewhere again (revision ${revision.value ?? '?'}). Compare again, or reload.`
        : `Not saved: ${errorText(error)}`
    } finally {
      working.value = false
    }
  }

  /** The demo lab stays on screen; the banner comes back only for a newer change. */
  function keepDemo(): void {
    keptRevision.value = revision.value ?? keptRevision.value
  }

  function dismissAutoReload(): void {
    autoReloaded.value = undefined
  }

  return {
    dialogOpen,
    reason,
    step,
    comparison,
    comparing,
    working,
    problem,
    autoReloaded,
    revision,
    unsavedEdits,
    editsPhrase,
    editsWords,
    overwriteRevision,
    bannerShown,
    noteChange,
    open,
    close,
    reload,
    compare,
    askOverwrite,
    overwrite,
    keepDemo,
    dismissAutoReload,
  }
})
