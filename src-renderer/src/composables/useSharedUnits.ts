// The shared power units of the document being edited (issue 10 item 7), for the device editor:
// which unit a device drives and which other hosts that unit powers. Found with the common rule
// (`powerUnits`, src-main/common/sharedDevices.ts) once per document revision from the raw
// document, and shared by every editor on screen: a host page of a 2,000-host lab asks once per
// device, and each ask is a map look-up. After an edit the units are found again after the frame
// that shows the edit is painted (a pass over every device of a 2,000-host lab costs a few ms a
// keystroke need not wait for); a host page opened at the same revision finds them ready.
import { onScopeDispose, shallowRef, toRaw, watch } from 'vue'
import type { TopologyDocument } from '../../../src-main/common/document'
import { powerUnits, unitName } from '../../../src-main/common/sharedDevices'
import type { UnitUse } from '../../../src-main/common/sharedDevices'
import { deferredJob } from '../lib/afterPaint'
import { useTopologyStore } from '../stores/topology'

/** The parameters an outlet is named by (fence-agents' `plug` and its alias `port`). */
const PLUG_PARAMETERS = ['plug', 'port'] as const

/** Another host a shared unit powers, and its outlets on it. */
export interface UnitPeer {
  hostId: string
  host: string
  /** The outlets (plugs) its devices on the unit name, in device order; empty when none is set. */
  plugs: string[]
}

/** A shared unit as one device of one host sees it. */
export interface SharedUnitView {
  unit: UnitUse
  /** How the unit is named in words and `--without` (`10.0.0.200`, `10.0.0.200:1623`). */
  name: string
  /** Every other host the unit powers, in document order. */
  others: UnitPeer[]
}

interface SharedUnits {
  /** Units powering more than one host, by unit key. */
  units: Map<string, UnitUse>
  /** The unit key of every device on a shared unit, by `hostId \0 deviceId`. */
  byDevice: Map<string, string>
  /** Each device's outlet, by `hostId \0 deviceId` (devices on shared units only). */
  plugs: Map<string, string>
}

const NONE: SharedUnits = { units: new Map(), byDevice: new Map(), plugs: new Map() }

let last: { doc: TopologyDocument; revision: number; shared: SharedUnits } | undefined

function deviceKey(hostId: string, deviceId: string): string {
  return `${hostId}\u0000${deviceId}`
}

function plugText(params: Record<string, unknown>): string | undefined {
  for (const name of PLUG_PARAMETERS) {
    const value = params[name]
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
    if (typeof value === 'number') return String(value)
  }
  return undefined
}

/** The shared units of a document: one pass over its devices. */
function sharedUnitsOf(doc: TopologyDocument): SharedUnits {
  const shared = powerUnits(doc).filter((unit) => unit.hosts.length > 1)
  if (shared.length === 0) return NONE
  const hosts = new Map(doc.hosts.map((h) => [h.id, h]))
  const result: SharedUnits = { units: new Map(), byDevice: new Map(), plugs: new Map() }
  for (const unit of shared) {
    result.units.set(unit.key, unit)
    for (const use of unit.devices) {
      const key = deviceKey(use.hostId, use.device)
      result.byDevice.set(key, unit.key)
      const device = hosts
        .get(use.hostId)
        ?.powerManagement?.devices.find((d) => d.id === use.device)
      const plug = device && plugText(device.params as Record<string, unknown>)
      if (plug !== undefined) result.plugs.set(key, plug)
    }
  }
  return result
}

/** The shared power units of the document being edited, as the device editor shows them. */
export function useSharedUnits(): {
  /** The shared unit a host's device drives, or undefined when it drives none (or a lone one). */
  unitOf(hostId: string, deviceId: string): SharedUnitView | undefined
} {
  const topology = useTopologyStore()
  const atRevision = (): SharedUnits => {
    const revision = topology.revision
    const doc = topology.document ? (toRaw(topology.document) as TopologyDocument) : undefined
    if (!doc) return NONE
    if (last?.doc !== doc || last.revision !== revision)
      last = { doc, revision, shared: sharedUnitsOf(doc) }
    return last.shared
  }
  const shared = shallowRef<SharedUnits>(atRevision())
  const job = deferredJob(() => {
    shared.value = atRevision()
  })
  watch(
    () => topology.revision,
    () => job.schedule(),
  )
  onScopeDispose(() => job.cancel())

  function unitOf(hostId: string, deviceId: string): SharedUnitView | undefined {
    const { units, byDevice, plugs } = shared.value
    const key = byDevice.get(deviceKey(hostId, deviceId))
    const unit = key === undefined ? undefined : units.get(key)
    if (!unit) return undefined
    const others = new Map<string, UnitPeer>()
    for (const use of unit.devices) {
      if (use.hostId === hostId) continue
      let peer = others.get(use.hostId)
      if (!peer) others.set(use.hostId, (peer = { hostId: use.hostId, host: use.host, plugs: [] }))
      const plug = plugs.get(deviceKey(use.hostId, use.device))
      if (plug !== undefined) peer.plugs.push(plug)
    }
    return { unit, name: unitName(unit), others: [...others.values()] }
  }

  return { unitOf }
}
