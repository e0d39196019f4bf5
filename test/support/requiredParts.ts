/**
 * Tests that need a real part (the lab's sshd and agents, Chromium, fence-agents) declare it here.
 * Where the part is missing, a developer's run skips them with the reason printed; under `CI=true`
 * nothing may skip: the suite gets one failing test that names what is missing, so a CI run without
 * its parts can never look green.
 */
import { describe, it } from 'vitest'

/** True when the run is CI's (`CI=true`), where a missing part fails instead of skipping. */
export function partsAreRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1'
}

/**
 * `describe(name, body)` when `missing` is undefined. Otherwise: under CI one failing test naming
 * what is missing; elsewhere a skipped suite and a warning with the reason.
 */
export function describeWithParts(
  missing: string | undefined,
  name: string,
  body: () => void,
): void {
  if (missing === undefined) {
    describe(name, body)
    return
  }
  if (partsAreRequired()) {
    describe(name, () => {
      it(`has what it needs (CI=true: nothing may skip)`, () => {
        throw new Error(`${name}: ${missing}`)
      })
    })
    return
  }
  console.warn(`skipped "${name}": ${missing}`)
  describe.skip(name, body)
}

/** `it(name, body)` when `missing` is undefined; otherwise as {@link describeWithParts}. */
export function itWithParts(
  missing: string | undefined,
  name: string,
  body: () => unknown,
  timeout?: number,
): void {
  if (missing === undefined) {
    it(name, body, timeout)
    return
  }
  if (partsAreRequired()) {
    it(`${name} (CI=true: nothing may skip)`, () => {
      throw new Error(`${name}: ${missing}`)
    })
    return
  }
  console.warn(`skipped "${name}": ${missing}`)
  it.skip(name, body)
}
