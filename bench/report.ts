// One shape for every benchmark section, so `npm run bench` prints one report with ratios.

/** One measured figure, with the goal it is held to when there is one. */
export interface BenchResult {
  /** What was measured, in words: `validate, whole process`. */
  name: string
  value: number
  unit: 'ms' | 'MB' | '×'
  /** The goal: the value must stay at or below `max` (for a ratio, the allowed ratio). */
  goal?: { max: number }
  /** What the value is compared with, for ratios: `node -e 0: 45 ms`. */
  note?: string
}

/** A section of the benchmark: measures once; in smoke mode briefly, just to prove it runs. */
export interface BenchSection {
  title: string
  run(options: { smoke: boolean }): Promise<BenchResult[]>
}

/** Whether a result meets its goal (`undefined` when it has none). */
export function meetsGoal(result: BenchResult): boolean | undefined {
  return result.goal === undefined ? undefined : result.value <= result.goal.max
}

/** The median of some samples (they are sorted in place). */
export function median(samples: number[]): number {
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN
}
