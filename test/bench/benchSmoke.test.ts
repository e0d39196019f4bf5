// `npm run bench -- --smoke` in CI: every benchmark section still runs and gives numbers. It
// asserts no time: speed goals are judged by `npm run bench` on a quiet machine, never here.
import { describe, expect, it } from 'vitest'
import { SECTIONS, runSections } from '../../bench/run'
import { browserUnavailable } from '../e2e/support/browserMode'
import { labUnavailable } from '../lab/lab'
import { itWithParts } from '../support/requiredParts'

/** Each section and the real part it needs (the planner needs none). */
const PARTS: Record<string, () => string | undefined> = {
  planner: () => undefined,
  ui: browserUnavailable,
  cli: labUnavailable,
  fencing: labUnavailable,
}

describe('npm run bench --smoke', () => {
  it('covers every section', () => {
    expect(Object.keys(PARTS).sort()).toEqual(Object.keys(SECTIONS).sort())
  })

  for (const [name, missing] of Object.entries(PARTS)) {
    itWithParts(missing(), `the ${name} section runs and gives numbers`, async () => {
      const [outcome] = await runSections([name], true)
      expect(outcome?.error).toBeUndefined()
      expect(outcome?.results.length).toBeGreaterThan(0)
      for (const result of outcome!.results) {
        expect(Number.isFinite(result.value), result.name).toBe(true)
        expect(result.value, result.name).toBeGreaterThan(0)
      }
    })
  }
})
