// Waiting in renderer tests that run the real core: its answers take real (if short) time, so a
// test waits for what it expects to see rather than for a fixed number of promise turns.
import { flushPromises } from '@vue/test-utils'
import { vi } from 'vitest'

/** Lets pending promises, then `ms` of real time, then pending promises again pass. */
export async function settle(ms = 0): Promise<void> {
  await flushPromises()
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
}

/** Retries `check` until it passes (or 10 s pass: the machine may be busy), then settles. */
export async function until<T>(check: () => T | Promise<T>, timeout = 10_000): Promise<T> {
  const value = await vi.waitFor(check, { timeout, interval: 20 })
  await settle()
  return value
}
