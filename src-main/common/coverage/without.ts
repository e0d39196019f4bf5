/**
 * What a coverage "what if" assumes down (`coverage --without a2,jump1,10.1.0.200`, the UI's
 * ticked machines): machines by id, name, address or `ssh.host`, and power units (shared PDUs and
 * chassis, sharedDevices.ts) by address or `address:port`.
 */
import type { TopologyDocument } from '../document'
import { namesMachine } from '../planner/entryMatching'
import { listMachines, namesOf } from '../planner/machines'
import { namesUnit, powerUnits, unitName } from '../sharedDevices'

/** The machines and power units a list of references assumes down. */
export interface WithoutSet {
  /** Ids of the machines assumed down (`engine` for the engine). */
  machineIds: Set<string>
  /** Keys ({@link PowerUnit.key}) of the power units assumed down. */
  unitKeys: Set<string>
  /** The names of what was matched, in the order given: machines first, then units. */
  machines: string[]
  units: string[]
  /** References that named nothing of the document, as given. */
  unknown: string[]
}

/** Nothing assumed down. */
export function emptyWithout(): WithoutSet {
  return { machineIds: new Set(), unitKeys: new Set(), machines: [], units: [], unknown: [] }
}

/**
 * Resolves `--without` references against a document. A reference may name a machine (its id, or
 * as a preference entry names it: name, address or `ssh.host`, case-insensitive) and a power unit
 * at once; it then takes both down. One that names neither is listed in `unknown`.
 */
export function resolveWithout(doc: TopologyDocument, references: readonly string[]): WithoutSet {
  const out = emptyWithout()
  const refs = references.map((r) => r.trim()).filter((r) => r !== '')
  if (refs.length === 0) return out
  const machines = listMachines(doc)
  const units = powerUnits(doc, { all: true })
  for (const ref of refs) {
    let found = false
    for (const m of machines) {
      if (m.id !== ref && !namesMachine(ref, namesOf(m))) continue
      found = true
      if (!out.machineIds.has(m.id)) {
        out.machineIds.add(m.id)
        out.machines.push(m.name)
      }
    }
    for (const unit of units) {
      if (!namesUnit(ref, unit)) continue
      found = true
      if (!out.unitKeys.has(unit.key)) {
        out.unitKeys.add(unit.key)
        out.units.push(unitName(unit))
      }
    }
    if (!found) out.unknown.push(ref)
  }
  return out
}

/** Every name a `--without` reference may use (for "did you mean"): machines and unit names. */
export function withoutNames(doc: TopologyDocument): string[] {
  const names = new Set<string>()
  for (const m of listMachines(doc)) names.add(m.name)
  for (const unit of powerUnits(doc, { all: true })) names.add(unitName(unit))
  return [...names]
}
