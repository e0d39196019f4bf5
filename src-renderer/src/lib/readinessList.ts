// The lab-wide readiness list: one row per host with devices, judged by common/readiness.ts,
// filtered by words (host, cluster, data center, device) and by state, counted per state and cut
// into pages, so the view draws one page of a 2,000-host lab. Every step is one pass over the
// hosts and their results.
import type { HostStatus, TopologyDocument } from '../../../src-main/common/document'
import type { ReachabilityResult } from '../../../src-main/common/plan'
import { judgeHost, latestResults, READINESS_STATES } from '../../../src-main/common/readiness'
import type { HostReadiness, ReadinessState } from '../../../src-main/common/readiness'

/** One host of the list. */
export interface ReadinessRow extends HostReadiness {
  hostId: string
  host: string
  status: HostStatus
  enabled: boolean
  cluster: string
  dataCenter: string
  /** Lower-case words the text filter looks in: names, ids, address, devices. */
  words: string
}

/** Which hosts the list shows: every word of `text` somewhere in the row, and the state. */
export interface ReadinessFilter {
  text?: string
  state?: ReadinessState | 'all'
}

/**
 * One row per host with devices, in document order. `withoutCandidate` gives the ids of a host's
 * devices no machine can fence (the planner's answer).
 */
export function readinessRows(
  doc: TopologyDocument,
  results: readonly ReachabilityResult[],
  withoutCandidate: (hostId: string) => readonly string[],
): ReadinessRow[] {
  const clusters = new Map(doc.clusters.map((c) => [c.id, c]))
  const dataCenters = new Map(doc.dataCenters.map((d) => [d.id, d.name]))
  const machines = new Set([
    'engine',
    ...doc.hosts.map((h) => h.id),
    ...doc.proxies.map((p) => p.id),
  ])
  const latest = latestResults(results, machines)
  const rows: ReadinessRow[] = []
  for (const h of doc.hosts) {
    const devices = h.powerManagement?.devices ?? []
    if (devices.length === 0) continue
    const cluster = clusters.get(h.cluster)
    const dataCenter = (cluster && dataCenters.get(cluster.dataCenter)) ?? ''
    const judged = judgeHost(devices, latest.get(h.id), withoutCandidate(h.id))
    rows.push({
      ...judged,
      hostId: h.id,
      host: h.name,
      status: h.status,
      enabled: h.powerManagement?.enabled ?? false,
      cluster: cluster?.name ?? '',
      dataCenter,
      words: [h.name, h.id, h.address, cluster?.name, dataCenter, ...devices.map((d) => d.id)]
        .join(' ')
        .toLowerCase(),
    })
  }
  return rows
}

/** The rows that match `filter`, in the order given. */
export function filterRows<T extends Pick<ReadinessRow, 'words' | 'state'>>(
  rows: readonly T[],
  filter: ReadinessFilter,
): T[] {
  const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean)
  const state = filter.state && filter.state !== 'all' ? filter.state : undefined
  return rows.filter(
    (r) => (!state || r.state === state) && words.every((w) => r.words.includes(w)),
  )
}

/** How many rows are in each state, and in all. */
export function countStates(
  rows: readonly Pick<ReadinessRow, 'state'>[],
): Record<ReadinessState | 'all', number> {
  const counts = Object.fromEntries([...READINESS_STATES, 'all'].map((s) => [s, 0])) as Record<
    ReadinessState | 'all',
    number
  >
  for (const r of rows) counts[r.state]++
  counts.all = rows.length
  return counts
}

/** True when no host lacks a proxy, failed its test or was left with mixed power. */
export function nothingFailing(counts: Record<ReadinessState | 'all', number>): boolean {
  return counts['no-proxy'] + counts.failing + counts.mixed === 0
}

/** One page of a list: its rows, its (clamped) number from 0, and where it sits in the list. */
export interface Page<T> {
  rows: T[]
  page: number
  pages: number
  /** 1-based position of the first row shown, 0 for an empty list. */
  from: number
  /** 1-based position of the last row shown. */
  to: number
  total: number
}

/** Page `page` (from 0, clamped into range) of `size` rows. */
export function pageOf<T>(rows: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size))
  const at = Math.min(Math.max(0, Math.floor(page)), pages - 1)
  const slice = rows.slice(at * size, at * size + size)
  return {
    rows: slice,
    page: at,
    pages,
    from: slice.length ? at * size + 1 : 0,
    to: at * size + slice.length,
    total: rows.length,
  }
}

/** Where keyboard navigation lands in a paged list: a row index clamped to the list. */
export function stepIndex(
  index: number,
  key: string,
  length: number,
  pageSize: number,
): number | undefined {
  if (length === 0) return undefined
  const moves: Record<string, number> = {
    ArrowDown: index + 1,
    ArrowUp: index - 1,
    PageDown: index + pageSize,
    PageUp: index - pageSize,
    Home: 0,
    End: length - 1,
  }
  const to = moves[key]
  return to === undefined ? undefined : Math.min(Math.max(0, to), length - 1)
}
