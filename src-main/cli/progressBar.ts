// The progress bar of a bulk run (DESIGN.md §8), on stderr and only when stderr is a terminal:
// never in `--json`, never when piped or redirected. One line, redrawn in place with `\r`; a line
// printed meanwhile first clears it, then the bar is drawn again below that line.
import type { Output } from './command'
import type { BulkProgress } from '../common/bulk'
import { progressBar } from '../common/bulk'

/** Where the bar draws: a terminal stream (process.stderr). */
export interface BarStream {
  isTTY?: boolean
  write(text: string): unknown
}

/** A bar on a terminal, or nothing. */
export interface ProgressLine {
  /** Draws `progress`. */
  show(progress: BulkProgress): void
  /** `output` with every line clearing the bar before it and redrawing it after. */
  around(output: Output): Output
  /** Clears the bar for good. */
  end(): void
}

const CLEAR = '\r\x1b[K'

/** The bar on `stream` when it is a terminal (and `json` is off); otherwise undefined. */
export function progressLine(
  json: boolean,
  stream: BarStream = process.stderr,
): ProgressLine | undefined {
  if (json || !stream.isTTY) return undefined
  let last: BulkProgress | undefined
  let drawn = false
  const draw = (): void => {
    if (!last) return
    stream.write(`${CLEAR}${progressBar(last, 20)}`)
    drawn = true
  }
  const clear = (): void => {
    if (drawn) stream.write(CLEAR)
    drawn = false
  }
  return {
    show(progress) {
      last = progress
      draw()
    },
    around(output) {
      return {
        out: (text) => {
          clear()
          output.out(text)
          draw()
        },
        err: (text) => {
          clear()
          output.err(text)
          draw()
        },
      }
    },
    end() {
      clear()
      last = undefined
    },
  }
}
