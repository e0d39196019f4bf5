/**
 * The API between the UI and the core, one interface per domain. Electron exposes it through the
 * preload (IPC channel `"<domain>:<method>"`), browser mode over HTTP + WebSocket. The method lists
 * below drive both the preload and the handler registration, so a method cannot exist on one side
 * only.
 */
import type { TopologyDocument } from './document'
import type { ActionResult, Attempt, PowerAction } from './fencing'
import type { BulkEvent, BulkResult, BulkTestRequest } from './bulk'
import type { ForeignFile, ForeignFormat } from './foreignFormats'
import type { KnownPower } from './knownPower'
import type { ReachabilityResult } from './plan'
import type { PlannerInputs } from './planner/plannerInputs'
import type { DemoContribution, FenceType, PluginDiagnostic } from './plugins'
import type { ValidationIssue } from './validation'

/** What loading the store found. */
export interface LoadedTopology {
  document: TopologyDocument
  /** `demo` when the store was empty and the built-in demo lab was opened. */
  origin: 'store' | 'demo'
  /** Problems met while loading (a corrupt file moved aside, …). */
  problems: string[]
  /** Where the store file lives. */
  file: string
  /**
   * The store's revision (DESIGN.md §5a): 0 while the store is empty, one more on every save by
   * any process. A save names the revision it was based on.
   */
  revision: number
}

/**
 * The answer to a save, validate or import: the document as stored, or every error. After a save
 * or import `revision` is the store's new revision; `validate` leaves it out. `warnings` (issues
 * with `severity: 'warning'`) do not stop a save: a preference entry that matches no machine.
 */
export type SaveResult =
  | { ok: true; document: TopologyDocument; revision?: number; warnings?: ValidationIssue[] }
  | { ok: false; issues: ValidationIssue[]; warnings?: ValidationIssue[] }

/** The store was saved (by this or another process): its revision now. */
export interface TopologyChanged {
  revision: number
}

/** The value of {@link ExportTextOptions.confirm}: says a person chose to export plain secrets. */
export const EXPORT_SECRETS_CONFIRMATION = 'plain-secrets-in-file'

/** How {@link TopologyApi.exportText} exports; left out, secrets stay out. */
export interface ExportTextOptions {
  /** Write the secrets as plain values. */
  includeSecrets: boolean
  /** Must be {@link EXPORT_SECRETS_CONFIRMATION} when `includeSecrets` is true. */
  confirm?: string
}

/** What {@link TopologyApi.translateForeign} translates. */
export interface TranslateForeignRequest {
  /** Found from the files when left out: a `<cib>` is Pacemaker, oVirt API JSON is oVirt. */
  format?: ForeignFormat | null
  /** One CIB, or oVirt's hosts answer with its clusters and data centers answers if at hand. */
  files: ForeignFile[]
}

/** Another system's lab as a document, not validated or saved yet. */
export interface TranslatedForeign {
  document: TopologyDocument
  /** What could not be carried over, one line each. */
  notes: string[]
  format: ForeignFormat
}

/** One backup of the store (DESIGN.md §5a): the file a save replaced, newest first. */
export interface BackupInfo {
  /** The backup's name, what {@link TopologyApi.restoreBackup} takes. */
  id: string
  /** When it was replaced (ISO time). */
  at: string
  /** The store revision it holds. */
  revision: number
  /** How big it is, in words: `9 hosts, 14 devices` (or why it cannot be read). */
  size: string
  /** What restoring it would change in the stored lab (`describeChanges`); never a secret. */
  changes: string[]
  /** False when it cannot be read or holds no valid document: it cannot be restored. */
  restorable: boolean
}

/** Editing and storing the topology document. */
export interface TopologyApi {
  /** Loads the document from the store (the demo lab on first start). */
  load(): Promise<LoadedTopology>
  /**
   * Validates and saves; plain secrets are moved into the secret store. `baseRevision` is the
   * revision the document was loaded or last saved at: when the store moved on since, the save is
   * refused with ApiError `changed-elsewhere` (`details.revision` is the store's revision).
   * Left out, the save overwrites whatever is stored.
   */
  save(document: unknown, baseRevision?: number): Promise<SaveResult>
  /** Validates without saving. */
  validate(document: unknown): Promise<SaveResult>
  /**
   * Exports the stored document as JSON text, secrets left out: once saved, a secret never goes
   * back to the UI. Only a person's explicit choice, behind a warning, brings them out: `options`
   * with `includeSecrets: true` and `confirm` equal to {@link EXPORT_SECRETS_CONFIRMATION}` writes
   * them as plain values (browser mode's download; the desktop app's File > Export writes the file
   * in the main process instead, so there they never reach the page).
   */
  exportText(options?: ExportTextOptions | null): Promise<string>
  /**
   * Imports JSON text into the store; refused like `save` when `baseRevision` is stale. A text
   * over the size limit (`common/importLimits`) is refused as an issue saying so.
   */
  importText(json: string, baseRevision?: number): Promise<SaveResult>
  /**
   * Translates another system's files (oVirt REST API JSON, a Pacemaker CIB) into a document,
   * which the caller then imports like any. Types no loaded plugin has are left out with a note
   * naming the command that adds them (the app's plugins are fixed while it runs). Bad input is
   * ApiError `bad-arguments` naming the file.
   */
  translateForeign(request: TranslateForeignRequest): Promise<TranslatedForeign>
  /** The store's last 10 backups, newest first, with what restoring each would change. */
  backups(): Promise<BackupInfo[]>
  /**
   * Saves backup `id` as a new revision (so it is backed up and undoable in turn); refused like
   * `save` when `baseRevision` is stale, with ApiError `not-found` for an unknown backup.
   */
  restoreBackup(id: string, baseRevision?: number): Promise<SaveResult>
  /**
   * Subscribes to saves of the store by any process (the app, browser mode, the CLI; this window's
   * own saves included — compare the revision); returns the unsubscribe function.
   */
  onChanged(listener: (event: TopologyChanged) => void): () => void
}

/**
 * What the UI plans with. The UI plans in-process with the common planner (common/planner/), from
 * the document being edited and these inputs; the core plans itself only for actions.
 */
export interface PlanApi {
  /**
   * The planner's inputs other than the document, for the stored lab — the demo lab's with `lab`
   * `demo` (as `ActionRequest.lab`): test results, known power, each device type's agent and the
   * agents tests found missing. Ask again after a test, an action or a demo fault or reset.
   */
  inputs(lab?: 'demo'): Promise<PlannerInputs>
}

/** Options of a power action. */
export interface ActionRequest {
  host: string
  action: PowerAction
  dryRun: boolean
  /**
   * `demo`: run on the built-in demo lab (opened with `demo.open`, not saved) instead of the
   * stored document. Left out, actions run on the stored document.
   */
  lab?: 'demo'
}

/** A live event of a running action or test, for progress views. */
export type FencingEvent =
  | { kind: 'started'; runId: string; host: string; action: PowerAction | 'test'; dryRun: boolean }
  | { kind: 'attempt-started'; runId: string; device: string; proxy: string; action: string }
  | { kind: 'attempt'; runId: string; attempt: Attempt }
  | { kind: 'message'; runId: string; text: string }
  | HedgedEvent
  | { kind: 'finished'; runId: string; result: ActionResult }
  | BulkEvent

/**
 * A device's candidate `slowProxy` had no SSH handshake after `afterMs` (its head start, the
 * `fencing.hedgeAfterMs` setting), so the connection to `nextProxy` was opened in parallel
 * (DESIGN.md §5). The agent still runs once, on the first candidate in plan order that is ready.
 */
export interface HedgedEvent {
  kind: 'hedged'
  runId: string
  device: string
  action: 'status' | 'on' | 'off'
  slowProxy: string
  nextProxy: string
  afterMs: number
}

/**
 * One line of the history log. `host` is the host's name at the time of the action, `hostId` its
 * id (absent in lines written before it was recorded); history is looked up by either.
 */
export interface HistoryEntry extends ActionResult {
  hostId?: string
  at: string
  runId: string
  dryRun: boolean
}

/** Running power actions and readiness tests. */
export interface FencingApi {
  /** Runs an action on the stored document; resolves when it has finished. */
  run(request: ActionRequest): Promise<ActionResult>
  /** Cancels the running action of a host, if any. */
  cancel(host: string): Promise<void>
  /**
   * Runs status of every device through every candidate proxy and stores the results. `lab`
   * `demo`: on the demo lab opened with `demo.open`, as `ActionRequest.lab`.
   */
  test(host: string, lab?: 'demo'): Promise<ReachabilityResult[]>
  /**
   * Tests many hosts at once (DESIGN.md §8), bounded per proxy and in total, and stores the
   * results as `test` does — or, with `request.action` `status`, runs a status of each host (its
   * power in each entry; power-changing actions are never run in bulk); {@link BulkEvent}s (named by `request.bulkId`) carry the progress and
   * each host's entry as it ends. Resolves with every host's entry.
   */
  testMany(request: BulkTestRequest): Promise<BulkResult>
  /** Cancels the bulk run `bulkId`: no new host starts, the running ones are cancelled. */
  cancelMany(bulkId: string): Promise<void>
  /** The stored reachability results of a host, of the real lab or of the demo lab (`demo`). */
  reachability(host: string, lab?: 'demo'): Promise<ReachabilityResult[]>
  /**
   * The hosts' known power (DESIGN.md §4): what an action or a status last confirmed, one record
   * per host; a host known off is no proxy. `lab` `demo`: the demo lab's, kept apart.
   */
  knownPower(lab?: 'demo'): Promise<KnownPower[]>
  /** The history of a host (all without one), newest first; of the demo lab with `demo`. */
  history(host?: string | null, lab?: 'demo'): Promise<HistoryEntry[]>
  /** Subscribes to live events; returns the unsubscribe function. */
  onEvent(listener: (event: FencingEvent) => void): () => void
}

/** A plugin as the plugins view shows it. */
export interface PluginInfo {
  id: string
  name: string
  version: string
  source: 'builtin' | 'user'
  fenceTypes: FenceType[]
  /** The demo lab's simulated world, when this plugin contributes it (`contributes.demo`). */
  demo?: DemoContribution
}

/** Device types and plugin diagnostics. */
export interface PluginsApi {
  list(): Promise<PluginInfo[]>
  diagnostics(): Promise<PluginDiagnostic[]>
}

/** Simulated faults of the demo lab. */
export interface DemoFaults {
  /** Proxies (machine ids) that are down. */
  proxiesDown: string[]
  /** `bmc|proxyId` pairs: that BMC cannot be reached from that proxy. */
  cutOff: string[]
  /** BMC ids that answer with an error. */
  failing: string[]
  /** BMC ids that answer slowly. */
  slow: string[]
  /** Proxies that refuse the login, as with a wrong password (`auth-failed`); none if left out. */
  authFailing?: string[]
  /** Proxies whose SSH host key changed (`host-key-mismatch`); none if left out. */
  hostKeyChanged?: string[]
  /** Proxies without the fence agent (`agent-missing`); none if left out. */
  agentMissing?: string[]
  /**
   * BMC ids whose devices' password cannot be resolved (`secret-missing`: nothing is run);
   * none if left out.
   */
  secretMissing?: string[]
}

/** The demo lab with nothing broken: every fault list, empty. */
export const NO_DEMO_FAULTS: Readonly<Required<DemoFaults>> = {
  proxiesDown: [],
  cutOff: [],
  failing: [],
  slow: [],
  authFailing: [],
  hostKeyChanged: [],
  agentMissing: [],
  secretMissing: [],
}

/** The built-in demo lab. */
export interface DemoApi {
  faults(): Promise<DemoFaults>
  setFaults(faults: DemoFaults): Promise<DemoFaults>
  /** Replaces the stored document with the demo lab. */
  reset(): Promise<LoadedTopology>
  /**
   * The demo lab as a throw-away document (`origin: 'demo'`): the store is left untouched.
   * `revision` is the store's, so saving it later is refused if the store moved on meanwhile.
   */
  open(): Promise<LoadedTopology>
}

/** Timeouts of power actions. */
export interface FencingTimeouts {
  /** Outer timeout of every agent call, ms. */
  agentTimeoutMs: number
  /** Status polls after on/off before the state counts as not reached. */
  verifyRetries: number
  /** Delay between those polls, ms. */
  verifyDelayMs: number
  /**
   * Head start of a candidate proxy's SSH handshake, ms: when it has not completed by then, the
   * next candidate's connection is opened in parallel (DESIGN.md §5 hedged fallback).
   */
  hedgeAfterMs: number
  /**
   * Time budget limit, ms: a host whose worst case of `off` exceeds it is flagged (DESIGN.md §8;
   * the arithmetic is common/budget.ts). A settings file from before it gets the default.
   */
  budgetLimitMs: number
}

/** SSH settings used where a machine's own `ssh` leaves them out. */
export interface SshDefaults {
  user: string
  port: number
  identityFile?: string
  /** Use the SSH agent (`SSH_AUTH_SOCK`). */
  agent: boolean
}

/** The app's settings (kept apart from the topology document). */
export interface AppSettings {
  ssh: SshDefaults
  fencing: FencingTimeouts
}

/** A host key the app trusts: `host:port` → `SHA256:…`. */
export interface KnownHost {
  hostPort: string
  fingerprint: string
}

/** The SSH host key a machine presents now, next to what the app already trusts for it. */
export interface HostKeyCheck {
  /** The machine's name. */
  machine: string
  /** Where the app connects (`host:port`), the known hosts' key. */
  hostPort: string
  /** `SHA256:…` of the key presented now. */
  fingerprint: string
  /** The fingerprint the app's known hosts hold for `hostPort`, if any. */
  known?: string
  /** The machine's `ssh.hostKey` in the topology, if pinned (it decides; nothing to store). */
  pinned?: string
}

/** App settings and the SSH known hosts. */
export interface SettingsApi {
  get(): Promise<AppSettings>
  /** Validates and saves; returns the settings as stored. */
  set(settings: AppSettings): Promise<AppSettings>
  knownHosts(): Promise<KnownHost[]>
  /** Forgets a host key (the next connection must be trusted again). */
  forgetHost(hostPort: string): Promise<KnownHost[]>
  /**
   * Connects to a machine (host, proxy or the engine, by id or name) without logging in and
   * reports the host key it presents — `fencepost trust MACHINE` without `--yes`. Nothing is stored.
   */
  fetchHostKey(machine: string): Promise<HostKeyCheck>
  /**
   * Trusts a machine's host key — `fencepost trust MACHINE --yes`: fetches it again and stores it
   * only if it is still `fingerprint`. A different known key is replaced only with `replace`
   * (`--replace`); a machine with a pinned `ssh.hostKey` is refused (the topology decides).
   * Refusals are ApiError `bad-arguments` naming the argument.
   */
  trustHost(machine: string, fingerprint: string, replace?: boolean): Promise<KnownHost[]>
}

/** A command of the desktop app's menu, handled by the UI. */
export type MenuCommand = 'undo' | 'redo' | 'reload' | 'save' | 'open-demo' | 'import' | 'backups'

/** Desktop-shell events. In browser mode there is no app menu: nothing is ever sent. */
export interface AppShellApi {
  /** Subscribes to menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
}

/** The whole API object, grouped by domain. */
export interface FencepostApi {
  topology: TopologyApi
  plan: PlanApi
  fencing: FencingApi
  plugins: PluginsApi
  demo: DemoApi
  settings: SettingsApi
  shell: AppShellApi
}

/** Request/response methods per domain (push events like `onEvent` are not listed). */
export const API_METHODS = {
  topology: [
    'load',
    'save',
    'validate',
    'exportText',
    'importText',
    'translateForeign',
    'backups',
    'restoreBackup',
  ],
  plan: ['inputs'],
  fencing: [
    'run',
    'cancel',
    'test',
    'testMany',
    'cancelMany',
    'reachability',
    'knownPower',
    'history',
  ],
  plugins: ['list', 'diagnostics'],
  demo: ['faults', 'setFaults', 'reset', 'open'],
  settings: ['get', 'set', 'knownHosts', 'forgetHost', 'fetchHostKey', 'trustHost'],
  shell: [],
} as const satisfies { [D in keyof FencepostApi]: readonly (keyof FencepostApi[D])[] }

/** The channel that carries fencing events. */
export const FENCING_EVENT_CHANNEL = 'fencing:event'

/** The channel that carries {@link TopologyChanged} events. */
export const TOPOLOGY_CHANGED_CHANNEL = 'topology:changed'

/** The channel that carries menu commands (Electron only). */
export const MENU_COMMAND_CHANNEL = 'shell:menu-command'

/**
 * The WebSocket subprotocol of browser mode's event socket (`/events`). A browser cannot set an
 * Authorization header on a WebSocket, so the page offers the token as a second subprotocol,
 * {@link EVENTS_TOKEN_PROTOCOL_PREFIX} + token; the server answers with this name only.
 */
export const EVENTS_PROTOCOL = 'fencepost'

/** The prefix of the subprotocol that carries browser mode's token on the event socket. */
export const EVENTS_TOKEN_PROTOCOL_PREFIX = 'fencepost.token.'

/** A domain of the API. */
export type ApiDomain = keyof typeof API_METHODS

/** The channel name of a method: `"<domain>:<method>"`. */
export function channelOf(domain: ApiDomain, method: string): string {
  return `${domain}:${method}`
}

type UnlistedMethod = {
  [D in ApiDomain]: Exclude<keyof FencepostApi[D], (typeof API_METHODS)[D][number] | `on${string}`>
}[ApiDomain]
/** Compile-time check: every request method of the interfaces is in API_METHODS. */
export const EVERY_METHOD_LISTED: [UnlistedMethod] extends [never] ? true : UnlistedMethod = true
