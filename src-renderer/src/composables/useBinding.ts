// Two-way bindings between form controls and the document: reading from the store, writing
// through `topology.edit` so that every change is one undoable step (typing in one field merges).
import { computed } from 'vue'
import type { WritableComputedRef } from 'vue'
import type { TopologyDocument } from '../../../src-main/common/document'
import { useTopologyStore } from '../stores/topology'

/** Sets `key` on `target`, or deletes it when the value is empty (undefined, null or ''). */
export function setOrDelete<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | null | '' | undefined,
): void {
  if (value === undefined || value === null || value === '') delete target[key]
  else target[key] = value as T[K]
}

export function useBinding() {
  const topology = useTopologyStore()

  /**
   * A writable computed over one document value. `key` identifies the field (its JSON path) so
   * that quick successive changes form one undo step.
   */
  function bind<T>(
    label: string,
    key: string,
    get: () => T,
    set: (doc: TopologyDocument, value: T) => void,
  ): WritableComputedRef<T> {
    return computed<T>({
      get,
      set: (value) => topology.edit(label, (doc) => set(doc, value), { coalesce: key }),
    })
  }

  return { bind, topology }
}
