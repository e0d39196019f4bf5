// Power actions and readiness tests: starting them, following their live events into timelines,
// cancelling, and the history of past actions.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { FencingEvent, HistoryEntry } from '../../../src-main/common/api'
import type {
  ActionResult,
  Attempt,
  AttemptOutcome,
  PowerAction,
  PowerState,
} from '../../../src-main/common/fencing'
import { describeHedge } from '../../../src-main/common/fencing'
import type { ReachabilityResult } from '../../../src-main/common/plan'
import type {
  BulkAction,
  BulkEvent,
  BulkHostEntry,
  BulkProgress,
} from '../../../src-main/common/bulk'
import { startProgress } from '../../../src-main/common/bulk'
import { useApi } from '../services'
import { useKnownPowerStore } from './knownPower'
import { usePlanStore } from './plan'
import { useTopologyStore } from './topology'

/** One row of a timeline: one attempt (one device through one proxy). */
export interface TimelineRow {
  key: number
  /** When the attempt started (or was reported), epoch ms. */
  at: number
  device: string
  proxy: string
  action: string
  /** Undefined while the attempt is running. */
  outcome?: AttemptOutcome
  ms?: number
  power?: PowerState
  message?: string
  output?: string
  stdin?: string
  /** The hedged fallback ran the agent on this proxy instead (the attempt's `passedOverFor`). */
  passedOverFor?: string
  /** While running: no SSH handshake after `hedgedAfterMs`, so this proxy is connected beside. */
  hedgedTo?: string
  hedgedAfterMs?: number
}

/** What a run is for. */
export type RunKind = PowerAction | 'test'

/** A power action or test as the UI follows it. */
export interface RunView {
  /** The core's run id once known; a local placeholder before. */
  runId: string
  /** The host as the request named it (an id) or as the event named it. */
  host: string
  action: RunKind
  dryRun: boolean
  startedAt: number
  finishedAt?: number
  /** `cancelled`: the user stopped it — not a failure (the result says what power is left). */
  state: 'running' | 'ok' | 'failed' | 'cancelled'
  rows: TimelineRow[]
  messages: { at: number; text: string }[]
  result?: ActionResult
  /** Why the request itself failed (refused, lost connection…). */
  error?: string
  cancelling: boolean
}

/** A bulk run (`fencing.testMany`) as the UI follows it: progress and each host as it ends. */
export interface BulkView {
  bulkId: string
  /** A readiness test of each host, or a status (each entry then has the host's power). */
  action: BulkAction
  /** The hosts asked for; undefined: every host with devices. */
  hostIds?: string[]
  progress: BulkProgress
  /** Each host's entry, in order of completion. */
  entries: BulkHostEntry[]
  state: 'running' | 'ok' | 'failed' | 'cancelled'
  cancelling: boolean
  /** Why the request itself failed. */
  error?: string
}

/** How many finished runs the session keeps. */
export const KEPT_RUNS = 50

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/** Timeline rows of a finished action (history), in attempt order. */
export function rowsOfAttempts(attempts: readonly Attempt[], at: number): TimelineRow[] {
  return attempts.map((attempt, index) => ({
    key: index,
    ...attempt,
    at: attempt.startedAt ? Date.parse(attempt.startedAt) : at,
  }))
}

/** True for the rows that made the action succeed (the highlighted ones). */
export function isSuccessRow(row: TimelineRow, action: RunKind): boolean {
  if (row.outcome !== 'ok') return false
  return action === 'status' || action === 'test' || row.action !== 'status'
}

export const useFencingStore = defineStore('fencing', () => {
  const topology = useTopologyStore()
  const runs = ref<RunView[]>([])
  const history = ref<HistoryEntry[]>([])
  const historyLoading = ref(false)
  const historyError = ref<string>()
  let unsubscribe: (() => void) | undefined
  let rowSeq = 0
  let localSeq = 0

  /** The host ids and names that refer to one host. */
  function namesOf(hostId: string): Set<string> {
    const host = topology.document?.hosts.find((h) => h.id === hostId || h.name === hostId)
    return new Set(host ? [host.id, host.name] : [hostId])
  }

  function sameHost(a: string, b: string): boolean {
    return a === b || namesOf(a).has(b)
  }

  function findRun(runId: string): RunView | undefined {
    return runs.value.find((run) => run.runId === runId)
  }

  function keep(): void {
    const running = runs.value.filter((r) => r.state === 'running')
    const done = runs.value.filter((r) => r.state !== 'running')
    if (done.length > KEPT_RUNS) runs.value = [...done.slice(-KEPT_RUNS), ...running]
  }

  function onEvent(event: FencingEvent): void {
    if (event.kind === 'bulk') {
      onBulkEvent(event)
      return
    }
    if (event.kind === 'started') {
      // Adopt our own placeholder for this host, else follow a run started elsewhere.
      const own = runs.value.find(
        (r) =>
          r.runId.startsWith('local-') &&
          r.state === 'running' &&
          r.action === event.action &&
          sameHost(r.host, event.host),
      )
      if (own) own.runId = event.runId
      else if (!findRun(event.runId))
        runs.value.push({
          runId: event.runId,
          host: event.host,
          action: event.action,
          dryRun: event.dryRun,
          startedAt: Date.now(),
          state: 'running',
          rows: [],
          messages: [],
          cancelling: false,
        })
      return
    }
    const run = findRun(event.runId)
    if (!run) return
    switch (event.kind) {
      case 'attempt-started':
        run.rows.push({
          key: ++rowSeq,
          at: Date.now(),
          device: event.device,
          proxy: event.proxy,
          action: event.action,
        })
        break
      case 'attempt': {
        const a = event.attempt
        const open = [...run.rows]
          .reverse()
          .find(
            (r) =>
              r.outcome === undefined &&
              r.device === a.device &&
              r.proxy === a.proxy &&
              r.action === a.action,
          )
        if (open) Object.assign(open, a)
        else run.rows.push({ key: ++rowSeq, at: Date.now(), ...a })
        break
      }
      case 'message':
        run.messages.push({ at: Date.now(), text: event.text })
        break
      case 'hedged': {
        // A note on the slow proxy's running row; a message when it has none (connected beside).
        const slow = run.rows.find(
          (r) =>
            r.outcome === undefined &&
            r.device === event.device &&
            r.proxy === event.slowProxy &&
            r.action === event.action,
        )
        if (slow) Object.assign(slow, { hedgedTo: event.nextProxy, hedgedAfterMs: event.afterMs })
        else run.messages.push({ at: Date.now(), text: describeHedge(event) })
        break
      }
      case 'finished':
        finish(run, event.result)
        break
    }
  }

  function finish(run: RunView, result: ActionResult): void {
    run.result = result
    run.state = result.result
    run.finishedAt = run.finishedAt ?? Date.now()
    // Rows still open when the run ended did not finish (the run was cancelled or failed).
    for (const row of run.rows) if (row.outcome === undefined) row.outcome = 'cancelled'
    if (run.rows.length === 0 && result.attempts.length > 0)
      run.rows = result.attempts.map((a) => ({ key: ++rowSeq, at: run.startedAt, ...a }))
    keep()
  }

  function ensureSubscribed(): void {
    if (!unsubscribe) unsubscribe = useApi().fencing.onEvent(onEvent)
  }

  function placeholder(host: string, action: RunKind, dryRun: boolean): RunView {
    runs.value.push({
      runId: `local-${++localSeq}`,
      host,
      action,
      dryRun,
      startedAt: Date.now(),
      state: 'running',
      rows: [],
      messages: [],
      cancelling: false,
    })
    // The pushed object is wrapped reactive; return that one.
    return runs.value[runs.value.length - 1]!
  }

  /** The running action of a host, if any. */
  function runningOf(hostId: string): RunView | undefined {
    return runs.value.find((r) => r.state === 'running' && sameHost(r.host, hostId))
  }

  /** The latest run (running or finished) of a host. */
  function latestOf(hostId: string, kinds?: RunKind[]): RunView | undefined {
    for (let i = runs.value.length - 1; i >= 0; i--) {
      const run = runs.value[i]!
      if (sameHost(run.host, hostId) && (!kinds || kinds.includes(run.action))) return run
    }
    return undefined
  }

  const running = computed(() => runs.value.filter((r) => r.state === 'running'))

  /** Runs a power action on the stored document; resolves with the run as followed. */
  async function run(hostId: string, action: PowerAction, dryRun: boolean): Promise<RunView> {
    const busy = runningOf(hostId)
    if (busy) {
      throw new Error(
        `an action is already running on this host (${busy.action}); wait or cancel it`,
      )
    }
    ensureSubscribed()
    const view = placeholder(hostId, action, dryRun)
    try {
      // A demo opened over a stored lab is not in the store: its actions run on the demo lab.
      const lab = useTopologyStore().origin === 'demo' ? { lab: 'demo' as const } : {}
      const result = await useApi().fencing.run({ host: hostId, action, dryRun, ...lab })
      if (!view.result) finish(view, result)
      else view.result = result
    } catch (error) {
      view.error = errorText(error)
      view.state = 'failed'
      view.finishedAt = Date.now()
      for (const row of view.rows) if (row.outcome === undefined) row.outcome = 'cancelled'
    }
    void loadHistory()
    return view
  }

  async function cancel(hostId: string): Promise<void> {
    const view = runningOf(hostId)
    if (view) view.cancelling = true
    try {
      await useApi().fencing.cancel(hostId)
    } catch (error) {
      if (view) {
        view.cancelling = false
        view.messages.push({ at: Date.now(), text: `Cancel failed: ${errorText(error)}` })
      }
    }
  }

  /** Runs the readiness test of a host; the results also go to the plan store. */
  async function test(hostId: string): Promise<ReachabilityResult[]> {
    if (runningOf(hostId)) throw new Error('an action is already running on this host')
    ensureSubscribed()
    const view = placeholder(hostId, 'test', false)
    const plan = usePlanStore()
    try {
      // As `run`: a demo opened over a stored lab is tested on the demo lab.
      const results =
        useTopologyStore().origin === 'demo'
          ? await useApi().fencing.test(hostId, 'demo')
          : await useApi().fencing.test(hostId)
      plan.setReachability(hostId, results)
      if (view.state === 'running') {
        view.state = results.every((r) => r.ok) ? 'ok' : 'failed'
        view.finishedAt = Date.now()
      }
      void plan.refreshNow()
      return results
    } catch (error) {
      view.error = errorText(error)
      view.state = 'failed'
      view.finishedAt = Date.now()
      throw error
    }
  }

  const bulk = ref<BulkView>()

  /** A host's entry fills the readiness list and matrix as it arrives. */
  function onBulkEvent(event: BulkEvent): void {
    const view = bulk.value
    if (!view || view.bulkId !== event.bulkId) return
    if (event.progress.done >= view.progress.done) view.progress = event.progress
    if (event.entry) {
      view.entries.push(event.entry)
      if (event.entry.results)
        usePlanStore().setReachability(event.entry.hostId, event.entry.results)
    }
  }

  /**
   * Tests many hosts at once (every host with devices when `hostIds` is left out), within the
   * core's per-proxy and overall limits; progress and results arrive as events. `action`
   * `status`: a status of each host instead (never a power-changing action).
   */
  async function testMany(hostIds?: string[], action: BulkAction = 'test'): Promise<BulkView> {
    if (bulk.value?.state === 'running') throw new Error('a bulk run is already running')
    ensureSubscribed()
    const bulkId = `bulk-${Date.now().toString(36)}-${++localSeq}`
    bulk.value = {
      bulkId,
      action,
      ...(hostIds ? { hostIds } : {}),
      progress: startProgress(hostIds?.length ?? 0),
      entries: [],
      state: 'running',
      cancelling: false,
    }
    const view = bulk.value
    const plan = usePlanStore()
    try {
      const result = await useApi().fencing.testMany({
        bulkId,
        ...(action === 'test' ? {} : { action }),
        ...(hostIds ? { hosts: hostIds } : {}),
        ...(topology.origin === 'demo' ? { lab: 'demo' as const } : {}),
      })
      // Events may have been lost (a dropped socket): the answer holds every entry.
      view.progress = result.progress
      view.entries = result.hosts
      for (const entry of result.hosts)
        if (entry.results) plan.setReachability(entry.hostId, entry.results)
      view.state = result.result
    } catch (error) {
      view.error = errorText(error)
      view.state = 'failed'
    } finally {
      view.cancelling = false
    }
    // A status confirms power (DESIGN.md §4): the known power, and the plans, follow it.
    if (action === 'status') void useKnownPowerStore().refresh()
    void plan.refreshNow()
    return view
  }

  async function cancelMany(): Promise<void> {
    const view = bulk.value
    if (!view || view.state !== 'running') return
    view.cancelling = true
    try {
      await useApi().fencing.cancelMany(view.bulkId)
    } catch (error) {
      view.cancelling = false
      view.error = `Cancel failed: ${errorText(error)}`
    }
  }

  async function loadHistory(host?: string): Promise<void> {
    historyLoading.value = true
    historyError.value = undefined
    try {
      // An absent argument, not `undefined`: over HTTP it would arrive as null.
      const api = useApi().fencing
      // A demo lab has its own history, apart from the real lab's.
      history.value = await (topology.origin === 'demo'
        ? api.history(host ?? null, 'demo')
        : host === undefined
          ? api.history()
          : api.history(host))
    } catch (error) {
      historyError.value = errorText(error)
    } finally {
      historyLoading.value = false
    }
  }

  function dispose(): void {
    unsubscribe?.()
    unsubscribe = undefined
  }

  return {
    runs,
    running,
    history,
    historyLoading,
    historyError,
    ensureSubscribed,
    onEvent,
    runningOf,
    latestOf,
    run,
    cancel,
    test,
    bulk,
    testMany,
    cancelMany,
    loadHistory,
    dispose,
  }
})
