// Ctrl+C while a command runs something: the first cancels (the command then prints what was
// done), the second quits at once — the handler is installed `once`, so the second SIGINT meets
// Node's default. A host lock left by quitting is recovered later (its process is gone).
import type { Output } from './command'

/** Calls `cancel` on the first Ctrl+C; returns the function that removes the handler. */
export function cancelOnInterrupt(output: Output, cancel: () => void): () => void {
  const interrupt = (): void => {
    output.err('cancelling — press Ctrl+C again to quit at once')
    cancel()
  }
  process.once('SIGINT', interrupt)
  return () => process.removeListener('SIGINT', interrupt)
}
