// An in-memory FencepostApi for renderer tests: a stored document, validation through the real
// document schema, a small planner (keywords and named machines; enough to see a plan change),
// scripted power actions that emit live events, and a record of every call.
import { documentSchema } from '../../src-main/common/document'
import type { TopologyDocument } from '../../src-main/common/document'
import type {
  AppSettings,
  BackupInfo,
  DemoFaults,
  FencepostApi,
  HostKeyCheck,
  KnownHost,
  FencingEvent,
  HistoryEntry,
  LoadedTopology,
  MenuCommand,
  PluginInfo,
  SaveResult,
  TopologyChanged,
} from '../../src-main/common/api'
import type { ActionResult, Attempt } from '../../src-main/common/fencing'
import type { KnownPower } from '../../src-main/common/knownPower'
import type {
  Candidate,
  DevicePlan,
  HostPlan,
  ReachabilityResult,
  Rejection,
} from '../../src-main/common/plan'
import type { PluginDiagnostic } from '../../src-main/common/plugins'
import { formatPath } from '../../src-main/common/validation'
import type { PickedFile, Platform, Services } from '../../src-renderer/src/services'
import { inertPlatform } from '../../src-renderer/src/services'

/** A small valid lab: dc1 › c1 (a1 with psu1, a2, a3 in maintenance), engine, one jump box. */
export function sampleDocument(): TopologyDocument {
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    dataCenters: [{ id: 'dc1', name: 'Default' }],
    clusters: [{ id: 'c1', name: 'cluster-a', dataCenter: 'dc1' }],
    hosts: [
      {
        id: 'a1',
        name: 'a1',
        address: 'a1.lab.example',
        cluster: 'c1',
        status: 'up',
        canProxy: true,
        powerManagement: {
          enabled: true,
          devices: [
            {
              id: 'psu1',
              type: 'ipmilan',
              order: 1,
              params: { ip: '10.1.0.11', username: 'admin', password: 'hunter2-secret' },
            },
          ],
        },
      },
      {
        id: 'a2',
        name: 'a2',
        address: 'a2.lab.example',
        cluster: 'c1',
        status: 'up',
        canProxy: true,
      },
      {
        id: 'a3',
        name: 'a3',
        address: 'a3.lab.example',
        cluster: 'c1',
        status: 'maintenance',
        canProxy: true,
      },
    ],
    proxies: [{ id: 'p1', name: 'jump1', address: 'jump1.lab.example' }],
  }
}

/** The ipmilan plugin as the real manifest describes it. */
export const IPMI_PLUGIN: PluginInfo = {
  id: 'ipmilan',
  name: 'IPMI over LAN',
  version: '1.0.0',
  source: 'builtin',
  fenceTypes: [
    {
      id: 'ipmilan',
      label: 'IPMI LAN (iLO3+/iDRAC/IMM)',
      agent: 'fence_ipmilan',
      parameters: [
        { name: 'ip', label: 'Address', type: 'host', required: true },
        { name: 'ipport', label: 'UDP port', type: 'integer', default: 623 },
        { name: 'username', label: 'User', type: 'string', required: true },
        { name: 'password', label: 'Password', type: 'string', secret: true },
        { name: 'lanplus', label: 'IPMI v2 (lanplus)', type: 'boolean', default: true },
        { name: 'cipher', label: 'Cipher suite', type: 'integer', advanced: true },
      ],
      actions: ['on', 'off', 'status'],
    },
  ],
}

/** A recorded call: `domain.method` and its arguments. */
export interface Call {
  method: string
  args: unknown[]
}

/** A scripted power action: the attempts to report, in order, and the final result. */
export interface Script {
  attempts: Attempt[]
  result?: Partial<ActionResult>
  /** Resolve only when `release()` is called (to test the running state and Cancel). */
  hold?: boolean
}

/** The fake and the knobs tests turn. */
export interface FakeApi {
  api: FencepostApi
  calls: Call[]
  /** What the store holds; `revision` goes up by one on every save or import. */
  stored: {
    document: TopologyDocument | undefined
    origin: LoadedTopology['origin']
    revision: number
  }
  faults: DemoFaults
  /** What `topology.backups` answers, and the document each restores (by id). */
  backups: { info: BackupInfo; document: TopologyDocument }[]
  /** The saved secrets' plain values, as an export with secrets writes them. */
  plainSecrets: Record<string, string>
  plugins: PluginInfo[]
  diagnostics: PluginDiagnostic[]
  history: HistoryEntry[]
  reach: ReachabilityResult[]
  /** What `fencing.knownPower` answers (whatever the lab). */
  knownPower: KnownPower[]
  settings: AppSettings
  knownHosts: KnownHost[]
  /** What `settings.fetchHostKey` answers, by the machine argument; missing: it throws. */
  hostKeys: Record<string, HostKeyCheck>
  script: Script
  /** Emits a live event to every subscriber. */
  emit(event: FencingEvent): void
  /**
   * Another window or process saves `document` to the store (revision + 1); `announce: false`
   * leaves out the change event (a window that missed it). Returns the new revision.
   */
  changeElsewhere(document: TopologyDocument, options?: { announce?: boolean }): number
  /** Thrown by the next `topology.save` instead of saving (a refusal the core would answer). */
  refuseNextSave: Error | undefined
  /** Sends a desktop-menu command, as Electron's menu would. */
  menu(command: MenuCommand): void
  /** Lets a held action finish. */
  release(): void
  listenerCount(): number
  /** How many times a method was called. */
  count(method: string): number
}

function machines(doc: TopologyDocument) {
  const clusterDc = new Map(doc.clusters.map((c) => [c.id, c.dataCenter]))
  return [
    {
      id: 'engine',
      name: doc.engine.name,
      address: doc.engine.address,
      cluster: undefined as string | undefined,
      dc: undefined as string | undefined,
      up: true,
      status: 'up',
      canProxy: doc.engine.canProxy,
    },
    ...doc.hosts.map((h) => ({
      id: h.id,
      name: h.name,
      address: h.address,
      cluster: h.cluster as string | undefined,
      dc: clusterDc.get(h.cluster),
      up: h.status === 'up',
      status: h.status as string,
      canProxy: h.canProxy,
    })),
    ...doc.proxies.map((p) => ({
      id: p.id,
      name: p.name,
      address: p.address,
      cluster: p.cluster,
      dc: p.dataCenter ?? (p.cluster ? clusterDc.get(p.cluster) : undefined),
      up: !p.disabled,
      status: 'up',
      canProxy: p.canProxy ?? true,
    })),
  ]
}

/** A deliberately small planner: enough for the UI to show a plan that follows edits. */
export function fakePlan(doc: TopologyDocument, hostRef: string): HostPlan {
  const host = doc.hosts.find((h) => h.id === hostRef || h.name === hostRef)
  if (!host) throw new Error(`no host with id or name "${hostRef}"`)
  const all = machines(doc)
  const target = all.find((m) => m.id === host.id)!
  const cluster = doc.clusters.find((c) => c.id === host.cluster)
  const devices: DevicePlan[] = (host.powerManagement?.devices ?? []).map((device) => {
    const own = device.proxyPreferences?.length ? device.proxyPreferences : undefined
    const hostList = host.powerManagement?.proxyPreferences?.length
      ? host.powerManagement.proxyPreferences
      : undefined
    const clusterList = cluster?.proxyPreferences?.length ? cluster.proxyPreferences : undefined
    const preferences: DevicePlan['preferences'] = own
      ? { list: own, from: 'device' }
      : hostList
        ? { list: hostList, from: 'host' }
        : clusterList
          ? { list: clusterList, from: 'cluster', fromName: cluster?.name ?? '' }
          : { list: ['cluster', 'dc'], from: 'builtin' }
    const seen = new Set<string>()
    const candidates: Candidate[] = []
    const rejected: Rejection[] = []
    const unknownReferences: string[] = []
    for (const entry of preferences.list) {
      const admitted = all.filter((m) => {
        if (entry === 'engine') return m.id === 'engine'
        if (entry === 'cluster') return m.cluster !== undefined && m.cluster === target.cluster
        if (entry === 'dc') return m.dc !== undefined && m.dc === target.dc
        if (entry === 'other-dc') return m.dc !== undefined && m.dc !== target.dc
        return m.name === entry || m.address === entry
      })
      if (admitted.length === 0 && !['engine', 'cluster', 'dc', 'other-dc'].includes(entry))
        unknownReferences.push(entry)
      for (const m of admitted) {
        if (seen.has(m.id)) continue
        seen.add(m.id)
        if (m.id === host.id)
          rejected.push({ proxy: m.name, proxyId: m.id, reason: 'target', via: entry })
        else if (!m.canProxy)
          rejected.push({ proxy: m.name, proxyId: m.id, reason: 'not-a-proxy', via: entry })
        else if (!m.up)
          rejected.push({ proxy: m.name, proxyId: m.id, reason: `status:${m.status}`, via: entry })
        else candidates.push({ proxy: m.name, proxyId: m.id, via: entry, reach: 'untested' })
      }
    }
    return {
      device: device.id,
      type: device.type,
      order: device.order,
      preferences,
      candidates,
      rejected,
      unknownReferences,
    }
  })
  return {
    host: host.name,
    hostId: host.id,
    enabled: host.powerManagement?.enabled ?? false,
    devices,
  }
}

function validate(document: unknown): SaveResult {
  const parsed = documentSchema.safeParse(document)
  if (!parsed.success)
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    }
  return { ok: true, document: parsed.data }
}

/** A picked file holding `text` (its size as the bytes of `text`, unless given). */
export function pickedFile(name: string, text: string, size?: number): PickedFile {
  return { name, size: size ?? new TextEncoder().encode(text).length, text: async () => text }
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** Creates a fake with the sample document stored (origin `store` unless told). */
export function createFakeApi(
  options: { document?: TopologyDocument; origin?: LoadedTopology['origin'] } = {},
): FakeApi {
  const listeners = new Set<(event: FencingEvent) => void>()
  const menuListeners = new Set<(command: MenuCommand) => void>()
  const changeListeners = new Set<(event: TopologyChanged) => void>()
  let releaseHeld: (() => void) | undefined
  let runSeq = 0
  const fake: FakeApi = {
    api: undefined as unknown as FencepostApi,
    calls: [],
    plainSecrets: {},
    stored: {
      document: options.document ?? sampleDocument(),
      origin: options.origin ?? 'store',
      // As the core: revision 0 while the store is empty (first start shows the demo).
      revision: options.origin === 'demo' ? 0 : 7,
    },
    faults: { proxiesDown: [], cutOff: [], failing: [], slow: [] },
    backups: [],
    plugins: [IPMI_PLUGIN],
    diagnostics: [],
    history: [],
    reach: [],
    knownPower: [],
    settings: {
      ssh: { user: 'root', port: 22, agent: true },
      fencing: { agentTimeoutMs: 30000, verifyRetries: 5, verifyDelayMs: 2000, hedgeAfterMs: 1500 },
    },
    knownHosts: [{ hostPort: 'a2.lab.example:22', fingerprint: 'SHA256:abc' }],
    hostKeys: {},
    script: {
      attempts: [
        { device: 'psu1', proxy: 'a2', action: 'status', outcome: 'ok', ms: 42, power: 'on' },
      ],
    },
    emit: (event) => listeners.forEach((l) => l(event)),
    changeElsewhere(document, options = {}) {
      fake.stored.document = clone(document)
      fake.stored.origin = 'store'
      const revision = ++fake.stored.revision
      if (options.announce !== false) changeListeners.forEach((l) => l({ revision }))
      return revision
    },
    refuseNextSave: undefined,
    menu: (command) => menuListeners.forEach((l) => l(command)),
    release: () => releaseHeld?.(),
    listenerCount: () => listeners.size,
    count: (method) => fake.calls.filter((c) => c.method === method).length,
  }
  const record = (method: string, args: unknown[]): void => {
    fake.calls.push({ method, args: clone(args) })
  }
  fake.api = {
    topology: {
      async load() {
        record('topology.load', [])
        return {
          document: clone(fake.stored.document ?? sampleDocument()),
          origin: fake.stored.origin,
          problems: [],
          file: '/home/admin/.config/Fencepost/topology.json',
          revision: fake.stored.revision,
        }
      },
      async save(document, baseRevision) {
        record('topology.save', [document, baseRevision])
        const refusal = fake.refuseNextSave
        fake.refuseNextSave = undefined
        if (refusal) throw refusal
        const result = validate(document)
        if (!result.ok) return result
        fake.stored.document = clone(result.document)
        fake.stored.origin = 'store'
        const revision = ++fake.stored.revision
        // As the core's store watch: every save is announced, this window's own included.
        changeListeners.forEach((l) => l({ revision }))
        return { ...result, revision }
      },
      async validate(document) {
        record('topology.validate', [document])
        return validate(document)
      },
      async exportText(options) {
        record('topology.exportText', options ? [options] : [])
        // What the core answers is tested in test/main; here the stored secrets are a stand-in.
        if (options?.includeSecrets) return JSON.stringify({ secrets: fake.plainSecrets })
        return JSON.stringify(fake.stored.document, null, 2)
      },
      async importText(json, baseRevision) {
        record('topology.importText', [json, baseRevision])
        let parsed: unknown
        try {
          parsed = JSON.parse(json)
        } catch {
          return { ok: false, issues: [{ path: '', message: 'not JSON' }] }
        }
        const result = validate(parsed)
        if (!result.ok) return result
        fake.stored.document = clone(result.document)
        return { ...result, revision: ++fake.stored.revision }
      },
      async backups() {
        record('topology.backups', [])
        return clone(fake.backups.map((b) => b.info))
      },
      async restoreBackup(id, baseRevision) {
        record('topology.restoreBackup', [id, baseRevision])
        const backup = fake.backups.find((b) => b.info.id === id)
        if (!backup) throw new Error(`no backup ${id}`)
        fake.stored.document = clone(backup.document)
        return { ok: true, document: clone(backup.document), revision: ++fake.stored.revision }
      },
      onChanged(listener) {
        changeListeners.add(listener)
        return () => changeListeners.delete(listener)
      },
    },
    plan: {
      async planHost(...args: [document: unknown, host: string, lab?: 'demo']) {
        record('plan.planHost', args)
        return fakePlan(args[0] as TopologyDocument, args[1])
      },
      async coverage(document) {
        record('plan.coverage', [document])
        return (document as TopologyDocument).hosts
          .filter((h) => h.powerManagement?.enabled)
          .map((h) => ({
            hostId: h.id,
            devices: fakePlan(document as TopologyDocument, h.id).devices.filter(
              (d) => d.candidates.length === 0,
            ),
          }))
          .filter((gap) => gap.devices.length > 0)
      },
    },
    fencing: {
      async run(request) {
        record('fencing.run', [request])
        const runId = `run-${++runSeq}`
        const script = fake.script
        fake.emit({
          kind: 'started',
          runId,
          host: request.host,
          action: request.action,
          dryRun: request.dryRun,
        })
        for (const attempt of script.attempts) {
          fake.emit({
            kind: 'attempt-started',
            runId,
            device: attempt.device,
            proxy: attempt.proxy,
            action: attempt.action,
          })
          fake.emit({ kind: 'attempt', runId, attempt })
        }
        if (script.hold) await new Promise<void>((resolve) => (releaseHeld = resolve))
        const result: ActionResult = {
          host: request.host,
          action: request.action,
          result: script.attempts.some((a) => a.outcome === 'ok') ? 'ok' : 'failed',
          power: 'on',
          attempts: script.attempts,
          ...script.result,
        }
        fake.emit({ kind: 'finished', runId, result })
        return result
      },
      async cancel(host) {
        record('fencing.cancel', [host])
        releaseHeld?.()
      },
      async test(...args: [host: string, lab?: 'demo']) {
        record('fencing.test', args)
        return fake.reach
      },
      async reachability(host) {
        record('fencing.reachability', [host])
        return fake.reach
      },
      async knownPower(...args: [lab?: 'demo']) {
        record('fencing.knownPower', args)
        return fake.knownPower
      },
      async history(...args: [host?: string | null, lab?: 'demo']) {
        // Records the arguments as given: an explicit `undefined` would reach HTTP as null.
        record('fencing.history', args)
        return fake.history
      },
      onEvent(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    plugins: {
      async list() {
        record('plugins.list', [])
        return fake.plugins
      },
      async diagnostics() {
        record('plugins.diagnostics', [])
        return fake.diagnostics
      },
    },
    demo: {
      async faults() {
        record('demo.faults', [])
        return clone(fake.faults)
      },
      async setFaults(faults) {
        record('demo.setFaults', [faults])
        fake.faults = clone(faults)
        return clone(fake.faults)
      },
      async reset() {
        record('demo.reset', [])
        fake.stored.origin = 'demo'
        return {
          document: clone(fake.stored.document ?? sampleDocument()),
          origin: 'demo',
          problems: [],
          file: '/home/admin/.config/Fencepost/topology.json',
          revision: ++fake.stored.revision,
        }
      },
      async open() {
        record('demo.open', [])
        // Throw-away: the store (document, origin, revision) is left as it is.
        return {
          document: sampleDocument(),
          origin: 'demo',
          problems: [],
          file: '/home/admin/.config/Fencepost/topology.json',
          revision: fake.stored.revision,
        }
      },
    },
    settings: {
      async get() {
        record('settings.get', [])
        return clone(fake.settings)
      },
      async set(settings) {
        record('settings.set', [settings])
        if (settings.fencing.verifyRetries > 100) throw new Error('verifyRetries: at most 100')
        fake.settings = clone(settings)
        return clone(fake.settings)
      },
      async knownHosts() {
        record('settings.knownHosts', [])
        return clone(fake.knownHosts)
      },
      async forgetHost(hostPort) {
        record('settings.forgetHost', [hostPort])
        fake.knownHosts = fake.knownHosts.filter((h) => h.hostPort !== hostPort)
        return clone(fake.knownHosts)
      },
      async fetchHostKey(machine) {
        record('settings.fetchHostKey', [machine])
        const check = fake.hostKeys[machine]
        if (!check) throw new Error(`machine: cannot fetch the host key of ${machine}`)
        return clone(check)
      },
      async trustHost(machine, fingerprint, replace) {
        record(
          'settings.trustHost',
          replace === undefined ? [machine, fingerprint] : [machine, fingerprint, replace],
        )
        const check = fake.hostKeys[machine]
        if (!check) throw new Error(`machine: no machine "${machine}"`)
        fake.knownHosts = [
          ...fake.knownHosts.filter((h) => h.hostPort !== check.hostPort),
          { hostPort: check.hostPort, fingerprint },
        ]
        return clone(fake.knownHosts)
      },
    },
    shell: {
      onMenuCommand(listener) {
        menuListeners.add(listener)
        return () => menuListeners.delete(listener)
      },
    },
  }
  return fake
}

/** Services for a test: the fake API, browser mode, a platform that remembers preferences. */
export function fakeServices(fake: FakeApi, platform: Partial<Platform> = {}): Services {
  const prefs = new Map<string, string>()
  return {
    api: fake.api,
    mode: 'browser',
    platform: {
      ...inertPlatform,
      readPreference: (key) => prefs.get(key),
      writePreference: (key, value) => void prefs.set(key, value),
      ...platform,
    },
  }
}
