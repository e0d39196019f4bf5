// A list cut to its first few entries with "+N more": a plan in a 2,000-host lab names about 2,000
// machines per device, and the first few are what the admin reads. Each "more" shows one more
// step, so no click ever renders thousands of rows.
import { computed, ref, watch } from 'vue'
import type { ComputedRef, Ref } from 'vue'

/** How many entries a plan shows before "+N more", and how many each "more" adds. */
export const SHORT_LIST = { candidates: 5, rejections: 8, names: 12, hosts: 20, step: 50 } as const

/** A cut list: what is shown, how many are left, and the step that shows more. */
export interface ShortList<T> {
  shown: ComputedRef<readonly T[]>
  /** Entries not shown yet. */
  hidden: ComputedRef<number>
  /** How many the next "more" adds. */
  nextStep: ComputedRef<number>
  showMore(): void
  limit: Ref<number>
}

/**
 * The first `first` entries of `items()`; `showMore` adds `step`. The cut goes back to `first`
 * when `resetOn()` changes (another host's plan in the same panel).
 */
export function useShortList<T>(
  items: () => readonly T[],
  first: number,
  step: number = SHORT_LIST.step,
  resetOn: () => unknown = () => undefined,
): ShortList<T> {
  const limit = ref(first)
  watch(resetOn, () => {
    limit.value = first
  })
  const all = computed(items)
  // "+1 more" would take the room of the one entry it hides: then the entry is shown instead.
  const cut = computed(() => all.value.length > limit.value + 1)
  const shown = computed(() => (cut.value ? all.value.slice(0, limit.value) : all.value))
  const hidden = computed(() => (cut.value ? all.value.length - limit.value : 0))
  const nextStep = computed(() => Math.min(step, hidden.value))
  return {
    shown,
    hidden,
    nextStep,
    limit,
    showMore: () => {
      limit.value += step
    },
  }
}
