// Admission for many jobs at once (DESIGN.md §8 "Many hosts at once"): each job says how many
// agent calls it opens on each proxy; a job starts only while every proxy it uses stays within
// `perProxy` and all running jobs within `overall`. A job that alone needs more than a limit starts
// when nothing else holds what it needs (the SSH pool then queues its surplus channels), so no job
// waits forever. Jobs that do not fit are passed over for later ones that do: one busy proxy does
// not hold up hosts served by others.

/** One job: its agent calls per proxy id, and what it does. */
export interface ScheduledJob<T> {
  /** Agent calls this job may have open at once, per proxy id. */
  demand: ReadonlyMap<string, number>
  /** Runs the job; `signal` aborts when the whole run is cancelled. */
  run(signal: AbortSignal): Promise<T>
}

/** Limits and cancel of {@link runScheduled}. */
export interface ScheduleOptions {
  /** Agent calls at once on one proxy. */
  perProxy: number
  /** Agent calls at once in all (a job with no proxy counts as one). */
  overall: number
  /** Stops launching jobs; running ones see their own signal abort. */
  signal?: AbortSignal
}

/** How a job ended: its value, its error, or never started (cancelled first). */
export type JobEnd<T> =
  | { index: number; started: true; value: T }
  | { index: number; started: true; error: unknown }
  | { index: number; started: false }

function weightOf(demand: ReadonlyMap<string, number>): number {
  let sum = 0
  for (const n of demand.values()) sum += n
  return Math.max(1, sum)
}

/**
 * Runs `jobs` within the limits; `ended` is called as each job ends, in order of completion
 * (after a cancel, once for every job never started). Resolves when every job has ended.
 */
export function runScheduled<T>(
  jobs: readonly ScheduledJob<T>[],
  options: ScheduleOptions,
  ended: (end: JobEnd<T>) => void,
): Promise<void> {
  const perProxy = Math.max(1, options.perProxy)
  const overall = Math.max(1, options.overall)
  const waiting = jobs.map((_, index) => index)
  const used = new Map<string, number>()
  let total = 0
  let running = 0
  const controller = new AbortController()

  return new Promise<void>((resolve) => {
    const onAbort = (): void => {
      controller.abort()
      for (const index of waiting.splice(0)) ended({ index, started: false })
      if (running === 0) finish()
    }
    function finish(): void {
      options.signal?.removeEventListener('abort', onAbort)
      resolve()
    }

    function fits(job: ScheduledJob<T>): boolean {
      if (running === 0) return true
      if (total + weightOf(job.demand) > overall) return false
      for (const [proxy, n] of job.demand) {
        const now = used.get(proxy) ?? 0
        if (now > 0 && now + n > perProxy) return false
      }
      return true
    }

    function take(job: ScheduledJob<T>, sign: 1 | -1): void {
      total += sign * weightOf(job.demand)
      running += sign
      for (const [proxy, n] of job.demand) {
        const next = (used.get(proxy) ?? 0) + sign * n
        if (next > 0) used.set(proxy, next)
        else used.delete(proxy)
      }
    }

    function launch(): void {
      if (controller.signal.aborted) return
      for (let i = 0; i < waiting.length;) {
        const index = waiting[i]!
        const job = jobs[index]!
        if (!fits(job)) {
          i++
          continue
        }
        waiting.splice(i, 1)
        take(job, 1)
        void job.run(controller.signal).then(
          (value) => done(job, { index, started: true, value }),
          (error: unknown) => done(job, { index, started: true, error }),
        )
      }
    }

    function done(job: ScheduledJob<T>, end: JobEnd<T>): void {
      take(job, -1)
      ended(end)
      launch()
      if (running === 0 && waiting.length === 0) finish()
    }

    if (options.signal?.aborted) {
      onAbort()
      return
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    if (jobs.length === 0) finish()
    else launch()
  })
}
