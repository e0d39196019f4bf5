// `npm run bench`: every speed goal of the project measured side by side in one run, one report
// with ratios and "met" / "NOT MET" (benchmarks, never timed unit tests). `--smoke` runs each
// section briefly, to prove it still runs (test/bench/benchSmoke.test.ts does, in CI); goals are
// not judged then. `--only=cli,fencing` runs some sections (planner, ui, cli, fencing).
// The UI section starts Chromium and the others a build: run it under the shared lock,
// `flock /tmp/fencepost-build.lock npm run bench`.
import { fileURLToPath } from 'node:url'
import type { BenchResult, BenchSection } from './report'
import { meetsGoal } from './report'

/** Each section, loaded only when it runs (the UI's brings Playwright, the lab's SSH). */
export const SECTIONS: Record<string, () => Promise<BenchSection>> = {
  planner: async () => (await import('./planner')).plannerBench,
  ui: async () => (await import('./ui')).uiBench,
  cli: async () => (await import('./cli')).cliBench,
  fencing: async () => (await import('./fencing')).fencingBench,
}

/** What one section gave: its results, or why it could not run. */
export interface SectionOutcome {
  name: string
  title: string
  results: BenchResult[]
  error?: string
}

/** Runs the sections one after another (never side by side: they would measure each other). */
export async function runSections(names: string[], smoke: boolean): Promise<SectionOutcome[]> {
  const outcomes: SectionOutcome[] = []
  for (const name of names) {
    const load = SECTIONS[name]
    if (!load) throw new Error(`no bench section "${name}" (${Object.keys(SECTIONS).join(', ')})`)
    let title = name
    try {
      const section = await load()
      title = section.title
      outcomes.push({ name, title, results: await section.run({ smoke }) })
    } catch (error) {
      outcomes.push({ name, title, results: [], error: (error as Error)?.message ?? String(error) })
    }
  }
  return outcomes
}

function shown(result: BenchResult): string {
  const digits = result.unit === '×' ? 2 : result.value < 10 ? 1 : 0
  return `${result.value.toFixed(digits)}${result.unit === '×' ? '×' : ` ${result.unit}`}`
}

/** The report: one block per section, each goal with "met" or "NOT MET". */
export function formatReport(outcomes: SectionOutcome[], smoke: boolean): string {
  const lines: string[] = []
  for (const outcome of outcomes) {
    lines.push(`${outcome.title}`)
    if (outcome.error) lines.push(`  could not run: ${outcome.error}`)
    const width = Math.max(0, ...outcome.results.map((r) => r.name.length))
    for (const result of outcome.results) {
      const met = meetsGoal(result)
      const goal =
        met === undefined || smoke
          ? ''
          : `  goal ≤ ${result.goal!.max}${result.unit === '×' ? '×' : ` ${result.unit}`} → ${met ? 'met' : 'NOT MET'}`
      const note = result.note ? `  (${result.note})` : ''
      lines.push(`  ${result.name.padEnd(width)}  ${shown(result).padStart(9)}${goal}${note}`)
    }
    lines.push('')
  }
  const failed = outcomes.filter((o) => o.error).length
  const goals = outcomes.flatMap((o) => o.results).filter((r) => meetsGoal(r) !== undefined)
  const met = goals.filter((r) => meetsGoal(r)).length
  const notRun = failed ? `; ${failed} of ${outcomes.length} sections could not run` : ''
  lines.push(
    smoke
      ? `smoke run: ${outcomes.length - failed} of ${outcomes.length} sections ran (goals not judged)`
      : `${met} of ${goals.length} goals met${notRun}`,
  )
  return lines.join('\n')
}

async function main(args: string[]): Promise<number> {
  const smoke = args.includes('--smoke')
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length)
  const names = only ? only.split(',') : Object.keys(SECTIONS)
  const outcomes = await runSections(names, smoke)
  console.log(formatReport(outcomes, smoke))
  const failed = outcomes.some((o) => o.error)
  const missed = !smoke && outcomes.some((o) => o.results.some((r) => meetsGoal(r) === false))
  return failed || missed ? 1 : 0
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
