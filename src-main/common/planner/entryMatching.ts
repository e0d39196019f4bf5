/**
 * How a named preference entry finds its machine (DESIGN.md §3): by the name, FQDN or IP of one
 * machine of the document — its name, its address or its `ssh.host` — whatever the case. The one
 * rule the planner, validation, the CLI and the renderer's editor all match entries by. Whether an
 * entry is a keyword instead is `preferenceKeyword` (common/preferences.ts): ask that first.
 */

/**
 * What an entry and a machine's names are compared by: surrounding spaces dropped, case ignored,
 * and an FQDN's trailing dot (`h1.lab.example.` is `h1.lab.example`) ignored.
 */
export function referenceKey(text: string): string {
  const key = text.trim().toLowerCase()
  return key.endsWith('.') ? key.slice(0, -1) : key
}

/** True when two entries of a list name the same keyword or machine. */
export function sameEntry(a: string, b: string): boolean {
  return referenceKey(a) === referenceKey(b)
}

/** What a named entry can call a machine by: its name, its address and its `ssh.host`. */
export interface MachineNames {
  name?: string | undefined
  address?: string | undefined
  /** `ssh.host` (the engine's under `exec.ssh`): the address Fencepost logs into. */
  sshHost?: string | undefined
}

/** The {@link referenceKey}s a machine answers to, each once (empty names left out). */
export function referenceKeysOf(machine: MachineNames): string[] {
  const keys = new Set<string>()
  for (const value of [machine.name, machine.address, machine.sshHost]) {
    if (value === undefined) continue
    const key = referenceKey(value)
    if (key !== '') keys.add(key)
  }
  return [...keys]
}

/** True when a (non-keyword) entry names this machine. */
export function namesMachine(entry: string, machine: MachineNames): boolean {
  const key = referenceKey(entry)
  return key !== '' && referenceKeysOf(machine).includes(key)
}

/** Finds the machines an entry names; see {@link indexByReference}. */
export type ReferenceLookup<M> = (entry: string) => readonly M[]

/**
 * An index of `machines` by every key they answer to, for many lookups: the machines an entry
 * names, in the order given — usually one, several only in an invalid document with duplicates
 * (validation calls the entry ambiguous). Keywords are not special here: ask `preferenceKeyword`
 * first. Built on the first lookup, since most lists hold only keywords.
 */
export function indexByReference<M>(
  machines: readonly M[],
  namesOf: (machine: M) => MachineNames,
): ReferenceLookup<M> {
  let index: Map<string, M[]> | undefined
  return (entry) => {
    if (!index) {
      index = new Map()
      for (const machine of machines) {
        for (const key of referenceKeysOf(namesOf(machine))) {
          const list = index.get(key)
          if (list) list.push(machine)
          else index.set(key, [machine])
        }
      }
    }
    return index.get(referenceKey(entry)) ?? []
  }
}
