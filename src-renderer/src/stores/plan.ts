// Plans of the editor's current (unsaved) document, made here with the common planner — no round
// trip, no debounce: one planner per document revision (its index built once, when first asked),
// each host's full plan made when a view asks for it, and one lab-wide pass for the tree's "no
// proxy" warnings. The core hands over only what the planner knows beside the document (test
// results, known power, agents: `plan.inputs`), asked again whenever that may have changed.
// An edit re-plans only what is on screen, in the same turn; the lab-wide pass runs after the
// frame is painted, once per burst of edits (on a 2,000-host lab it costs more than a frame).
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, toRaw, watch } from 'vue'
import type { FencingEvent } from '../../../src-main/common/api'
import type { TopologyDocument } from '../../../src-main/common/document'
import type { HostPlan, ReachabilityResult } from '../../../src-main/common/plan'
import type { DeviceSummary, HostSummary, LabPass } from '../../../src-main/common/planner/labPass'
import { createPlanner, PlanError } from '../../../src-main/common/planner/planHost'
import type { Planner } from '../../../src-main/common/planner/planHost'
import { NO_PLANNER_INPUTS, plannerOptionsOf } from '../../../src-main/common/planner/plannerInputs'
import type { PlannerInputs } from '../../../src-main/common/planner/plannerInputs'
import { deferredJob } from '../lib/afterPaint'
import { useApi } from '../services'
import { useDemoStore } from './demo'
import { useTopologyStore } from './topology'

/** One host's planning at one revision: its plan, or that the document could not be planned. */
interface Planned {
  plan?: HostPlan
  /** The document is too broken to plan this host (the message comes from validation). */
  broken?: boolean
}

/** The planner of one document revision and the plans made with it so far. */
interface Revision {
  planner?: Planner
  /** The document could not even be indexed. */
  broken: boolean
  plans: Map<string, Planned>
}

type Lab = 'demo' | 'store'

export const usePlanStore = defineStore('plan', () => {
  const topology = useTopologyStore()

  /** The planner's inputs and the lab they are of (a demo opened over a stored lab has its own). */
  const inputs = shallowRef<{ lab: Lab; value: PlannerInputs }>()
  /** Inputs being fetched. */
  const pending = ref(0)
  let inputsSeq = 0
  const reachability = ref<Record<string, ReachabilityResult[]>>({})

  const lab = computed<Lab>(() => (topology.origin === 'demo' ? 'demo' : 'store'))
  const options = computed(() =>
    plannerOptionsOf(inputs.value?.lab === lab.value ? inputs.value.value : NO_PLANNER_INPUTS),
  )

  // The last plan made of each host, shown (as stale) while the document is too broken to plan it.
  // Not reactive on purpose: it is read and written while plans are computed.
  const lastGood = new Map<string, HostPlan>()

  const current = computed<Revision>(() => {
    void topology.revision
    // The raw document: the planner reads every host, and proxies would track each read.
    const doc = toRaw(topology.document) as TopologyDocument | undefined
    const revision: Revision = { broken: false, plans: new Map() }
    if (!doc) return revision
    try {
      revision.planner = createPlanner(doc, options.value)
    } catch {
      revision.broken = true
    }
    return revision
  })

  function planned(hostId: string): Planned {
    const revision = current.value
    let result = revision.plans.get(hostId)
    if (result) return result
    try {
      result = revision.planner ? { plan: revision.planner.planHost(hostId) } : { broken: true }
    } catch (error) {
      // A host that is not there (deleted, or not created yet) has no plan; anything else is a
      // document too broken to plan (mid-edit): the last plan stays, marked stale, with the reason.
      result = error instanceof PlanError ? {} : { broken: true }
    }
    if (result.plan) lastGood.set(hostId, result.plan)
    revision.plans.set(hostId, result)
    return result
  }

  /** The plan of a host of the document being edited (the last one made, while it is broken). */
  function planOf(hostId: string | undefined): HostPlan | undefined {
    if (!hostId || !topology.document) return undefined
    const result = planned(hostId)
    return result.plan ?? (result.broken ? lastGood.get(hostId) : undefined)
  }

  /** Why the host cannot be planned as the document stands, or undefined when it can. */
  function errorOf(hostId: string | undefined): string | undefined {
    if (!hostId || !topology.document || !planned(hostId).broken) return undefined
    const first = topology.issues[0]
    const why = first ? ` (${first.path}: ${first.message})` : ''
    return `the document cannot be planned as it stands${why}`
  }

  /** True when the plan shown for a host is from an older version of the document. */
  function isStale(hostId: string): boolean {
    return errorOf(hostId) !== undefined
  }

  // The planner of another document, kept while that document and the inputs stay: selecting a
  // host asks for its saved plan, and indexing a 2,000-host lab for each took most of a frame.
  let other: { doc: TopologyDocument; options: unknown; planner: Planner } | undefined

  /**
   * The plan of `hostId` in another document (the saved one, which actions run on) with the
   * same inputs; undefined when it cannot be planned. The document is not to be changed after
   * (its planner is kept for the next call with it).
   */
  function planIn(doc: TopologyDocument, hostId: string): HostPlan | undefined {
    try {
      if (other?.doc !== doc || other.options !== options.value)
        other = { doc, options: options.value, planner: createPlanner(doc, options.value) }
      return other.planner.planHost(hostId)
    } catch {
      return undefined
    }
  }

  /**
   * The lab-wide pass of the current revision, made after the frame that shows an edit is painted
   * (a burst of edits costs one); while the document is broken, the last one made.
   */
  const labPass = shallowRef<LabPass>()
  const passJob = deferredJob(() => {
    const planner = current.value.planner
    if (!planner) return
    try {
      labPass.value = planner.labPass()
    } catch {
      // Kept as it was: the selected host's own plan still says what is wrong.
    }
  })
  watch([() => topology.revision, options], () => passJob.schedule(), { immediate: true })

  const summaries = computed(
    () => new Map<string, HostSummary>(labPass.value?.hosts.map((h) => [h.hostId, h]) ?? []),
  )

  /** The devices of a host that no machine can fence (the red warning). */
  function devicesWithoutCandidate(hostId: string): DeviceSummary[] {
    return summaries.value.get(hostId)?.devices.filter((d) => !d.fenceable) ?? []
  }

  /** Hosts with power management on and a device nobody can fence. */
  const hostsWithoutCandidate = computed(() => {
    const ids = new Set<string>()
    for (const host of labPass.value?.hosts ?? [])
      if (host.enabled && host.devices.some((d) => !d.fenceable)) ids.add(host.hostId)
    return ids
  })

  /**
   * Devices (as `host/device`) of other hosts that would use one of these machines as a proxy,
   * and those for which they are the only candidates (what deleting them would leave unfenceable).
   */
  function proxyRoles(machineIds: ReadonlySet<string>): { uses: string[]; last: string[] } {
    const uses: string[] = []
    const last: string[] = []
    const pass = current.value.planner?.labPass({ first: 0, watch: machineIds })
    for (const host of pass?.hosts ?? []) {
      if (machineIds.has(host.hostId)) continue
      for (const d of host.devices) {
        if (!d.watched) continue
        uses.push(`${host.host}/${d.device}`)
        if (d.watched === d.candidateCount) last.push(`${host.host}/${d.device}`)
      }
    }
    return { uses, last }
  }

  /** Asks the core again for the planner's inputs of the lab on screen (the plans follow). */
  async function refreshNow(): Promise<void> {
    if (!topology.document) return
    const mine = ++inputsSeq
    const of = lab.value
    pending.value++
    try {
      // An absent argument, not `undefined`: over HTTP it would arrive as null.
      const api = useApi().plan
      const value = of === 'demo' ? await api.inputs('demo') : await api.inputs()
      if (mine === inputsSeq) inputs.value = { lab: of, value }
    } catch {
      // Kept as they were: the plans still follow the document; the next change asks again.
    } finally {
      pending.value--
    }
  }

  // What changes the inputs: a finished action or status (results, known power), a test (its
  // caller refreshes), another lab on screen, demo faults and resets.
  useApi().fencing.onEvent((event: FencingEvent) => {
    if (event.kind === 'finished' && !event.result.dryRunSteps) void refreshNow()
  })
  watch([() => topology.document, lab], () => void refreshNow(), { immediate: true })
  watch(
    () => useDemoStore().faults,
    () => void refreshNow(),
  )

  /** Every stored test result of the lab on screen (from its inputs): for lab-wide views. */
  const labReachability = computed<readonly ReachabilityResult[]>(() =>
    inputs.value?.lab === lab.value ? inputs.value.value.reachability : [],
  )

  async function loadReachability(hostId: string): Promise<void> {
    try {
      // A demo lab has its own results, apart from the real lab's.
      const results =
        topology.origin === 'demo'
          ? await useApi().fencing.reachability(hostId, 'demo')
          : await useApi().fencing.reachability(hostId)
      reachability.value = { ...reachability.value, [hostId]: results }
    } catch {
      // A host not yet saved has no stored results; the matrix then shows everything untested.
      reachability.value = { ...reachability.value, [hostId]: [] }
    }
  }

  function setReachability(hostId: string, results: ReachabilityResult[]): void {
    reachability.value = { ...reachability.value, [hostId]: results }
  }

  return {
    /** The planner's options for the lab on screen (coverage plans with the same). */
    options,
    reachability,
    labReachability,
    pending,
    labPass,
    hostsWithoutCandidate,
    refreshNow,
    planOf,
    planIn,
    errorOf,
    isStale,
    devicesWithoutCandidate,
    proxyRoles,
    loadReachability,
    setReachability,
  }
})
