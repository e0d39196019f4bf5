// One device's candidate proxies in plan order, with the hedged fallback of DESIGN.md §5: a proxy
// that accepts TCP but never completes the SSH handshake must not cost the whole handshake timeout.
// After a head start without a handshake, the next candidate's connection is opened in parallel;
// the agent runs once, on the first candidate in plan order that is ready. Otherwise the walk is
// the plain one of §4: a candidate whose connection or attempt fails moves on to the next, and the
// device fails only when every candidate failed.

/** What the walk needs from the orchestrator; `C` is a candidate (a proxy machine). */
export interface CandidateWalk<C, R> {
  /** In plan order. */
  candidates: readonly C[]
  /** Head start of a connection before the next candidate's is opened beside it, ms. */
  hedgeAfterMs: number
  /** The run's signal: cancel. */
  signal: AbortSignal
  now(): number
  /**
   * Makes the candidate's connection ready (resolves at once where there is none to make). A
   * rejection is the candidate's failure. An abort of `signal` means it is no longer needed.
   */
  connect(candidate: C, signal: AbortSignal): Promise<void>
  /**
   * Runs the agent on a ready candidate. A result ends the walk; undefined moves on. `announced`:
   * the candidate's row was opened by {@link opened} and is still open.
   */
  attempt(candidate: C, announced: boolean): Promise<R | undefined>
  /** A connection was opened with nothing else pending: the candidate's row starts now. */
  opened(candidate: C): void
  /** A connection failed before the agent could run. */
  connectFailed(candidate: C, error: unknown, ms: number, startedAt: number): void
  /** `slow` had no handshake after `afterMs`: `next` is being connected in parallel. */
  hedged(slow: C, next: C, afterMs: number): void
  /** `candidate`, earlier in plan order, was still without a handshake when `chosen` was ready. */
  passedOver(candidate: C, chosen: C, ms: number, startedAt: number): void
  /** The run was cancelled while the announced `candidate` was still connecting. */
  cancelled(candidate: C, ms: number, startedAt: number): void
}

type SlotState = 'idle' | 'connecting' | 'ready' | 'failed' | 'tried' | 'dropped'

interface Slot<C> {
  candidate: C
  index: number
  state: SlotState
  openedAt: number
  /** Its row is open in the timeline (an `attempt-started` without its `attempt` yet). */
  rowOpen: boolean
  /** Already reported as passed over; a later failure of its connection adds nothing. */
  passedOver: boolean
  controller: AbortController | undefined
}

/**
 * Walks the candidates; resolves with the first result of {@link CandidateWalk.attempt}, or
 * undefined when every candidate failed or the run was cancelled. Connections still pending at
 * the end are aborted (the runner closes them); ready ones stay pooled.
 */
export async function walkCandidates<C, R>(walk: CandidateWalk<C, R>): Promise<R | undefined> {
  const slots: Slot<C>[] = walk.candidates.map((candidate, index) => ({
    candidate,
    index,
    state: 'idle',
    openedAt: 0,
    rowOpen: false,
    passedOver: false,
    controller: undefined,
  }))
  // A head start that is not a number (a settings file from elsewhere) means: never hedge.
  const hedgeAfterMs =
    Number.isFinite(walk.hedgeAfterMs) && walk.hedgeAfterMs >= 0 ? walk.hedgeAfterMs : Infinity
  let wake = (): void => undefined
  const changed = (): void => wake()
  walk.signal.addEventListener('abort', changed)

  function open(slot: Slot<C>, announce: boolean): void {
    slot.state = 'connecting'
    slot.openedAt = walk.now()
    slot.controller = new AbortController()
    if (announce) {
      slot.rowOpen = true
      walk.opened(slot.candidate)
    }
    const signal = slot.controller.signal
    Promise.resolve()
      .then(() => walk.connect(slot.candidate, signal))
      .then(
        () => {
          if (slot.state === 'connecting') slot.state = 'ready'
          changed()
        },
        (error: unknown) => {
          if (slot.state !== 'connecting') return
          slot.state = 'failed'
          if (!slot.passedOver && !walk.signal.aborted) {
            const ms = walk.now() - slot.openedAt
            slot.rowOpen = false
            walk.connectFailed(slot.candidate, error, ms, slot.openedAt)
          }
          changed()
        },
      )
  }

  /** Stops the connections still pending; `cancelled` closes their open rows as such. */
  function drop(cancelled: boolean): void {
    for (const slot of slots) {
      if (slot.state !== 'connecting') continue
      slot.state = 'dropped'
      if (cancelled && slot.rowOpen) {
        slot.rowOpen = false
        walk.cancelled(slot.candidate, walk.now() - slot.openedAt, slot.openedAt)
      }
      slot.controller?.abort()
    }
  }

  try {
    for (;;) {
      if (walk.signal.aborted) {
        drop(true)
        return undefined
      }
      const ready = slots.find((s) => s.state === 'ready')
      if (ready) {
        for (const slot of slots) {
          if (slot.index > ready.index || slot.state !== 'connecting' || slot.passedOver) continue
          slot.passedOver = true
          slot.rowOpen = false
          const ms = walk.now() - slot.openedAt
          walk.passedOver(slot.candidate, ready.candidate, ms, slot.openedAt)
        }
        ready.state = 'tried'
        const announced = ready.rowOpen
        ready.rowOpen = false
        const result = await walk.attempt(ready.candidate, announced)
        if (result !== undefined) {
          drop(false)
          return result
        }
        continue
      }
      const pending = slots.filter((s) => s.state === 'connecting')
      const next = slots.find((s) => s.state === 'idle')
      if (!next && pending.length === 0) return undefined
      // Slots open in plan order, so the last pending one is the newest.
      const newest = pending.at(-1)
      const headStartLeft = newest ? newest.openedAt + hedgeAfterMs - walk.now() : 0
      if (next && headStartLeft <= 0) {
        if (newest) walk.hedged(newest.candidate, next.candidate, walk.now() - newest.openedAt)
        open(next, pending.length === 0)
        continue
      }
      let timer: NodeJS.Timeout | undefined
      await new Promise<void>((resolve) => {
        wake = resolve
        if (next && Number.isFinite(headStartLeft)) timer = setTimeout(resolve, headStartLeft)
      })
      clearTimeout(timer)
      wake = () => undefined
    }
  } finally {
    walk.signal.removeEventListener('abort', changed)
  }
}
