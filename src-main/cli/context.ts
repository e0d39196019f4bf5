// What the commands share: the core over the app's store, and reading `--topology FILE`.
import { readFileSync, statSync } from 'node:fs'
import type { TopologyDocument } from '../common/document'
import type { LockOwner } from '../common/hostLock'
import { topologySizeProblem } from '../common/importLimits'
import { jsonSyntaxProblem } from '../common/jsonErrors'
import { formatIssue } from '../common/validation'
import type { ValidationIssue } from '../common/validation'
import type { FencepostCore } from '../core/fencepostCore'
import { PROJECT_ROOT, defaultDataDir } from '../core/paths'
import type { ValidationResult } from '../core/validation/validateDocument'
import { UsageError } from './command'

let core: Promise<FencepostCore> | undefined

/**
 * The core over the app's own store (FENCEPOST_HOME or ~/.config/Fencepost), built once. Its host
 * locks live there too, also for `--topology FILE`: one action per host on this workstation.
 * `who` names this process in them (`serve` is browser mode).
 */
export function openCore(who: LockOwner = 'fencepost CLI'): Promise<FencepostCore> {
  core ??= (async () => {
    // Loaded here, not at the top: the core brings SSH, the keyring and the store, which a
    // command such as `validate FILE` never needs (the compiled CLI loads them only now).
    const [{ createNodeCore }, { openSecretStore }] = await Promise.all([
      import('../core/nodeCore'),
      import('../core/secrets/openSecretStore'),
    ])
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

/**
 * Validation as the core does it — the same plugins (the app's and the user's) and the same
 * rules — without opening the core: checking a file needs no store, secrets or SSH.
 */
export async function openValidator(): Promise<(input: unknown) => ValidationResult> {
  const [{ loadAppPlugins, validateOptionsOf }, { validateDocument }] = await Promise.all([
    import('../core/validation/appPlugins'),
    import('../core/validation/validateDocument'),
  ])
  const registry = await loadAppPlugins({
    projectRoot: PROJECT_ROOT,
    dataDir: defaultDataDir(process.env),
  })
  const options = validateOptionsOf(registry)
  return (input) => validateDocument(input, options)
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
    throw new UsageError(`${file}: not valid JSON (${jsonSyntaxProblem(error)})`)
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
