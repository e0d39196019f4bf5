// Running the `fencepost` CLI in-process for a test: a fresh FENCEPOST_HOME per test, and runCli
// with its output captured line by line. A test double: it carries no rules of its own.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { closeCore } from '../../../src-main/cli/context'
import { runCli } from '../../../src-main/cli/runCli'

/** The repository root and its two sample labs. */
export const ROOT = join(__dirname, '../../..')
export const SAMPLE = join(ROOT, 'resources/sample-lab.json')
export const DEMO = join(ROOT, 'resources/demo-lab.json')

/** What one CLI run gave: its exit code and what it printed, each piece ending in a newline. */
export interface CliResult {
  code: number
  out: string
  err: string
}

/** Runs `fencepost ARGS…` in this process (against FENCEPOST_HOME) and captures its output. */
export async function cli(...args: string[]): Promise<CliResult> {
  let out = ''
  let err = ''
  const code = await runCli(args, {
    out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`),
  })
  return { code, out, err }
}

/**
 * Gives every test of the calling file a fresh temp folder as FENCEPOST_HOME, and closes the CLI's
 * core and removes the folder after it. Returns a getter for the current test's folder.
 */
export function useTempHome(prefix: string): () => string {
  let home = ''
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), prefix))
    process.env.FENCEPOST_HOME = home
  })
  afterEach(async () => {
    await closeCore()
    delete process.env.FENCEPOST_HOME
    rmSync(home, { recursive: true, force: true })
  })
  return () => home
}
