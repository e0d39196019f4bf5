// The state of File › Import (read, check, compare, confirm, import: one dialog shows the stage and
// then the change it would make) and whether the Backups dialog is open. The flow itself is in
// composables/useImportExport.ts.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

/** The stages of an import, in order. `confirm` waits for the person. */
export const IMPORT_STAGES = [
  { stage: 'reading', label: 'Read the file' },
  { stage: 'checking', label: 'Check the topology' },
  { stage: 'comparing', label: 'Compare with the lab' },
  { stage: 'confirm', label: 'Confirm' },
  { stage: 'importing', label: 'Save it' },
] as const

/** A stage of an import. */
export type ImportStage = (typeof IMPORT_STAGES)[number]['stage']

export const useImportsStore = defineStore('imports', () => {
  /** The import under way (undefined: none, the dialog is closed). */
  const stage = ref<ImportStage>()
  const fileName = ref('')
  const size = ref(0)
  /** `2,000 hosts, 2,000 devices`, once checked. */
  const what = ref('')
  /** What the import would change in the edited lab, in lines of words. */
  const changes = ref<string[]>([])
  /** For a file from another system: `From oVirt: 4 hosts, 6 devices` (else empty). */
  const origin = ref('')
  /** What could not be carried over from the other system, one line each. */
  const notes = ref<string[]>([])
  const backupsOpen = ref(false)
  let answer: ((go: boolean) => void) | undefined

  const stageIndex = computed(() =>
    stage.value === undefined ? -1 : IMPORT_STAGES.findIndex((s) => s.stage === stage.value),
  )

  function start(name: string, bytes: number): void {
    answer?.(false)
    answer = undefined
    fileName.value = name
    size.value = bytes
    what.value = ''
    changes.value = []
    origin.value = ''
    notes.value = []
    stage.value = 'reading'
  }

  /** The file came from another system and was translated: where from, and what was lost. */
  function translated(from: string, lost: string[]): void {
    origin.value = from
    notes.value = lost
  }

  function advance(next: ImportStage): void {
    if (stage.value !== undefined) stage.value = next
  }

  /** Shows the change and waits for Import (true) or Cancel (false). */
  function confirm(size: string, lines: string[]): Promise<boolean> {
    what.value = size
    changes.value = lines
    stage.value = 'confirm'
    return new Promise((resolve) => (answer = resolve))
  }

  /** The person's answer to {@link confirm}. */
  function decide(go: boolean): void {
    const resolve = answer
    answer = undefined
    resolve?.(go)
  }

  /** True while the flow still runs (not cancelled). */
  function active(): boolean {
    return stage.value !== undefined
  }

  /** Ends the flow and closes the dialog (a pending confirmation counts as Cancel). */
  function finish(): void {
    decide(false)
    stage.value = undefined
  }

  return {
    stage,
    stageIndex,
    fileName,
    size,
    what,
    changes,
    origin,
    notes,
    backupsOpen,
    start,
    translated,
    advance,
    confirm,
    decide,
    active,
    finish,
  }
})
