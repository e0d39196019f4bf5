/**
 * Loads plugins (DESIGN.md §6): the built-in ones shipped in the app's `plugins/` folder, then the
 * user's in `<appData>/plugins`.
 *
 * Each folder is handled on its own, in its own try/catch: a bad plugin is skipped with a
 * {@link PluginDiagnostic} and the others load. Everything about a manifest is checked before any
 * of its code runs — valid JSON, the schema, id = folder name, a supported `apiVersion`, no type id
 * or plugin id that an earlier plugin already owns (built-ins come first, so they win), and a
 * `main` file that exists inside the plugin's folder. Only then is `main` imported and its
 * `activate` called, under a time limit.
 */
import { jsonSyntaxProblem } from '../../common/jsonErrors'
import { readFile, readdir, realpath, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  PLUGIN_API_VERSION,
  manifestSchema,
  type PluginDiagnostic,
  type PluginManifest,
} from '../../common/plugins'
import { checkManifest } from './checks'
import { RunnerError, type AgentOutput, type RunnerErrorCode } from '../runners/agentRunner'
import type { PluginContext, PluginHooks } from './pluginApi'
import { HOOK_NAMES, PROXY_FAILURE_CODES } from './pluginApi'
import {
  createPluginRegistry,
  type PluginRegistry,
  type PluginSource,
  type RegistryEntry,
} from './registry'

/** The plugin API versions this build can load. */
export const SUPPORTED_API_VERSIONS: readonly number[] = [PLUGIN_API_VERSION]

/** Where to look and what to hand plugins. */
export interface LoadPluginsOptions {
  /** The app's own `plugins/` folder. */
  builtinDir: string
  /** `<appData>/plugins`; a missing folder simply has no plugins. */
  userDir?: string
  /**
   * The app's data folder; each plugin's {@link PluginContext.dataDir} is
   * `<dataDir>/plugin-data/<id>`. Default: the parent of `userDir`, else a folder under the OS
   * temp dir (never the app's own, possibly read-only, folder).
   */
  dataDir?: string
  /** Receives plugins' log lines (`[plugin <id>] …`) and the loader's own notes. */
  log?: (line: string) => void
  /** Time limit for importing `main` and running `activate`; default 5 s. */
  activateTimeoutMs?: number
}

const DEFAULT_ACTIVATE_TIMEOUT_MS = 5_000
const MAIN_EXTENSIONS = ['.js', '.mjs']

/** A problem with one plugin: the message lines of its diagnostic. */
class PluginProblem extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '))
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function zodPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`
  }
  return out
}

/** The plugin folders of a directory, sorted by name; hidden folders and plain files are skipped. */
async function listFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const folders: string[] = []
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const full = join(dir, entry.name)
    const isDir =
      entry.isDirectory() ||
      (entry.isSymbolicLink() && (await stat(full).catch(() => null))?.isDirectory())
    if (isDir) folders.push(full)
  }
  return folders.sort()
}

async function readManifest(folder: string): Promise<PluginManifest> {
  let source: string
  try {
    source = await readFile(join(folder, 'plugin.json'), 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new PluginProblem([
      code === 'ENOENT' ? 'no plugin.json' : `plugin.json cannot be read: ${errorText(error)}`,
    ])
  }
  let json: unknown
  try {
    json = JSON.parse(source)
  } catch (error) {
    throw new PluginProblem([`plugin.json is not valid JSON: ${jsonSyntaxProblem(error)}`])
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) {
    throw new PluginProblem(
      parsed.error.issues.map((issue) => {
        const path = zodPath(issue.path)
        return path ? `${path}: ${issue.message}` : issue.message
      }),
    )
  }
  return parsed.data
}

/** The absolute path of `main`, after checking it stays inside the folder (symlinks included). */
async function resolveMain(folder: string, main: string): Promise<string> {
  const outside = (path: string, root: string): boolean => {
    const rel = relative(root, path)
    return rel === '' || rel.startsWith('..') || isAbsolute(rel)
  }
  if (isAbsolute(main) || outside(resolve(folder, main), folder)) {
    throw new PluginProblem([`main: "${main}" is outside the plugin's folder`])
  }
  if (!MAIN_EXTENSIONS.some((ext) => main.endsWith(ext))) {
    throw new PluginProblem([
      `main: "${main}" must be an ES module (${MAIN_EXTENSIONS.join(', ')})`,
    ])
  }
  let real: string
  try {
    real = await realpath(resolve(folder, main))
  } catch {
    throw new PluginProblem([`main: "${main}" does not exist`])
  }
  if (outside(real, await realpath(folder))) {
    throw new PluginProblem([`main: "${main}" leads outside the plugin's folder`])
  }
  if (!(await stat(real)).isFile()) throw new PluginProblem([`main: "${main}" is not a file`])
  return real
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PluginProblem([`${what} took longer than ${ms} ms`])), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

async function activate(
  manifest: PluginManifest,
  mainPath: string,
  context: PluginContext,
  timeoutMs: number,
): Promise<PluginHooks> {
  const run = async (): Promise<unknown> => {
    let module: { default?: unknown }
    try {
      module = (await import(pathToFileURL(mainPath).href)) as { default?: unknown }
    } catch (error) {
      throw new PluginProblem([`main could not be loaded: ${errorText(error)}`])
    }
    if (typeof module.default !== 'function') {
      throw new PluginProblem(['main must default-export an activate(context) function'])
    }
    try {
      return await (module.default as (context: PluginContext) => unknown)(context)
    } catch (error) {
      throw new PluginProblem([`activate failed: ${errorText(error)}`])
    }
  }
  const result = await withTimeout(run(), timeoutMs, `activating ${manifest.id}`)
  if (typeof result !== 'object' || result === null) {
    throw new PluginProblem(['activate must return an object of hooks'])
  }
  const given = result as Record<string, unknown>
  const problems = HOOK_NAMES.filter(
    (name) => given[name] !== undefined && typeof given[name] !== 'function',
  ).map((name) => `activate returned a ${name} that is not a function`)
  if (problems.length > 0) throw new PluginProblem(problems)
  return guardHooks(result as PluginHooks)
}

function isAgentOutput(value: unknown): value is AgentOutput {
  if (typeof value !== 'object' || value === null) return false
  const output = value as Record<string, unknown>
  return (
    typeof output.code === 'number' &&
    Number.isInteger(output.code) &&
    typeof output.stdout === 'string' &&
    typeof output.stderr === 'string'
  )
}

/**
 * The hooks as the core calls them: only the documented members, bound to the plugin's object;
 * `execute` answers are checked (a malformed one becomes exit 1), and a rejection carrying one of
 * {@link PROXY_FAILURE_CODES} becomes a {@link RunnerError} of that code.
 */
function guardHooks(given: PluginHooks): PluginHooks {
  const hooks: PluginHooks = {}
  const { execute, control } = given
  if (execute) {
    hooks.execute = async (request) => {
      let output: unknown
      try {
        output = await execute.call(given, request)
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code
        if ((PROXY_FAILURE_CODES as readonly unknown[]).includes(code)) {
          throw new RunnerError(code as RunnerErrorCode, errorText(error))
        }
        throw error
      }
      if (!isAgentOutput(output)) {
        return { code: 1, stdout: '', stderr: 'Failed: the plugin gave a malformed answer\n' }
      }
      return { code: output.code, stdout: output.stdout, stderr: output.stderr }
    }
  }
  if (control) hooks.control = (command, args) => control.call(given, command, args)
  return Object.freeze(hooks)
}

/** Loads every plugin of both folders and returns the registry. Never throws for a bad plugin. */
export async function loadPlugins(options: LoadPluginsOptions): Promise<PluginRegistry> {
  const entries: RegistryEntry[] = []
  const diagnostics: PluginDiagnostic[] = []
  const pluginIds = new Map<string, PluginSource>()
  const typeOwners = new Map<string, string>()
  let demoOwner: string | undefined
  const dataRoot = join(
    options.dataDir ??
      (options.userDir ? dirname(resolve(options.userDir)) : join(tmpdir(), 'fencepost')),
    'plugin-data',
  )
  const log = options.log ?? (() => undefined)
  const timeoutMs = options.activateTimeoutMs ?? DEFAULT_ACTIVATE_TIMEOUT_MS

  const sources: [PluginSource, string | undefined][] = [
    ['builtin', options.builtinDir],
    ['user', options.userDir],
  ]
  for (const [source, dir] of sources) {
    if (dir === undefined) continue
    let folders: string[]
    try {
      folders = await listFolders(resolve(dir))
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
      if (!(source === 'user' && missing)) {
        diagnostics.push({
          plugin: '',
          folder: resolve(dir),
          messages: [`the ${source} plugin folder cannot be read: ${errorText(error)}`],
        })
      }
      continue
    }

    for (const folder of folders) {
      const folderName = basename(folder)
      let pluginId = folderName
      try {
        const manifest = await readManifest(folder)
        pluginId = manifest.id
        const messages: string[] = []
        if (manifest.id !== folderName) {
          messages.push(`id: "${manifest.id}" must equal the folder name "${folderName}"`)
        }
        if (!SUPPORTED_API_VERSIONS.includes(manifest.apiVersion)) {
          messages.push(
            `apiVersion: ${manifest.apiVersion} is not supported (this build supports ${SUPPORTED_API_VERSIONS.join(', ')})`,
          )
        }
        const owner = pluginIds.get(manifest.id)
        if (owner) messages.push(`id: a ${owner} plugin "${manifest.id}" is already loaded`)
        messages.push(...checkManifest(manifest))
        manifest.contributes.fenceTypes.forEach((type, i) => {
          const typeOwner = typeOwners.get(type.id)
          if (typeOwner) {
            messages.push(
              `contributes.fenceTypes[${i}].id: type "${type.id}" is already contributed by plugin "${typeOwner}"`,
            )
          }
        })
        if (manifest.contributes.demo && demoOwner) {
          messages.push(
            `contributes.demo: the demo lab's simulated world is already contributed by plugin "${demoOwner}"`,
          )
        }
        if (messages.length > 0) throw new PluginProblem(messages)

        const mainPath = manifest.main ? await resolveMain(folder, manifest.main) : undefined
        let hooks: PluginHooks | undefined
        if (mainPath) {
          const id = manifest.id
          const context: PluginContext = Object.freeze({
            pluginId: id,
            log: (message: string) => log(`[plugin ${id}] ${String(message)}`),
            dataDir: join(dataRoot, id),
          })
          hooks = await activate(manifest, mainPath, context, timeoutMs)
        }
        if (manifest.contributes.demo && !hooks?.control) {
          throw new PluginProblem([
            'contributes.demo: activate returned no control hook to drive the simulated world',
          ])
        }

        entries.push({ manifest, source, folder, ...(hooks ? { hooks } : {}) })
        if (source === 'user') log(`[plugins] loaded user plugin ${manifest.id} from ${folder}`)
        pluginIds.set(manifest.id, source)
        for (const type of manifest.contributes.fenceTypes) typeOwners.set(type.id, manifest.id)
        if (manifest.contributes.demo) demoOwner = manifest.id
      } catch (error) {
        const messages = error instanceof PluginProblem ? error.messages : [errorText(error)]
        diagnostics.push({ plugin: pluginId, folder, messages })
        log(`[plugins] skipped ${pluginId} (${folder}): ${messages.join('; ')}`)
      }
    }
  }
  return createPluginRegistry(entries, diagnostics)
}
