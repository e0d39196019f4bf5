// The editor's model of device order: devices of equal `order` form a group that acts together
// (DESIGN.md §4). Reordering moves whole devices between groups without ever merging groups by
// accident: a device moved out of a group becomes a group of its own; groups merge only when the
// admin asks ("act together").
import type { Device, PowerManagement } from '../../../src-main/common/document'
import { groupByOrder } from '../../../src-main/common/deviceGroups'

/** Device ids grouped by order, groups in ascending order. */
export type DeviceGroups = string[][]

/** The groups of a power-management block (equal order = one group; stable within a group). */
export function groupsOf(pm: PowerManagement | undefined): DeviceGroups {
  return groupByOrder(pm?.devices ?? []).map((group) => group.members.map((d) => d.id))
}

function locate(groups: DeviceGroups, id: string): { group: number; index: number } | undefined {
  for (let group = 0; group < groups.length; group++) {
    const index = groups[group]!.indexOf(id)
    if (index >= 0) return { group, index }
  }
  return undefined
}

function without(groups: DeviceGroups, id: string): DeviceGroups {
  return groups.map((g) => g.filter((d) => d !== id)).filter((g) => g.length > 0)
}

/**
 * Moves a device one step up (`-1`) or down (`+1`): a device in a group steps out of it to a group
 * of its own just above / below; a device alone swaps places with the neighbouring group.
 */
export function stepDevice(groups: DeviceGroups, id: string, direction: -1 | 1): DeviceGroups {
  const at = locate(groups, id)
  if (!at) return groups
  const group = groups[at.group]!
  if (group.length > 1) {
    const rest = groups.map((g) => [...g])
    rest[at.group] = group.filter((d) => d !== id)
    rest.splice(direction < 0 ? at.group : at.group + 1, 0, [id])
    return rest
  }
  const target = at.group + direction
  if (target < 0 || target >= groups.length) return groups
  const next = groups.map((g) => [...g])
  const moved = next[at.group]!
  next[at.group] = next[target]!
  next[target] = moved
  return next
}

/** Moves a device to its own group at position `slot` (0 = first), counted without it. */
export function moveDeviceToSlot(groups: DeviceGroups, id: string, slot: number): DeviceGroups {
  if (!locate(groups, id)) return groups
  const rest = without(groups, id)
  const at = Math.max(0, Math.min(slot, rest.length))
  rest.splice(at, 0, [id])
  return rest
}

/** Moves a device into the group that holds `targetId`: they act together. */
export function joinDevice(groups: DeviceGroups, id: string, targetId: string): DeviceGroups {
  if (id === targetId || !locate(groups, id) || !locate(groups, targetId)) return groups
  const rest = without(groups, id)
  const target = locate(rest, targetId)!
  rest[target.group]!.push(id)
  return rest
}

/** Merges group `index` with the one after it. */
export function mergeWithNext(groups: DeviceGroups, index: number): DeviceGroups {
  if (index < 0 || index + 1 >= groups.length) return groups
  const next = groups.map((g) => [...g])
  next.splice(index, 2, [...next[index]!, ...next[index + 1]!])
  return next
}

/** Takes a device out of its group, to a group of its own right after it. */
export function separateDevice(groups: DeviceGroups, id: string): DeviceGroups {
  const at = locate(groups, id)
  if (!at || groups[at.group]!.length < 2) return groups
  const next = groups.map((g) => [...g])
  next[at.group] = next[at.group]!.filter((d) => d !== id)
  next.splice(at.group + 1, 0, [id])
  return next
}

/**
 * Writes groups back: orders become 1, 2, 3… by group and the devices array follows the groups,
 * so the document reads in the order the devices are tried. Orders are only renumbered when the
 * grouping or sequence actually changed.
 */
export function applyGroups(pm: PowerManagement, groups: DeviceGroups): void {
  if (sameGroups(groupsOf(pm), groups)) return
  const byId = new Map<string, Device>(pm.devices.map((d) => [d.id, d]))
  const devices: Device[] = []
  groups.forEach((group, index) => {
    for (const id of group) {
      const device = byId.get(id)
      if (!device) continue
      device.order = index + 1
      devices.push(device)
      byId.delete(id)
    }
  })
  // Devices the groups did not mention (should not happen) keep their place at the end.
  let order = groups.length
  for (const device of byId.values()) {
    device.order = ++order
    devices.push(device)
  }
  pm.devices = devices
}

/** True when two groupings are the same. */
export function sameGroups(a: DeviceGroups, b: DeviceGroups): boolean {
  return a.length === b.length && a.every((g, i) => g.join('\u0000') === b[i]!.join('\u0000'))
}
