/**
 * What the planner knows of a lab beside its document, as plain JSON: what `plan.inputs` hands the
 * UI so that it plans in-process with the same answers the core gives (DESIGN.md §3).
 */
import type { KnownPower } from '../knownPower'
import type { ReachabilityResult } from '../plan'
import type { PlannerOptions } from './plannerContext'

/** The planner's inputs other than the document, serialisable. */
export interface PlannerInputs {
  /** Every stored result of `test` (the latest per host, device and proxy orders candidates). */
  reachability: ReachabilityResult[]
  /** The hosts' power as actions and statuses last confirmed it (a host known off is no proxy). */
  knownPower: KnownPower[]
  /**
   * The fence agent each device type runs (`ipmilan` → `fence_ipmilan`). Types whose agent runs
   * in-process (the demo's simulated devices) are left out: no machine lacks them.
   */
  agentOfType: Record<string, string>
  /**
   * The agents discovered on machines (by id; `engine` for the engine) where a test found one
   * missing: every known agent but the missing ones. A machine left out is not known to lack any.
   */
  agentsOf: Record<string, string[]>
}

/** Nothing known beyond the document: nothing is rejected for reach, power or agents. */
export const NO_PLANNER_INPUTS: PlannerInputs = Object.freeze({
  reachability: [],
  knownPower: [],
  agentOfType: {},
  agentsOf: {},
}) as PlannerInputs

/** The planner's options for these inputs (what `createPlanner` takes). */
export function plannerOptionsOf(inputs: PlannerInputs): PlannerOptions {
  const agents = new Map<string, ReadonlySet<string>>()
  for (const [id, list] of Object.entries(inputs.agentsOf)) agents.set(id, new Set(list))
  const agentOfType = new Map(Object.entries(inputs.agentOfType))
  return {
    reachability: inputs.reachability,
    knownPower: inputs.knownPower,
    agentOfType: (type) => agentOfType.get(type),
    agentsOf: (machineId) => agents.get(machineId),
  }
}
