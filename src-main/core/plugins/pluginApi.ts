/**
 * The plugin API (DESIGN.md §6): everything a plugin's code may see and everything it may offer.
 *
 * Most plugins are declarative: `plugin.json` alone says which agent runs and which parameters it
 * reads from stdin. A plugin whose manifest names a `main` module adds **code hooks**. That module
 * is plain ESM JavaScript, loaded by the main process without a build step, and default-exports an
 * {@link ActivateFunction}:
 *
 * ```js
 * // plugins/example/index.js — type it with JSDoc: @param {PluginContext} context
 * export default function activate(context) {
 *   context.log('ready')
 *   return { async execute(request) { return { code: 0, stdout: 'Status: ON\n', stderr: '' } } }
 * }
 * ```
 *
 * `plugins/sim/index.js` is the worked example.
 *
 * The manifest is validated before this module is imported; `activate` runs once, at load time, in
 * its own try/catch and under a time limit. A plugin gets a {@link PluginContext} and nothing else:
 * no app object, no document, no secret store. The caller time-limits every hook call; a hook that
 * throws fails that one call, never the app.
 */
import type { AgentOutput, RunnerErrorCode } from '../runners/agentRunner'

export type { AgentOutput }

/** What a plugin receives when it is activated. This is the whole of the app it can reach. */
export interface PluginContext {
  /** The plugin's id (its folder name). */
  readonly pluginId: string
  /** Writes one line to the app's log, prefixed with the plugin id. Never pass secrets to it. */
  log(message: string): void
  /**
   * A folder reserved for this plugin's own files (`<appData>/plugin-data/<id>`). It may not exist
   * yet: create it when you first need it.
   */
  readonly dataDir: string
}

/** The actions a hook is asked to perform; `restart` is always off-then-on by the orchestrator. */
export type HookAction = 'on' | 'off' | 'status'

/** One call of {@link PluginHooks.execute}. */
export interface ExecuteRequest {
  /** The fence type of the device (one plugin may contribute several types). */
  readonly typeId: string
  /** What to do. */
  readonly action: HookAction
  /**
   * The device's parameters, secrets already resolved, keyed by stdin name. Parameters the device
   * leaves unset are absent; the type's `fixed` values are the hook's own to apply.
   */
  readonly params: Readonly<Record<string, string | number | boolean>>
  /**
   * The id of the machine the call runs "on" (the proxy the orchestrator chose, or `engine`). An
   * in-process device uses it to decide what that machine could reach.
   */
  readonly proxyId: string
  /**
   * Aborted when the caller gives up (its timeout, or the user cancelling). Stop work and reject
   * with `signal.reason` when it fires.
   */
  readonly signal: AbortSignal
}

/** What a plugin's code offers. Every member is optional. */
export interface PluginHooks {
  /**
   * Runs the action in-process **instead of** running the type's agent on a proxy (the built-in
   * `sim` device). Answer like a fence agent would: for `status` exit 0 with `Status: ON` or exit
   * 2 with `Status: OFF`; for `on`/`off` exit 0; on failure exit 1 with a `Failed: …` message on
   * stderr. The caller enforces its own timeout through `request.signal`.
   *
   * To say that the *proxy* side failed rather than the device, reject with an `Error` whose
   * `code` is one of {@link PROXY_FAILURE_CODES} (e.g. `proxy-unreachable`); the loader turns it
   * into the runner's error of that code. Any other rejection counts as a device error.
   */
  execute?(request: ExecuteRequest): Promise<AgentOutput>
  /**
   * A command channel for tools that drive the plugin, such as the demo's fault panel driving the
   * `sim` world. Commands and their arguments are the plugin's own (document them next to it);
   * the result must be plain JSON. Throw to reject a command.
   */
  control?(command: string, args: Readonly<Record<string, unknown>>): unknown
}

/** The default export of a plugin's `main` module. */
export type ActivateFunction = (context: PluginContext) => PluginHooks | Promise<PluginHooks>

/** Codes an `execute` rejection may carry to report a proxy-side failure. */
export const PROXY_FAILURE_CODES = [
  'proxy-unreachable',
  'auth-failed',
  'host-key-mismatch',
  'agent-missing',
] as const satisfies readonly RunnerErrorCode[]

/** Names of the members {@link PluginHooks} may have; anything else a plugin returns is ignored. */
export const HOOK_NAMES = ['execute', 'control'] as const satisfies readonly (keyof PluginHooks)[]
