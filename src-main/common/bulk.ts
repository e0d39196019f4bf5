/**
 * Many hosts at once (DESIGN.md §8): `test` or `status` of several hosts, bounded per proxy and in
 * total, each host's result streaming in as it ends. The shapes the core, the CLI (`--json`) and
 * the UI share, which hosts `--all` means, and the progress words.
 */
import type { TopologyDocument } from './document'
import type { ActionResult } from './fencing'
import type { ReachabilityResult } from './plan'
import { findHost } from './planner/machines'

/** What a bulk run does to each host. */
export type BulkAction = 'test' | 'status'

/** Hosts run at once by default, summed over their agent calls (`--concurrency N` changes it). */
export const DEFAULT_BULK_CONCURRENCY = 16

/** The most a `--concurrency` may ask for. */
export const MAX_BULK_CONCURRENCY = 256

/**
 * How one host came out: `ok`; `failed` (a device unreached, an action refused); `skipped` (another
 * action held the host — never waited for); `cancelled` (stopped, or never started, by a cancel).
 */
export type BulkOutcome = 'ok' | 'failed' | 'skipped' | 'cancelled'

/** One host's entry of a bulk run (`--json` per-host shape). */
export interface BulkHostEntry {
  /** The host's name. */
  host: string
  hostId: string
  outcome: BulkOutcome
  /** Why, in words, when the outcome is not `ok`. */
  reason?: string
  /** How long the host took, in ms (0 when it never ran). */
  ms: number
  /** `test`: every device through every candidate proxy, as single-host `test --json` prints. */
  results?: ReachabilityResult[]
  /** `status`: the power found (`on|off|unknown`). */
  power?: ActionResult['power']
  /** `status`: the action's result, as single-host `status --json` prints it. */
  result?: ActionResult
}

/** The reason of a host a cancel stopped before it started. */
export const NOT_STARTED = 'cancelled before it started'

/** How far a bulk run is. */
export interface BulkProgress {
  /** Hosts finished (any outcome). */
  done: number
  total: number
  /** Hosts finished as `failed`. */
  failed: number
  /** Hosts finished as `skipped`. */
  skipped: number
}

/** The whole bulk run (`test --all --json`, `status HOST… --json`). */
export interface BulkResult {
  action: BulkAction
  /** `ok` when every host is ok; `cancelled` when a cancel stopped it; `failed` otherwise. */
  result: 'ok' | 'failed' | 'cancelled'
  progress: BulkProgress
  /** One entry per host, in order of completion (hosts never started last). */
  hosts: BulkHostEntry[]
}

/** A live event of a bulk run: started (no entry), then one per host as it ends. */
export interface BulkEvent {
  kind: 'bulk'
  bulkId: string
  action: BulkAction
  progress: BulkProgress
  /** The host that just finished; absent in the first event. */
  entry?: BulkHostEntry
  /** Set in the last event, with the whole result. */
  finished?: BulkResult
}

/** Options of a bulk run from the UI (`fencing.testMany`): a test, or a status, of many hosts. */
export interface BulkTestRequest {
  /** What to run on each host; `test` when absent. Power-changing actions are never bulk. */
  action?: BulkAction
  /** Host ids or names; absent or empty: every host with devices (as `--all`). */
  hosts?: string[]
  /** Names the run for {@link BulkEvent}s and `fencing.cancelMany`; chosen by the caller. */
  bulkId: string
  /** Overall limit; {@link DEFAULT_BULK_CONCURRENCY} when absent. */
  concurrency?: number
  /** `demo`: the demo lab, as `ActionRequest.lab`. */
  lab?: 'demo'
}

/**
 * The hosts `--all` means: for `test`, every host with a device (as the readiness view lists
 * them); for `status`, those whose power management is also enabled (status refuses the others).
 */
export function bulkTargets(doc: TopologyDocument, action: BulkAction): string[] {
  return doc.hosts
    .filter((h) => (h.powerManagement?.devices.length ?? 0) > 0)
    .filter((h) => action === 'test' || h.powerManagement?.enabled === true)
    .map((h) => h.id)
}

/**
 * The hosts named by `refs` (names or ids) as ids, each once in the order given; `unknown` lists
 * the refs that name no host (then nothing may run).
 */
export function resolveBulkHosts(
  doc: TopologyDocument,
  refs: readonly string[],
): { hostIds: string[]; unknown: string[] } {
  const hostIds: string[] = []
  const unknown: string[] = []
  for (const ref of refs) {
    const host = findHost(doc, ref)
    if (!host) unknown.push(ref)
    else if (!hostIds.includes(host.id)) hostIds.push(host.id)
  }
  return { hostIds, unknown }
}

/** An empty progress of `total` hosts. */
export function startProgress(total: number): BulkProgress {
  return { done: 0, total, failed: 0, skipped: 0 }
}

/** `progress` with `outcome` counted. */
export function countOutcome(progress: BulkProgress, outcome: BulkOutcome): BulkProgress {
  return {
    ...progress,
    done: progress.done + 1,
    failed: progress.failed + (outcome === 'failed' ? 1 : 0),
    skipped: progress.skipped + (outcome === 'skipped' ? 1 : 0),
  }
}

/** The whole run's result word. */
export function bulkResultOf(hosts: readonly BulkHostEntry[]): BulkResult['result'] {
  if (hosts.some((h) => h.outcome === 'cancelled')) return 'cancelled'
  return hosts.every((h) => h.outcome === 'ok') ? 'ok' : 'failed'
}

/** `12/40 hosts, 3 failed, 1 skipped` — the counts in words. */
export function progressWords(progress: BulkProgress): string {
  const parts = [`${progress.done}/${progress.total} hosts`]
  if (progress.failed) parts.push(`${progress.failed} failed`)
  if (progress.skipped) parts.push(`${progress.skipped} skipped`)
  return parts.join(', ')
}

/** `[#####-----] 12/40 hosts, 3 failed` — the terminal's progress bar, `width` cells wide. */
export function progressBar(progress: BulkProgress, width = 10): string {
  const filled = progress.total ? Math.round((progress.done / progress.total) * width) : width
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${progressWords(progress)}`
}
