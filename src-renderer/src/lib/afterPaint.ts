// Work the screen does not wait for (validation, the lab-wide pass behind the tree's markers) runs
// after the browser has painted what an input changed, and a burst of inputs costs it once.

/** A job that runs once after the next paint, however many times it is asked for before then. */
export interface DeferredJob {
  /** Asks for a run after the next paint (a run already asked for is not asked for twice). */
  schedule(): void
  /** Forgets a run asked for and not yet started. */
  cancel(): void
  /** True while a run is asked for and not yet started. */
  readonly pending: boolean
}

/**
 * Calls `run` after the next frame is painted: a requestAnimationFrame callback runs before the
 * paint, so the timer it starts fires after it. Without frames (a hidden tab, tests), a timer.
 */
function afterNextPaint(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let frame: number | undefined
  // A hidden tab draws no frames: the timer alone, so the work is not held back until it shows.
  const frames =
    typeof requestAnimationFrame === 'function' &&
    (typeof document === 'undefined' || document.visibilityState !== 'hidden')
  if (frames)
    frame = requestAnimationFrame(() => {
      frame = undefined
      timer = setTimeout(run, 0)
    })
  else timer = setTimeout(run, 0)
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame)
    if (timer !== undefined) clearTimeout(timer)
  }
}

/**
 * A coalesced job: `run` runs once after the next paint, and, with `delayMs`, only once no run
 * was asked for during that quiet time (a burst of typing costs one run, as it ended).
 */
export function deferredJob(run: () => void, delayMs = 0): DeferredJob {
  let cancelRun: (() => void) | undefined
  let quiet: ReturnType<typeof setTimeout> | undefined
  const start = () => {
    quiet = undefined
    cancelRun = afterNextPaint(() => {
      cancelRun = undefined
      run()
    })
  }
  return {
    schedule() {
      if (delayMs > 0) {
        if (quiet !== undefined) clearTimeout(quiet)
        cancelRun?.()
        cancelRun = undefined
        quiet = setTimeout(start, delayMs)
      } else if (!cancelRun) start()
    },
    cancel() {
      if (quiet !== undefined) clearTimeout(quiet)
      quiet = undefined
      cancelRun?.()
      cancelRun = undefined
    },
    get pending() {
      return quiet !== undefined || cancelRun !== undefined
    },
  }
}
