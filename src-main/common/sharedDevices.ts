/**
 * Shared power units (issue 10 item 7): one PDU, blade chassis or BMC that serves several hosts.
 *
 * The model: the document keeps **one device per host**, each with its own plug (`plug` of an
 * `apc`, `wti`, `bladecenter` … device), as Pacemaker's `pcmk_host_map` is carried over. Devices
 * drive **the same power unit** when they have the same `type`, the same address (`ip`, or its
 * alias `ipaddr` — the names every fence agent uses; case, spaces and an FQDN's trailing dot
 * ignored) and the same TCP port (`ipport`; left out counts as the type's default, so it only
 * matches another device that leaves it out too). The plug does not matter: two plugs of one PDU
 * are one unit, and losing it cuts both. A device without an address (the demo's simulated ones)
 * is a unit of its own.
 *
 * The one rule coverage, the CLI's `--without` and the UI recognise sharing by.
 */
import type { Device, TopologyDocument } from './document'
import { referenceKey } from './planner/entryMatching'

/** The parameters a device's address may be given by (fence-agents' `ip` and its alias). */
export const UNIT_ADDRESS_PARAMETERS = ['ip', 'ipaddr'] as const

/** The parameter naming the unit's TCP port (fence-agents' `ipport`). */
export const UNIT_PORT_PARAMETER = 'ipport'

/** The power unit a device drives. */
export interface PowerUnit {
  /** Equal for every device on this unit, different otherwise (type, address, port). */
  key: string
  /** The device type (plugin fence type id). */
  type: string
  /** The address as the device gives it. */
  address: string
  /** The TCP port when the device sets one. */
  port?: string
}

function paramText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim()
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** The power unit a device drives, or `undefined` when it names no address. */
export function powerUnitOf(device: Pick<Device, 'type' | 'params'>): PowerUnit | undefined {
  const params = device.params as Record<string, unknown>
  let address: string | undefined
  for (const name of UNIT_ADDRESS_PARAMETERS) {
    address = paramText(params[name])
    if (address !== undefined) break
  }
  if (address === undefined) return undefined
  const port = paramText(params[UNIT_PORT_PARAMETER])
  return {
    key: `${device.type}\u0000${referenceKey(address)}\u0000${port ?? ''}`,
    type: device.type,
    address,
    ...(port === undefined ? {} : { port }),
  }
}

/** One device on a unit: which host it powers. */
export interface UnitDevice {
  hostId: string
  host: string
  device: string
}

/** A power unit and every device of the document that drives it. */
export interface UnitUse extends PowerUnit {
  devices: UnitDevice[]
  /** The hosts it powers (names, document order, each once). */
  hosts: string[]
}

/**
 * Every power unit of the document's hosts (with power management enabled unless `all`), with
 * the devices on it, in document order of first use.
 */
export function powerUnits(doc: TopologyDocument, options: { all?: boolean } = {}): UnitUse[] {
  const units = new Map<string, UnitUse>()
  for (const host of doc.hosts) {
    const pm = host.powerManagement
    if (!pm || (!pm.enabled && !options.all)) continue
    for (const device of pm.devices) {
      const unit = powerUnitOf(device)
      if (!unit) continue
      let use = units.get(unit.key)
      if (!use) units.set(unit.key, (use = { ...unit, devices: [], hosts: [] }))
      // A host's devices are listed together: its second device on the unit follows its first.
      if (use.devices[use.devices.length - 1]?.hostId !== host.id) use.hosts.push(host.name)
      use.devices.push({ hostId: host.id, host: host.name, device: device.id })
    }
  }
  return [...units.values()]
}

/** The units that power more than one host: the shared PDUs and chassis. */
export function sharedPowerUnits(doc: TopologyDocument): UnitUse[] {
  return powerUnits(doc).filter((unit) => unit.hosts.length > 1)
}

/**
 * Whether a reference (as typed after `--without`) names this unit: its address, or
 * `address:port` for a unit with a port; case and an FQDN's trailing dot ignored.
 */
export function namesUnit(reference: string, unit: PowerUnit): boolean {
  const ref = referenceKey(reference)
  if (ref === referenceKey(unit.address)) return true
  return unit.port !== undefined && ref === `${referenceKey(unit.address)}:${unit.port}`
}

/** How a unit is named in words and `--without`: `10.1.0.200` or `10.1.0.200:1623`. */
export function unitName(unit: PowerUnit): string {
  return unit.port === undefined ? unit.address : `${unit.address}:${unit.port}`
}
