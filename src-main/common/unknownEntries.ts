/**
 * A named proxy preference entry that matches no machine (DESIGN.md §3 `unknown-reference`). While
 * editing it is a warning — an offline draft may name a machine not added yet, and it can be saved
 * — but every power action on a host whose applying list holds one is refused whole: the proxy
 * order the admin meant cannot be known, and running "the rest of the list" could fence through a
 * machine they never meant. One rule for the core (CLI, browser mode, Electron) and the UI.
 */
import type { HostPlan, PreferenceSource } from './plan'
import { referenceKey } from './planner/entryMatching'
import { quoteSafely } from './text'

/** What validation adds to its warning about such an entry. */
export const UNKNOWN_ENTRY_CONSEQUENCE =
  'power actions on the hosts this list applies to are refused until it names one'

/** One unknown entry of a host's plan, with the list it is in and the devices that list governs. */
export interface UnknownEntry {
  /** The entry as written. */
  entry: string
  /** Where the list holding it comes from (`device` for a device's own list). */
  from: PreferenceSource
  /** The name of the level it comes from (cluster, data center, host), when it has one. */
  fromName?: string
  /** The devices of the host whose applying list holds it, in plan order. */
  devices: string[]
}

/** Every unknown entry of the lists that apply to a host's devices, one per entry and list. */
export function unknownEntriesOf(plan: HostPlan): UnknownEntry[] {
  const found = new Map<string, UnknownEntry>()
  for (const device of plan.devices) {
    const { from, fromName } = device.preferences
    for (const entry of device.unknownReferences) {
      // A device's own list is its own; an inherited one is shared by every device that uses it.
      const key = `${from}\n${from === 'device' ? device.device : ''}\n${referenceKey(entry)}`
      const known = found.get(key)
      if (known) {
        if (!known.devices.includes(device.device)) known.devices.push(device.device)
        continue
      }
      found.set(key, {
        entry,
        from,
        ...(fromName !== undefined ? { fromName } : {}),
        devices: [device.device],
      })
    }
  }
  return [...found.values()]
}

/** Words for the list an unknown entry is in: `the preferences of psu1 of a1`. */
export function unknownEntryPlace(host: string, unknown: UnknownEntry): string {
  switch (unknown.from) {
    case 'device':
      return `the preferences of ${unknown.devices[0] ?? 'a device'} of ${host}`
    case 'host':
      return `the preferences of host ${host}`
    case 'cluster':
      return `the preferences of cluster ${unknown.fromName ?? ''}`.trimEnd()
    case 'dataCenter':
      return `the preferences of data center ${unknown.fromName ?? ''}`.trimEnd()
    default:
      return 'the default preferences'
  }
}

/** `"ghost.lab" in the preferences of psu1 of a1` (plus the devices an inherited list governs). */
export function describeUnknownEntry(host: string, unknown: UnknownEntry): string {
  const used = unknown.from === 'device' ? '' : ` (used by ${unknown.devices.join(', ')})`
  return `${quoteSafely(unknown.entry)} in ${unknownEntryPlace(host, unknown)}${used}`
}

/**
 * Why no power action may run on the planned host, or `undefined` when none of its applying lists
 * holds an unknown entry. The message names every such entry and where it is.
 */
export function unknownEntryRefusal(plan: HostPlan): string | undefined {
  const unknown = unknownEntriesOf(plan)
  if (unknown.length === 0) return undefined
  const what = unknown.map((u) => describeUnknownEntry(plan.host, u)).join('; ')
  const one = unknown.length === 1
  return (
    `No power action runs on ${plan.host}: ${what} ${one ? 'matches' : 'match'} no host or ` +
    'proxy, so the proxy order you meant cannot be known. Fix or remove the ' +
    `${one ? 'entry' : 'entries'} (or add the ${one ? 'machine it names' : 'machines they name'}) ` +
    'and save.'
  )
}
