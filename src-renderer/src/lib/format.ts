// Small formatting helpers shared by the views.
import type { PreferenceSource } from '../../../src-main/common/plan'

/** `12:03:04` in local time. */
export function clockTime(at: Date | string | number): string {
  const date = at instanceof Date ? at : new Date(at)
  if (Number.isNaN(date.getTime())) return ''
  return date.toLocaleTimeString(undefined, { hour12: false })
}

/** `25 Nov 12:03` in local time. */
export function shortDateTime(at: Date | string | number): string {
  const date = at instanceof Date ? at : new Date(at)
  if (Number.isNaN(date.getTime())) return String(at)
  return `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${clockTime(date)}`
}

/** `87 ms`, `2.4 s`. */
export function duration(ms: number | undefined): string {
  if (ms === undefined) return ''
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
}

/** Words for where a plan's preference list came from. */
export function preferenceSourceWords(from: PreferenceSource, fromName?: string): string {
  switch (from) {
    case 'device':
      return "the device's own list"
    case 'host':
      return "from the host's list"
    case 'cluster':
      return `from ${fromName ?? 'the cluster'}`
    case 'dataCenter':
      return `from ${fromName ?? 'the data center'}`
    case 'defaults':
      return 'from the defaults'
    case 'builtin':
      return 'built-in'
  }
}

/** Words for a preference entry kind, for chip tooltips. */
export function entryWords(entry: string): string {
  switch (entry) {
    case 'engine':
      return 'the engine'
    case 'cluster':
      return "hosts and proxies in the host's cluster"
    case 'dc':
      return "hosts and proxies in the host's data center"
    case 'other-dc':
      return 'hosts and proxies in any other data center'
    default:
      return `the machine named ${entry}`
  }
}

/** Words for an action, present tense for buttons. */
export const ACTION_LABELS = {
  status: 'Status',
  on: 'Power on',
  off: 'Power off',
  restart: 'Restart',
  test: 'Readiness test',
} as const

/** Words for an action in progress. */
export const ACTION_PROGRESS = {
  status: 'Checking status of',
  on: 'Powering on',
  off: 'Powering off',
  restart: 'Restarting',
  test: 'Testing',
} as const

/** Pluralises simply: `1 device`, `2 devices`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`
}

// One formatter: `toLocaleString` builds a new one at every call, which costs in a render loop.
const COUNT = new Intl.NumberFormat('en-US')

/** A count with thousands separators: `1,500`. */
export function formatCount(count: number): string {
  return COUNT.format(count)
}

/** `a, b and c` (the words common/runWords.ts joins with). */
export { joinWords as listWords } from '../../../src-main/common/runWords'
