// `test` or `status` of many hosts at once (DESIGN.md §8): one job per host through the same
// orchestrator calls the single-host paths make (so the same host locks: a host another action
// holds is reported skipped with the holder, never waited for), admitted by bulkScheduler.ts within
// a stock sshd's MaxSessions per proxy and an overall limit. Each host's entry streams out as it
// ends; a cancel stops launching and cancels the running hosts. Test results land in the same
// reachability store a single-host test writes, so plans and coverage use them.
import { randomUUID } from 'node:crypto'
import type {
  BulkAction,
  BulkEvent,
  BulkHostEntry,
  BulkProgress,
  BulkResult,
} from '../../common/bulk'
import {
  DEFAULT_BULK_CONCURRENCY,
  NOT_STARTED,
  bulkResultOf,
  countOutcome,
  startProgress,
} from '../../common/bulk'
import type { TopologyDocument } from '../../common/document'
import { isApiError } from '../../common/errors'
import type { ActionResult } from '../../common/fencing'
import type { HostPlan, ReachabilityResult } from '../../common/plan'
import { listMachines } from '../../common/planner/machines'
import { STOCK_MAX_SESSIONS } from '../runners/sshPool'
import { runScheduled } from './bulkScheduler'
import type { JobEnd, ScheduledJob } from './bulkScheduler'
import type { Orchestrator } from './orchestrator'

/** What the bulk runner needs from the core. */
export interface BulkDeps {
  orchestrator: Pick<Orchestrator, 'test' | 'cancel' | 'planOf'>
  /** A power action as the single-host path runs it (history appended). */
  runAction(
    doc: TopologyDocument,
    request: { host: string; action: 'status'; dryRun: false; lab?: 'demo' },
  ): Promise<ActionResult>
  /** Stores test results where a single-host test stores them. */
  recordReachability(results: readonly ReachabilityResult[], lab?: 'demo'): void
  /** Pushes a {@link BulkEvent} to listeners (the UI's fencing event channel). */
  emit?(event: BulkEvent): void
  now?(): number
  /** Agent calls at once per proxy; default {@link STOCK_MAX_SESSIONS}. */
  perProxy?: number
}

/** One bulk run. */
export interface BulkRequest {
  action: BulkAction
  /** Host ids (resolved by the caller: an unknown name is bad usage, nothing runs). */
  hostIds: readonly string[]
  lab?: 'demo'
  /** Overall limit; default {@link DEFAULT_BULK_CONCURRENCY}. */
  concurrency?: number
  signal?: AbortSignal
  bulkId?: string
  /** Called as each host ends, in order of completion. */
  onEntry?(entry: BulkHostEntry, progress: BulkProgress): void
}

/** Agent calls a host's plan may open at once, per proxy: one per device it is a candidate of. */
export function proxyDemand(plan: HostPlan): Map<string, number> {
  const demand = new Map<string, number>()
  for (const device of plan.devices)
    for (const c of device.candidates) demand.set(c.proxyId, (demand.get(c.proxyId) ?? 0) + 1)
  return demand
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/** A test's entry: ok when every device answered through every candidate. */
function testEntry(
  base: Pick<BulkHostEntry, 'host' | 'hostId' | 'ms'>,
  results: ReachabilityResult[],
  cancelled: boolean,
  nameOf: (machineId: string) => string,
): BulkHostEntry {
  const failures = results.filter((r) => !r.ok)
  if (cancelled && results.some((r) => r.outcome === 'cancelled'))
    return { ...base, outcome: 'cancelled', reason: 'cancelled while running', results }
  if (results.length === 0)
    return { ...base, outcome: 'failed', reason: 'no device has a candidate proxy', results }
  if (failures.length === 0) return { ...base, outcome: 'ok', results }
  const first = failures[0]!
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : ''
  return {
    ...base,
    outcome: 'failed',
    reason: `${first.deviceId} via ${nameOf(first.proxyId)}: ${first.message ?? 'failed'}${more}`,
    results,
  }
}

function statusEntry(
  base: Pick<BulkHostEntry, 'host' | 'hostId' | 'ms'>,
  result: ActionResult,
): BulkHostEntry {
  const outcome =
    result.result === 'ok' ? 'ok' : result.result === 'cancelled' ? 'cancelled' : 'failed'
  return {
    ...base,
    outcome,
    power: result.power,
    result,
    ...(outcome === 'ok' ? {} : { reason: result.message ?? `status ${result.result}` }),
  }
}

/** Runs `request.action` on every host of `request.hostIds`; resolves with every host's entry. */
export async function runBulk(
  deps: BulkDeps,
  doc: TopologyDocument,
  request: BulkRequest,
): Promise<BulkResult> {
  const now = deps.now ?? Date.now
  const bulkId = request.bulkId ?? randomUUID()
  const { action, lab } = request
  const forTest = action === 'test'
  const hosts = request.hostIds.map((id) => {
    const host = doc.hosts.find((h) => h.id === id)
    return { id, name: host?.name ?? id }
  })
  const names = new Map(listMachines(doc).map((m) => [m.id, m.name]))
  const nameOf = (id: string): string => names.get(id) ?? id
  let progress = startProgress(hosts.length)
  const entries: BulkHostEntry[] = []
  const emit = (entry?: BulkHostEntry, finished?: BulkResult): void =>
    deps.emit?.({
      kind: 'bulk',
      bulkId,
      action,
      progress,
      ...(entry ? { entry } : {}),
      ...(finished ? { finished } : {}),
    })

  const jobs: ScheduledJob<BulkHostEntry>[] = hosts.map((host) => {
    let demand = new Map<string, number>()
    try {
      demand = proxyDemand(deps.orchestrator.planOf(doc, host.id, forTest, lab))
    } catch {
      // A host that cannot be planned fails in its own run, with the planner's words.
    }
    return {
      demand,
      async run(signal) {
        const startedAt = now()
        const base = () => ({ host: host.name, hostId: host.id, ms: Math.round(now() - startedAt) })
        const cancel = (): void => void deps.orchestrator.cancel(doc, host.id)
        signal.addEventListener('abort', cancel, { once: true })
        try {
          if (forTest) {
            const results = await deps.orchestrator.test(doc, host.id, lab)
            // A call cancelled midway says nothing of the route: it must not mark it broken.
            const kept = results.filter((r) => r.outcome !== 'cancelled')
            if (kept.length) deps.recordReachability(kept, lab)
            return testEntry(base(), results, signal.aborted, nameOf)
          }
          const result = await deps.runAction(doc, {
            host: host.id,
            action: 'status',
            dryRun: false,
            ...(lab ? { lab } : {}),
          })
          return statusEntry(base(), result)
        } catch (error) {
          // Held by another action (any process): skipped with the holder, never waited for.
          if (isApiError(error) && error.code === 'busy')
            return { ...base(), outcome: 'skipped', reason: error.message }
          return { ...base(), outcome: 'failed', reason: messageOf(error) }
        } finally {
          signal.removeEventListener('abort', cancel)
        }
      },
    }
  })

  const settle = (end: JobEnd<BulkHostEntry>): BulkHostEntry => {
    const host = hosts[end.index]!
    if (!end.started)
      return {
        host: host.name,
        hostId: host.id,
        outcome: 'cancelled',
        reason: NOT_STARTED,
        ms: 0,
      }
    if ('value' in end) return end.value
    return {
      host: host.name,
      hostId: host.id,
      outcome: 'failed',
      reason: messageOf(end.error),
      ms: 0,
    }
  }

  emit()
  await runScheduled(
    jobs,
    {
      perProxy: deps.perProxy ?? STOCK_MAX_SESSIONS,
      overall: request.concurrency ?? DEFAULT_BULK_CONCURRENCY,
      ...(request.signal ? { signal: request.signal } : {}),
    },
    (end) => {
      const entry = settle(end)
      entries.push(entry)
      progress = countOutcome(progress, entry.outcome)
      request.onEntry?.(entry, progress)
      emit(entry)
    },
  )
  const result: BulkResult = { action, result: bulkResultOf(entries), progress, hosts: entries }
  emit(undefined, result)
  return result
}
