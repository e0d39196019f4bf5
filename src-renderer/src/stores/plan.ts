// Plans of the editor's current (unsaved) document, kept fresh as the admin edits: the selected
// host at once, every other host with devices a moment later (for the tree's warnings).
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { DevicePlan, HostPlan, ReachabilityResult } from '../../../src-main/common/plan'
import { useApi } from '../services'
import { useTopologyStore } from './topology'
import { useUiStore } from './ui'

/** Quiet time before the selected host is re-planned after an edit. */
export const PLAN_DELAY_MS = 120
/** Quiet time before the other hosts are re-planned. */
export const PLAN_ALL_DELAY_MS = 500
/**
 * Up to this many hosts with devices, every host is planned on its own (each plan lists every
 * machine, and each call carries the document). A bigger lab (an imported 2,000-host one) asks the
 * core once for the hosts without a candidate, and plans the selected host alone.
 */
export const PLAN_EVERY_HOST_LIMIT = 100

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

export const usePlanStore = defineStore('plan', () => {
  const topology = useTopologyStore()
  const ui = useUiStore()

  const plans = ref<Record<string, HostPlan>>({})
  /** Why the last planning of a host failed (the plan shown is then from an earlier revision). */
  const errors = ref<Record<string, string>>({})
  /** The document revision each plan was made for. */
  const planRevision = ref<Record<string, number>>({})
  const reachability = ref<Record<string, ReachabilityResult[]>>({})
  /** In a big lab: the devices without a candidate per host, from one lab-wide pass. */
  const coverage = ref<Record<string, DevicePlan[]>>({})
  let coverageSeq = 0
  const pending = ref(0)

  const seqs = new Map<string, number>()
  let selectedTimer: ReturnType<typeof setTimeout> | undefined
  let allTimer: ReturnType<typeof setTimeout> | undefined

  /** Hosts worth planning: those with at least one device. */
  const plannedHostIds = computed(() =>
    (topology.document?.hosts ?? [])
      .filter((h) => (h.powerManagement?.devices.length ?? 0) > 0)
      .map((h) => h.id),
  )

  async function refreshHost(hostId: string): Promise<void> {
    const doc = topology.plain()
    if (!doc || !doc.hosts.some((h) => h.id === hostId)) return
    const revision = topology.revision
    const seq = (seqs.get(hostId) ?? 0) + 1
    seqs.set(hostId, seq)
    pending.value++
    try {
      // A demo lab plans with the demo's known power (hosts it powered off are no proxies).
      const plan =
        topology.origin === 'demo'
          ? await useApi().plan.planHost(doc, hostId, 'demo')
          : await useApi().plan.planHost(doc, hostId)
      if (seqs.get(hostId) !== seq) return
      plans.value = { ...plans.value, [hostId]: plan }
      planRevision.value = { ...planRevision.value, [hostId]: revision }
      if (hostId in errors.value)
        errors.value = Object.fromEntries(
          Object.entries(errors.value).filter(([id]) => id !== hostId),
        )
    } catch (error) {
      if (seqs.get(hostId) !== seq) return
      errors.value = { ...errors.value, [hostId]: errorText(error) }
    } finally {
      pending.value--
    }
  }

  async function refreshAll(): Promise<void> {
    const ids = plannedHostIds.value
    const known = new Set(ids)
    if (ui.selectedHostId) known.add(ui.selectedHostId)
    // Forget plans of hosts that are gone or lost their devices.
    plans.value = Object.fromEntries(Object.entries(plans.value).filter(([id]) => known.has(id)))
    if (ids.length > PLAN_EVERY_HOST_LIMIT) return refreshCoverage()
    coverage.value = {}
    await Promise.all(ids.map((id) => refreshHost(id)))
  }

  async function refreshCoverage(): Promise<void> {
    const doc = topology.plain()
    if (!doc) return
    const seq = ++coverageSeq
    pending.value++
    try {
      const gaps =
        topology.origin === 'demo'
          ? await useApi().plan.coverage(doc, 'demo')
          : await useApi().plan.coverage(doc)
      if (seq !== coverageSeq) return
      coverage.value = Object.fromEntries(gaps.map((gap) => [gap.hostId, gap.devices]))
    } catch {
      // Kept as it was: the selected host's own plan still shows its problems.
    } finally {
      pending.value--
    }
  }

  /** Re-plans soon: the selected host first, the rest after. */
  function schedule(): void {
    if (selectedTimer !== undefined) clearTimeout(selectedTimer)
    if (allTimer !== undefined) clearTimeout(allTimer)
    const hostId = ui.selectedHostId
    if (hostId)
      selectedTimer = setTimeout(() => {
        selectedTimer = undefined
        void refreshHost(hostId)
      }, PLAN_DELAY_MS)
    allTimer = setTimeout(() => {
      allTimer = undefined
      void refreshAll()
    }, PLAN_ALL_DELAY_MS)
  }

  /** Plans everything now (after a load, a test, a save). */
  async function refreshNow(): Promise<void> {
    const hostId = ui.selectedHostId
    await Promise.all([hostId ? refreshHost(hostId) : Promise.resolve(), refreshAll()])
  }

  watch(() => topology.revision, schedule)
  watch(
    () => ui.selectedHostId,
    (hostId) => {
      if (hostId && !plans.value[hostId]) void refreshHost(hostId)
    },
  )

  function planOf(hostId: string | undefined): HostPlan | undefined {
    return hostId ? plans.value[hostId] : undefined
  }

  /** True when the plan shown for a host is from an older version of the document. */
  function isStale(hostId: string): boolean {
    return (planRevision.value[hostId] ?? -1) !== topology.revision || hostId in errors.value
  }

  /** The devices of a host that no machine can fence (the red warning). */
  function devicesWithoutCandidate(hostId: string): DevicePlan[] {
    const plan = plans.value[hostId]
    if (plan) return plan.devices.filter((d) => d.candidates.length === 0)
    return coverage.value[hostId] ?? []
  }

  /** Hosts with power management on and a device nobody can fence. */
  const hostsWithoutCandidate = computed(() => {
    const ids = new Set<string>()
    for (const host of topology.document?.hosts ?? []) {
      if (!host.powerManagement?.enabled) continue
      if (devicesWithoutCandidate(host.id).length > 0) ids.add(host.id)
    }
    return ids
  })

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
    plans,
    errors,
    reachability,
    pending,
    plannedHostIds,
    hostsWithoutCandidate,
    refreshHost,
    refreshAll,
    refreshNow,
    schedule,
    planOf,
    isStale,
    devicesWithoutCandidate,
    loadReachability,
    setReachability,
  }
})
