// The composition of the core: one function that takes the host's ports (store backend, secret
// store, runner) and gives the API the UI uses plus the operations the CLI uses. Electron main,
// the browser-mode server and the CLI each call it with their own adapters.
import { mkdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { EXPORT_SECRETS_CONFIRMATION } from '../common/api'
import type {
  FencepostApi,
  FencingEvent,
  HistoryEntry,
  HostKeyCheck,
  LoadedTopology,
  SaveResult,
  TopologyChanged,
} from '../common/api'
import type { Device, SecretValue, TopologyDocument } from '../common/document'
import { ApiError } from '../common/errors'
import { jsonSyntaxProblem } from '../common/jsonErrors'
import { topologySizeProblem } from '../common/importLimits'
import type { LockOwner } from '../common/hostLock'
import type { ActionResult } from '../common/fencing'
import type { HostPlan, ReachabilityResult } from '../common/plan'
import type { PlainParam } from './fencing/agentStdin'
import { createHistoryLog, createMemoryHistoryLog, historyQuery } from './fencing/historyLog'
import type { HistoryLog } from './fencing/historyLog'
import { createOrchestrator } from './fencing/orchestrator'
import { runBulk } from './fencing/bulkRun'
import type { BulkRequest } from './fencing/bulkRun'
import type { BulkResult, BulkTestRequest } from '../common/bulk'
import { bulkTargets, resolveBulkHosts } from '../common/bulk'
import type { FencingSettings, Orchestrator } from './fencing/orchestrator'
import { createMemoryReachabilityStore, createReachabilityStore } from './fencing/reachabilityStore'
import type { ReachabilityStore } from './fencing/reachabilityStore'
import { createKnownPowerStore, createMemoryKnownPowerStore } from './fencing/knownPowerStore'
import type { KnownPowerStore } from './fencing/knownPowerStore'
import { createHostLocks, locksDir } from './locks/hostLocks'
import { dataPaths } from './paths'
import { createDocumentStore } from './persistence/documentStore'
import { startHousekeeping } from './persistence/housekeeping'
import type { DocumentStore, LoadResult } from './persistence/documentStore'
import { exportDocument, importDocument } from './persistence/importExport'
import { listBackups } from './persistence/backupList'
import type { ExportResult, ImportResult } from './persistence/importExport'
import type { RawFileBackend } from './persistence/rawFileBackend'
import { watchStore } from './persistence/storeWatcher'
import type { StoreWatch } from './persistence/storeWatcher'
import { agentsFromTests } from '../common/planner/discoveredAgents'
import { planHost } from '../common/planner/planHost'
import { plannerOptionsOf } from '../common/planner/plannerInputs'
import type { PlannerInputs } from '../common/planner/plannerInputs'
import type { PluginRegistry } from './plugins/registry'
import { demoFaults, demoUnresolvedSecret, setDemoFaults } from './plugins/simWorld'
import type { AgentRunner, RunTarget } from './runners/agentRunner'
import { hostPortKey, sameFingerprint } from './runners/knownHosts'
import type { KnownHostsStore } from './runners/knownHosts'
import { fetchHostKey as fetchSshHostKey } from './runners/sshRunner'
import { createSettingsStore } from './settings/settingsStore'
import { resolveSecret } from './secrets/secretStore'
import type { SecretStore } from './secrets/secretStore'
import { findByReference, findHost, listMachines } from '../common/planner/machines'
import type { Machine } from '../common/planner/machines'
import { loadAppPlugins, validateOptionsOf } from './validation/appPlugins'
import { validateDocument } from './validation/validateDocument'
import type { ValidationResult } from './validation/validateDocument'
import { memoizeValidation } from './validation/validationMemo'

/** The ports a host hands to the core. */
export interface CorePorts {
  /** The app's data folder: store file, secrets, history, user plugins. */
  dataDir: string
  /** The store file (conf in Node, electron-store in Electron: the same file). */
  backend: RawFileBackend
  secrets: SecretStore
  /** Where `plugins/` and `resources/` are. */
  projectRoot: string
  /** Runs agents on machines (SSH + local). */
  runner: AgentRunner
  /** The SSH host keys the app trusts (the runner checks against the same store). */
  knownHosts: KnownHostsStore
  /** Reads the host key an SSH server presents (default: the SSH runner's `fetchHostKey`). */
  fetchHostKey?: (host: string, port: number) => Promise<string>
  /** Overrides of the stored fencing timeouts (tests use short ones). */
  fencingSettings?: Partial<FencingSettings>
  /** Which program this is, as a host lock names its holder (default `fencepost CLI`). */
  lockOwner?: LockOwner
  /** Environment for `{ env }` secrets. */
  env?: NodeJS.ProcessEnv
  log?: (line: string) => void
}

/** The core as its hosts use it. */
export interface FencepostCore {
  /** The UI's API (IPC in Electron, HTTP in browser mode). */
  api: FencepostApi
  registry: PluginRegistry
  store: DocumentStore
  storeFile: string
  /** Validates with the loaded plugins' device types (errors, and warnings either way). */
  validate(input: unknown): ValidationResult
  /** The stored document, if any. */
  loadStored(): LoadResult
  /** The plan of a host, hosts known off (of the real lab, or of `lab` `demo`) rejected. */
  plan(doc: TopologyDocument, host: string, deviceId?: string, lab?: 'demo'): HostPlan
  /** What the planner knows of `doc` beside it (the lab's test results, power, agents). */
  plannerInputs(doc: TopologyDocument, lab?: 'demo'): PlannerInputs
  importDocument(input: unknown): Promise<ImportResult>
  exportDocument(includeSecrets: boolean): Promise<ExportResult>
  orchestrator: Orchestrator
  /** The agent runner (for `plugins import-metadata --via`). */
  runner: AgentRunner
  /** A machine as a run target, secrets resolved. */
  targetOf(machine: Machine): Promise<RunTarget>
  /** Where user plugins live. */
  userPluginsDir: string
  /** Runs an action on `doc` and appends it to the history. */
  runAction(
    doc: TopologyDocument,
    request: { host: string; action: ActionResult['action']; dryRun: boolean; lab?: 'demo' },
  ): Promise<ActionResult>
  /** Runs `test` on `doc` and stores the reachability results. */
  testHost(doc: TopologyDocument, host: string, lab?: 'demo'): Promise<ReachabilityResult[]>
  /** `test` or `status` of many hosts at once (fencing/bulkRun.ts); test results are stored. */
  runBulk(doc: TopologyDocument, request: BulkRequest): Promise<BulkResult>
  history: HistoryLog
  /** The stored reachability results: the real lab's, or the demo lab's (`demo`). */
  reachability(lab?: 'demo'): ReachabilityResult[]
  /** The hosts' known power (DESIGN.md §4): the real lab's (`power.json`), or the demo lab's. */
  knownPower(lab?: 'demo'): KnownPowerStore
  /**
   * The plain value of a secret as the runner reads it (the secret store, `{ env }`, or plain);
   * throws SecretMissingError naming `subject`, never a value (exports with `--include-secrets`).
   */
  resolveSecret(value: SecretValue, subject: string): Promise<string>
  /** Subscribes to fencing events. */
  onEvent(listener: (event: FencingEvent) => void): () => void
  close(): Promise<void>
}

/** How long backups (and so the secrets they refer to) are kept beyond the newest 10. */
const BACKUPS_KEPT_FOR_MS = 24 * 60 * 60_000

/** `~/x` → the home folder's `x`, as ssh does for identity files. */
function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(2)) : path
}

function demoDocument(projectRoot: string): TopologyDocument {
  return JSON.parse(
    readFileSync(join(projectRoot, 'resources', 'demo-lab.json'), 'utf8'),
  ) as TopologyDocument
}

/** Builds the core over the host's ports. */
export async function createCore(ports: CorePorts): Promise<FencepostCore> {
  mkdirSync(ports.dataDir, { recursive: true, mode: 0o700 })
  const paths = dataPaths(ports.dataDir)
  const env = ports.env ?? process.env
  const registry = await loadAppPlugins({
    projectRoot: ports.projectRoot,
    dataDir: ports.dataDir,
    ...(ports.log ? { log: ports.log } : {}),
  })
  const validateOptions = validateOptionsOf(registry)
  // The registry is fixed for the core's life, so validation is a pure function of the input.
  const validate = memoizeValidation((input) => validateDocument(input, validateOptions))
  const store = createDocumentStore({
    backend: ports.backend,
    validateOptions,
    validate,
    // Secrets live while a backup refers to them: an open window can undo a day of saves.
    keepBackupsForMs: BACKUPS_KEPT_FOR_MS,
  })
  // Leftover temp files removed, orphan secrets collected; the collector runs after each save.
  const housekeeping = await startHousekeeping({
    dataDir: ports.dataDir,
    store,
    secrets: ports.secrets,
  })
  for (const problem of housekeeping.collected.problems) ports.log?.(problem)
  const secretOptions = {
    collector: housekeeping.collector,
    store,
    secrets: ports.secrets,
    validateOptions,
    isSecretParam: (type: string, name: string) => registry.isSecretParam(type, name),
  }
  // Simulated runs never enter the real lab's history: the demo lab's is kept in memory.
  const history = createHistoryLog(paths.history)
  const demoHistory = createMemoryHistoryLog()
  const historyOf = (lab?: 'demo'): HistoryLog => (lab === 'demo' ? demoHistory : history)
  // The demo lab's test results and known power stay in memory, apart from the real lab's (its
  // ids may be the real lab's too), and go with a reset or a new opening of the demo.
  const labReach = createReachabilityStore(join(ports.dataDir, 'reachability.json'))
  const demoReach = createMemoryReachabilityStore()
  const reachabilityOf = (lab?: 'demo'): ReachabilityStore =>
    lab === 'demo' ? demoReach : labReach
  const labPower = createKnownPowerStore(join(ports.dataDir, 'power.json'))
  const demoPower = createMemoryKnownPowerStore()
  const knownPower = (lab?: 'demo'): KnownPowerStore => (lab === 'demo' ? demoPower : labPower)
  const listeners = new Set<(event: FencingEvent) => void>()
  const emit = (event: FencingEvent): void => listeners.forEach((listener) => listener(event))
  const settingsStore = createSettingsStore(paths.settings)
  const fencingSettings = (): FencingSettings => ({
    ...settingsStore.get().fencing,
    ...ports.fencingSettings,
  })

  // Every secret named by what needs it: an unresolvable one ends the attempt as secret-missing.
  const secret = (value: SecretValue, subject: string): Promise<string> =>
    resolveSecret(value, ports.secrets, env, subject)

  async function targetOf(machine: Machine): Promise<RunTarget> {
    const ssh = machine.ssh ?? {}
    const defaults = settingsStore.get().ssh
    const identityFile = ssh.identityFile ?? defaults.identityFile
    return {
      machineId: machine.id,
      name: machine.name,
      exec: machine.exec,
      host: ssh.host ?? machine.address,
      port: ssh.port ?? defaults.port,
      user: ssh.user ?? defaults.user,
      ...(identityFile ? { identityFile: expandHome(identityFile) } : {}),
      ...(ssh.password !== undefined
        ? { password: await secret(ssh.password, `ssh.password of ${machine.name}`) }
        : {}),
      ...((ssh.agent ?? defaults.agent) ? { agent: true } : {}),
      ...(ssh.hostKey ? { hostKey: ssh.hostKey } : {}),
    }
  }

  async function paramsOf(device: Device): Promise<Record<string, PlainParam>> {
    const params: Record<string, PlainParam> = {}
    for (const [name, value] of Object.entries(device.params)) {
      params[name] =
        typeof value === 'object'
          ? await secret(value, `parameter ${name} of device ${device.id}`)
          : value
    }
    // The demo's "unresolvable secret" fault goes through the real resolution and its message.
    const unresolved = demoUnresolvedSecret(registry, device)
    if (unresolved) await secret(unresolved, `parameter password of device ${device.id}`)
    return params
  }

  const orchestrator = createOrchestrator({
    runner: ports.runner,
    typeOf: (id) => registry.type(id),
    isSecretParam: (type, name) => registry.isSecretParam(type, name),
    inProcessOf: (id) => {
      const hooks = registry.hooksOf(id)
      return hooks?.execute ? { execute: (request) => hooks.execute!(request) } : undefined
    },
    targetOf,
    paramsOf,
    reachability: (lab) => reachabilityOf(lab).all(),
    knownPower,
    agentsOf: (doc, lab) => agentsOfMachines(doc, lab),
    settings: fencingSettings,
    emit,
    locks: createHostLocks({
      dir: locksDir(ports.dataDir),
      who: ports.lockOwner ?? 'fencepost CLI',
    }),
  })

  // Saves by any process reach the windows as `topology.onChanged`; the folder is watched only
  // while someone listens (a CLI command never does).
  const changeListeners = new Set<(event: TopologyChanged) => void>()
  let storeWatch: StoreWatch | undefined
  function onTopologyChanged(listener: (event: TopologyChanged) => void): () => void {
    changeListeners.add(listener)
    storeWatch ??= watchStore({
      file: store.path,
      revision: () => store.revision(),
      onChange: (revision) => changeListeners.forEach((l) => l({ revision })),
    })
    return () => {
      changeListeners.delete(listener)
      if (changeListeners.size === 0) {
        storeWatch?.close()
        storeWatch = undefined
      }
    }
  }

  const agentOfType = (type: string): string | undefined =>
    registry.runsInProcess(type) ? undefined : registry.agentOf(type)
  const agentsOfMachines = (doc: TopologyDocument, lab?: 'demo') =>
    agentsFromTests(
      doc,
      reachabilityOf(lab).all(),
      agentOfType,
      registry.types().map((t) => t.agent),
    )
  /**
   * What the planner knows of a lab beside its document (test results, known power, agents), as
   * the UI receives it: the core and the UI plan from the same inputs (common/planner/plannerInputs).
   */
  const plannerInputs = (doc: TopologyDocument, lab?: 'demo'): PlannerInputs => {
    const agentsOf = agentsOfMachines(doc, lab)
    const discovered: Record<string, string[]> = {}
    for (const machine of listMachines(doc)) {
      const agents = agentsOf(machine.id)
      if (agents) discovered[machine.id] = [...agents]
    }
    const agentOfTypes: Record<string, string> = {}
    for (const type of registry.types()) {
      const agent = agentOfType(type.id)
      if (agent !== undefined) agentOfTypes[type.id] = agent
    }
    return {
      reachability: reachabilityOf(lab).all(),
      knownPower: knownPower(lab).all(),
      agentOfType: agentOfTypes,
      agentsOf: discovered,
    }
  }
  const plan = (doc: TopologyDocument, host: string, deviceId?: string, lab?: 'demo'): HostPlan =>
    planHost(doc, host, {
      ...plannerOptionsOf(plannerInputs(doc, lab)),
      ...(deviceId ? { deviceId } : {}),
    })
  // Over HTTP an omitted lab arrives as null: anything but `demo` is the real lab.
  const labOf = (lab: 'demo' | null | undefined): 'demo' | undefined =>
    lab === 'demo' ? 'demo' : undefined
  /** The document a lab's actions run on: the demo lab, or the stored one (else the demo). */
  const documentOf = (lab: 'demo' | undefined): TopologyDocument =>
    lab === 'demo' ? demoDocument(ports.projectRoot) : current().document

  async function runAction(
    doc: TopologyDocument,
    request: { host: string; action: ActionResult['action']; dryRun: boolean; lab?: 'demo' },
  ): Promise<ActionResult> {
    const { runId, ...result } = await orchestrator.run(doc, request)
    // The id as well as the name: history is looked up by either, and names change.
    const hostId = findHost(doc, request.host)?.id
    historyOf(request.lab).append({
      ...result,
      ...(hostId === undefined ? {} : { hostId }),
      at: new Date().toISOString(),
      runId,
      dryRun: request.dryRun,
    })
    return result
  }

  async function testHost(
    doc: TopologyDocument,
    host: string,
    lab?: 'demo',
  ): Promise<ReachabilityResult[]> {
    const results = await orchestrator.test(doc, host, lab)
    reachabilityOf(lab).record(results)
    return results
  }

  function runBulkOf(doc: TopologyDocument, request: BulkRequest): Promise<BulkResult> {
    return runBulk(
      {
        orchestrator,
        runAction,
        recordReachability: (results, lab) => reachabilityOf(lab).record(results),
        emit,
      },
      doc,
      request,
    )
  }

  // The bulk runs of this core, for `cancelMany`.
  const bulkRuns = new Map<string, AbortController>()
  async function testManyOf(request: BulkTestRequest): Promise<BulkResult> {
    const lab = labOf(request.lab)
    const doc = documentOf(lab)
    const action = request.action ?? 'test'
    const refs = request.hosts?.length ? request.hosts : undefined
    const { hostIds, unknown } = refs
      ? resolveBulkHosts(doc, refs)
      : { hostIds: bulkTargets(doc, action), unknown: [] }
    if (unknown.length) {
      throw new ApiError('not-found', `hosts: no host ${unknown.map((u) => `"${u}"`).join(', ')}`)
    }
    if (bulkRuns.has(request.bulkId)) {
      throw new ApiError('busy', `bulkId: a bulk run "${request.bulkId}" is already running`)
    }
    const controller = new AbortController()
    bulkRuns.set(request.bulkId, controller)
    try {
      return await runBulkOf(doc, {
        action,
        hostIds,
        bulkId: request.bulkId,
        signal: controller.signal,
        ...(lab ? { lab } : {}),
        ...(request.concurrency ? { concurrency: request.concurrency } : {}),
      })
    } finally {
      bulkRuns.delete(request.bulkId)
    }
  }

  /** The demo lab, beside what loading the store found (its problems and revision). */
  function demoBeside(loaded: LoadResult): LoadedTopology {
    return {
      document: demoDocument(ports.projectRoot),
      origin: 'demo',
      problems: loaded.problems,
      file: store.path,
      revision: loaded.revision,
    }
  }

  /** The document the UI works on: the stored one, else the demo lab. */
  function current(): LoadedTopology {
    const loaded = store.load()
    if (loaded.document) {
      return {
        document: loaded.document,
        origin: 'store',
        problems: loaded.problems,
        file: store.path,
        revision: loaded.revision,
      }
    }
    return demoBeside(loaded)
  }

  const knownHostList = async () =>
    Object.entries(await ports.knownHosts.list()).map(([hostPort, fingerprint]) => ({
      hostPort,
      fingerprint,
    }))

  // `fencepost trust` for the UI: where the runner connects, without reading any secret.
  const readHostKey = ports.fetchHostKey ?? ((host, port) => fetchSshHostKey(host, port))
  async function checkHostKey(ref: string): Promise<HostKeyCheck> {
    const machines = listMachines(current().document)
    const machine = machines.find((m) => m.id === ref) ?? findByReference(machines, ref)[0]
    if (!machine) throw new ApiError('not-found', `machine: no machine "${ref}" in the topology`)
    if (machine.exec === 'local') {
      throw new ApiError(
        'bad-arguments',
        `machine: ${machine.name} runs agents on this workstation (exec: "local"): no SSH host key to trust`,
      )
    }
    const host = machine.ssh?.host ?? machine.address
    const hostPort = hostPortKey(host, machine.ssh?.port ?? 22)
    let fingerprint: string
    try {
      fingerprint = await readHostKey(host, machine.ssh?.port ?? 22)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      throw new ApiError(
        'bad-arguments',
        `machine: cannot fetch the host key of ${machine.name}: ${message}`,
      )
    }
    const pinned = machine.ssh?.hostKey
    const known = pinned ? undefined : await ports.knownHosts.get(hostPort)
    return {
      machine: machine.name,
      hostPort,
      fingerprint,
      ...(known !== undefined ? { known } : {}),
      ...(pinned ? { pinned } : {}),
    }
  }

  /** Saves `input` as the store's next revision, refused when the store moved past `base`. */
  async function saveAsRevision(
    input: unknown,
    base: number | null | undefined,
  ): Promise<SaveResult> {
    const result = await importDocument(input, {
      ...secretOptions,
      baseRevision: base ?? undefined,
    })
    return result.ok
      ? {
          ok: true,
          document: result.document,
          revision: result.revision,
          warnings: result.warnings,
        }
      : result
  }

  const api: FencepostApi = {
    topology: {
      load: async () => current(),
      save: async (document, baseRevision) => {
        return saveAsRevision(document, baseRevision)
      },
      validate: async (document) => validate(document),
      exportText: async (options) => {
        const includeSecrets = options?.includeSecrets === true
        if (includeSecrets && options?.confirm !== EXPORT_SECRETS_CONFIRMATION) {
          throw new ApiError(
            'bad-arguments',
            `topology.exportText: options.confirm must be "${EXPORT_SECRETS_CONFIRMATION}" to export plain secrets`,
          )
        }
        const result = await exportDocument({ ...secretOptions, includeSecrets })
        return JSON.stringify(result.document ?? current().document, null, 2) + '\n'
      },
      importText: async (json, baseRevision) => {
        const tooBig = topologySizeProblem(json.length)
        if (tooBig) return { ok: false, issues: [{ path: '(document)', message: tooBig }] }
        let input: unknown
        try {
          input = JSON.parse(json)
        } catch (error) {
          return {
            ok: false,
            issues: [
              { path: '(document)', message: `not valid JSON: ${jsonSyntaxProblem(error)}` },
            ],
          }
        }
        return saveAsRevision(input, baseRevision)
      },
      translateForeign: async ({ format, files }) => {
        const { ForeignInputError, detectForeignFormat, translateForeign } =
          await import('./foreignImport/translateForeign')
        const { PluginsFixedError } = await import('./foreignImport/typeResolver')
        try {
          const chosen = format ?? detectForeignFormat(files)
          // The registry is fixed for the core's life: a missing type is noted, not generated.
          const translated = await translateForeign(chosen, files, registry, () =>
            Promise.reject(new PluginsFixedError(chosen)),
          )
          return {
            document: translated.document,
            notes: translated.notes,
            format: translated.format,
          }
        } catch (error) {
          if (error instanceof ForeignInputError) throw new ApiError('bad-arguments', error.message)
          throw error
        }
      },
      backups: async () =>
        listBackups({
          store,
          validate,
          isSecretParam: (type, name) => registry.isSecretParam(type, name),
          paramLabel: (type, name) =>
            registry.parametersOf(type)?.find((p) => p.name === name)?.label,
        }),
      restoreBackup: async (id, baseRevision) => {
        const backup = store.readBackup(id)
        if (!backup || backup.topology === undefined) {
          throw new ApiError('not-found', `id: no backup "${id}" with a topology`)
        }
        return saveAsRevision(backup.topology, baseRevision)
      },
      onChanged: onTopologyChanged,
    },
    plan: {
      inputs: async (lab) => plannerInputs(documentOf(labOf(lab)), labOf(lab)),
    },
    fencing: {
      // A demo opened with `demo.open` is not in the store: its actions run on the demo lab.
      run: async (request) => runAction(documentOf(labOf(request.lab)), request),
      cancel: async (host) => {
        if (!orchestrator.cancel(current().document, host))
          orchestrator.cancel(demoDocument(ports.projectRoot), host)
      },
      test: async (host, lab) => testHost(documentOf(labOf(lab)), host, labOf(lab)),
      testMany: (request) => testManyOf(request),
      cancelMany: async (bulkId) => {
        bulkRuns.get(bulkId)?.abort()
      },
      knownPower: async (lab) => knownPower(labOf(lab)).all(),
      reachability: async (host, lab) => {
        const found = findHost(documentOf(labOf(lab)), host)
        return reachabilityOf(labOf(lab))
          .all()
          .filter((r) => r.hostId === found?.id)
      },
      history: async (host?: string | null, lab?: 'demo' | null): Promise<HistoryEntry[]> => {
        const demo = labOf(lab)
        return historyOf(demo).read(host ? historyQuery(documentOf(demo), host) : undefined)
      },
      onEvent: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    plugins: {
      list: async () =>
        registry.plugins().map((p) => ({
          id: p.manifest.id,
          name: p.manifest.name,
          version: p.manifest.version,
          source: p.source,
          fenceTypes: p.manifest.contributes.fenceTypes,
          ...(p.manifest.contributes.demo ? { demo: p.manifest.contributes.demo } : {}),
        })),
      diagnostics: async () => registry.diagnostics(),
    },
    settings: {
      get: async () => settingsStore.get(),
      set: async (settings) => settingsStore.set(settings),
      knownHosts: async () => knownHostList(),
      forgetHost: async (hostPort) => {
        await ports.knownHosts.forget(hostPort)
        return knownHostList()
      },
      fetchHostKey: async (machine) => checkHostKey(machine),
      trustHost: async (machine, fingerprint, replace) => {
        const check = await checkHostKey(machine)
        const who = `${check.machine} (${check.hostPort})`
        if (check.pinned) {
          throw new ApiError(
            'bad-arguments',
            `machine: ${who} has a host key pinned in the topology (ssh.hostKey), which decides; nothing to store`,
          )
        }
        if (!sameFingerprint(check.fingerprint, fingerprint.trim())) {
          throw new ApiError(
            'bad-arguments',
            `fingerprint: ${who} presents ${check.fingerprint}, not ${fingerprint.trim()}; nothing stored`,
          )
        }
        if (
          check.known !== undefined &&
          !sameFingerprint(check.known, check.fingerprint) &&
          replace !== true
        ) {
          throw new ApiError(
            'bad-arguments',
            `replace: ${who} has a different known key (${check.known}); replacing it needs replace`,
          )
        }
        await ports.knownHosts.trust(check.hostPort, check.fingerprint)
        return knownHostList()
      },
    },
    // The core has no menu; Electron's preload delivers menu commands itself.
    shell: { onMenuCommand: () => () => {} },
    demo: {
      faults: async () => demoFaults(registry),
      setFaults: async (faults) => setDemoFaults(registry, faults),
      reset: async () => {
        store.save(demoDocument(ports.projectRoot))
        demoPower.clear()
        demoReach.clear()
        demoHistory.clear()
        return current()
      },
      open: async () => {
        demoPower.clear()
        demoReach.clear()
        demoHistory.clear()
        return demoBeside(store.load())
      },
    },
  }

  return {
    api,
    registry,
    store,
    storeFile: store.path,
    validate,
    loadStored: () => store.load(),
    plan,
    plannerInputs,
    importDocument: (input) => importDocument(input, secretOptions),
    exportDocument: (includeSecrets) => exportDocument({ ...secretOptions, includeSecrets }),
    orchestrator,
    runner: ports.runner,
    targetOf,
    userPluginsDir: paths.userPlugins,
    runAction,
    testHost,
    runBulk: runBulkOf,
    history,
    reachability: (lab) => reachabilityOf(lab).all(),
    knownPower,
    resolveSecret: secret,
    onEvent: api.fencing.onEvent,
    close: () => {
      housekeeping.close()
      storeWatch?.close()
      storeWatch = undefined
      changeListeners.clear()
      return ports.runner.close()
    },
  }
}
