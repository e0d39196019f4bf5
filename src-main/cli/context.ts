// What the commands share: the core over the app's store, and reading `--topology FILE`.
import { readFileSync, statSync } from 'node:fs'
import type { TopologyDocument } from '../common/document'
import type { LockOwner } from '../common/hostLock'
import { topologySizeProblem } from '../common/importLimits'
import { formatIssue } from '../common/validation'
import type { ValidationIssue } from '../common/validation'
import { createNodeCore } from '../core/nodeCore'
import { defaultDataDir } from '../core/paths'
import { openSecretStore } from '../core/secrets/openSecretStore'
import type { FencepostCore } from '../core/fencepostCore'
import { UsageError } from './command'

let core: Promise<FencepostCore> | undefined

/**
 * The core over the app's own store (FENCEPOST_HOME or ~/.config/Fencepost), built once. Its host
 * locks live there too, also for `--topology FILE`: one action per host on this workstation.
 * `who` names this process in them (`serve` is browser mode).
 */
export function openCore(who: LockOwner = 'fencepost CLI'): Promise<FencepostCore> {
  core ??= (async () => {
    // The same secret store the desktop app uses (OS keyring, else the encrypted file). Said on
    // stderr only when secrets of this workstation are in a keyring this process cannot reach.
    const secretStore = await openSecretStore({
      dataDir: defaultDataDir(process.env),
      env: process.env,
    })
    if (secretStore.urgent && secretStore.warning) {
      process.stderr.write(`fencepost: ${secretStore.warning}\n`)
    }
    return createNodeCore({ env: process.env, lockOwner: who, secretStore })
  })()
  return core
}

/** Closes the core if a command opened it (SSH connections, timers). */
export async function closeCore(): Promise<void> {
  if (core) await (await core).close()
  core = undefined
}

/** Reads a JSON file; a missing or malformed file is bad input (exit 2). */
export function readJsonFile(file: string): unknown {
  let text: string
  try {
    // Judged by its size before it is read whole: the same rule and words as the app's import.
    const tooBig = topologySizeProblem(statSync(file).size)
    if (tooBig) throw new UsageError(`${file}: ${tooBig}`)
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if (error instanceof UsageError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(
      code === 'ENOENT'
        ? `${file}: no such file`
        : `${file}: cannot read (${code ?? String(error)})`,
    )
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`)
  }
}

/** Issues as a UsageError listing each one by path. */
export function invalidDocument(what: string, issues: readonly ValidationIssue[]): UsageError {
  const count = issues.length === 1 ? '1 error' : `${issues.length} errors`
  return new UsageError(`${what} is not valid (${count}):`, issues.map(formatIssue))
}

/** The document a command works on: `--topology FILE`, else the app's store. */
export async function documentFor(values: Record<string, unknown>): Promise<TopologyDocument> {
  const app = await openCore()
  const file = typeof values.topology === 'string' ? values.topology : undefined
  if (file) {
    const checked = app.validate(readJsonFile(file))
    if (!checked.ok) throw invalidDocument(file, checked.issues)
    return checked.document
  }
  const loaded = app.loadStored()
  if (!loaded.document) {
    throw new UsageError(
      `the store (${app.storeFile}) holds no topology yet: run \`fencepost import FILE\`, ` +
        '`fencepost demo`, or pass --topology FILE',
      loaded.problems,
    )
  }
  return loaded.document
}

/** Prints JSON for `--json`. */
export function printJson(out: (text: string) => void, value: unknown): void {
  out(JSON.stringify(value, null, 2))
}
