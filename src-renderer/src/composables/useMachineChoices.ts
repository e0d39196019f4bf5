// The machines a preference list may name, for every editor on screen: listed once per document
// change from the raw document, and the same array again while no machine changed — a host page
// of a 2,000-host lab has a preference editor per device, and each one reading every machine
// through the reactive proxy (and recomputing its menus on every keystroke) adds up.
import { computed, toRaw } from 'vue'
import type { ComputedRef } from 'vue'
import type { TopologyDocument } from '../../../src-main/common/document'
import type { MachineChoice } from '../lib/model'
import { machineChoices } from '../lib/model'
import { useTopologyStore } from '../stores/topology'

let last: { doc: TopologyDocument; revision: number; choices: MachineChoice[] } | undefined

const KEYS = ['kind', 'id', 'name', 'address', 'sshHost', 'where'] as const

function same(a: readonly MachineChoice[], b: readonly MachineChoice[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    for (const key of KEYS) if (x[key] !== y[key]) return false
  }
  return true
}

/** Every machine of the document being edited, as preference editors offer them. */
export function useMachineChoices(): ComputedRef<MachineChoice[]> {
  const topology = useTopologyStore()
  return computed<MachineChoice[]>(() => {
    const revision = topology.revision
    const doc = topology.document ? (toRaw(topology.document) as TopologyDocument) : undefined
    if (!doc) return []
    if (last?.doc !== doc || last.revision !== revision) {
      const choices = machineChoices(doc)
      last = {
        doc,
        revision,
        choices: last && same(last.choices, choices) ? last.choices : choices,
      }
    }
    return last.choices
  })
}
