// The renderer's API in tests: the real core, in-process, over a temp data folder (file secret
// store, the built-in plugins, the simulated demo world), behind a thin transport that does what
// the Electron IPC path does to a call — arguments structured-cloned, handed to the dispatcher both
// real transports share (argument schemas, core call, outcome), answers and events
// structured-cloned, an ApiError carried as data and revived.
// So a test cannot share objects with the core, and the UI meets exactly what the core says.
//
// The transport carries no rules. Its test hooks act on the wire only: it records calls, can hold
// a call back (to see a loading state), make the next call of a method fail with a given error,
// go offline (events dropped, as on a lost socket), deliver desktop-menu commands, and deliver an
// event the simulated lab cannot produce (a hedge needs a hung SSH handshake).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type {
  ApiDomain,
  FencepostApi,
  FencingEvent,
  MenuCommand,
  TopologyChanged,
} from '../../../src-main/common/api'
import { buildApiObject } from '../../../src-main/common/apiObject'
import type { TopologyDocument } from '../../../src-main/common/document'
import { ipcFailure, reviveApiError, unwrapIpcResult } from '../../../src-main/common/ipcResult'
import type { IpcResult } from '../../../src-main/common/ipcResult'
import { createApiDispatcher } from '../../../src-main/core/apiDispatcher'
import type { DispatchOutcome } from '../../../src-main/core/apiDispatcher'
import type { CorePorts, FencepostCore } from '../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../src-main/core/nodeCore'
import { dataPaths } from '../../../src-main/core/paths'
import { SimWorld } from '../../../src-main/core/plugins/simWorld'
import { createFileKnownHosts } from '../../../src-main/core/runners/knownHosts'
import type { PickedFile, Platform, Services } from '../../../src-renderer/src/services'
import { inertPlatform } from '../../../src-renderer/src/services'
import { sampleDocument } from './sampleLab'

/** A call as it went over the wire: `domain.method` and its (cloned) arguments. */
export interface Call {
  method: string
  args: unknown[]
}

/** How a test's core starts. */
export interface TestCoreOptions {
  /**
   * What the store holds at the start, saved through the core as revision 1 (plain secrets move
   * into the secret store, as on any save). Default: {@link sampleDocument}. `null`: an empty
   * store, revision 0 — a first start, which shows the demo lab.
   */
  stored?: TopologyDocument | null
  /** The host keys SSH servers present, by `host:port` (the core's `fetchHostKey` port). */
  hostKeys?: Record<string, string>
  /** Host keys the app trusts at the start, by `host:port`. */
  knownHosts?: Record<string, string>
  /** Overrides of the fast fencing timeouts (agent 1 s, 3 verify polls 10 ms apart). */
  fencingSettings?: CorePorts['fencingSettings']
}

/** A test's core and the transport the renderer sees it through. */
export interface TestCore {
  /** The API the renderer uses (through the transport). */
  readonly api: FencepostApi
  readonly core: FencepostCore
  /** The demo lab's simulated BMCs and proxies (reset at the start and the end of a test). */
  readonly world: SimWorld
  readonly dataDir: string
  /** Every call that went over the transport, in order. */
  readonly calls: Call[]
  /** The host keys the core's `fetchHostKey` port reads, by `host:port`; change at will. */
  readonly hostKeys: Map<string, string>
  /** How many calls of `domain.method` went over the transport. */
  count(method: string): number
  /** The arguments of every call of `domain.method`, in order. */
  argsOf(method: string): unknown[][]
  /** What the store holds now (read by the core, not over the transport). */
  stored(): { document: TopologyDocument | undefined; revision: number }
  /**
   * Another window or the CLI saves `document` (not over this transport); the store's watch
   * announces it as it would. Returns the new revision.
   */
  saveElsewhere(document: TopologyDocument): Promise<number>
  /** Holds back the next call of `domain.method` until the returned function is called. */
  hold(method: string): () => void
  /** The next call of `domain.method` rejects with `error` instead of reaching the core. */
  failNext(method: string, error: Error): void
  /**
   * Delivers a fencing event the core did not send, as the wire would carry it: only for what the
   * simulated lab cannot produce (a hung SSH handshake's hedge).
   */
  pushEvent(event: FencingEvent): void
  /** While offline, no event (fencing, store changes) reaches the renderer: a lost socket. */
  setOffline(offline: boolean): void
  /** Sends a desktop-menu command, as Electron's menu does over its channel. */
  menu(command: MenuCommand): void
  /** Closes the core and removes its data folder (done after each test anyway). */
  close(): Promise<void>
}

/** Fast fencing for tests: a sim call that does not answer ends in 1 s. */
const FAST_FENCING = { agentTimeoutMs: 1_000, verifyRetries: 3, verifyDelayMs: 10 }

const open = new Set<TestCore>()

afterEach(async () => {
  const cores = [...open]
  open.clear()
  for (const core of cores) await core.close()
})

/** The IpcResult of a dispatch outcome, as the Electron handler answers (a failure keeps its message). */
function ipcResultOf(outcome: DispatchOutcome): IpcResult {
  if (outcome.ok) return { ok: true, value: outcome.value }
  return ipcFailure('refusal' in outcome ? outcome.refusal : outcome.failure)
}

/**
 * Starts a real core over a fresh temp data folder, with `options.stored` in its store; it is
 * closed and its folder removed after the current test.
 */
export async function startCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fencepost-renderer-'))
  const knownHosts = createFileKnownHosts(dataPaths(dataDir).knownHosts)
  for (const [hostPort, fingerprint] of Object.entries(options.knownHosts ?? {}))
    await knownHosts.trust(hostPort, fingerprint)
  const hostKeys = new Map(Object.entries(options.hostKeys ?? {}))
  const core = await createNodeCore({
    dataDir,
    // Never the developer's keyring: the encrypted file in the temp folder.
    keyring: null,
    env: { ...process.env, FENCEPOST_SECRET_STORE: 'file' },
    fencingSettings: { ...FAST_FENCING, ...options.fencingSettings },
    lockOwner: 'browser mode',
    fetchHostKey: async (host, port) => {
      const fingerprint = hostKeys.get(`${host}:${port}`)
      if (fingerprint === undefined) throw new Error(`connect ECONNREFUSED ${host}:${port}`)
      return fingerprint
    },
  })
  const world = SimWorld.of(core.registry)
  if (!world) throw new Error('the built-in sim plugin did not load')
  world.reset()
  const stored = options.stored === undefined ? sampleDocument() : options.stored
  if (stored) {
    const saved = await core.api.topology.save(stored)
    if (!saved.ok) throw new Error(`the test lab is invalid: ${JSON.stringify(saved.issues)}`)
  }

  const calls: Call[] = []
  const holds = new Map<string, Promise<void>>()
  const failures = new Map<string, Error>()
  const menuListeners = new Set<(command: MenuCommand) => void>()
  const eventListeners = new Set<(event: FencingEvent) => void>()
  let offline = false
  const deliver =
    <T>(listener: (event: T) => void) =>
    (event: T): void => {
      if (!offline) listener(structuredClone(event))
    }

  // The dispatcher Electron's IPC handlers and browser mode's server share: argument check, core
  // call, outcome. Around it, what IPC does: structured clones both ways, ApiErrors as data.
  const dispatcher = createApiDispatcher(core.api)
  const call = async (domain: ApiDomain, method: string, args: unknown[]): Promise<unknown> => {
    // A reactive proxy cannot cross IPC: structuredClone refuses it as Electron would.
    const sent = structuredClone(args)
    const name = `${domain}.${method}`
    calls.push({ method: name, args: sent })
    const held = holds.get(name)
    if (held) {
      holds.delete(name)
      await held
    }
    const failure = failures.get(name)
    if (failure) {
      failures.delete(name)
      throw failure
    }
    const result = structuredClone(ipcResultOf(await dispatcher.dispatch({ domain, method }, sent)))
    try {
      return unwrapIpcResult(result)
    } catch (error) {
      throw reviveApiError(error)
    }
  }
  const api = buildApiObject(call, {
    topology: {
      onChanged: (listener: (event: TopologyChanged) => void) =>
        core.api.topology.onChanged(deliver(listener)),
    },
    plan: {},
    fencing: {
      onEvent(listener: (event: FencingEvent) => void) {
        const delivered = deliver(listener)
        eventListeners.add(delivered)
        const unsubscribe = core.api.fencing.onEvent(delivered)
        return () => {
          eventListeners.delete(delivered)
          unsubscribe()
        }
      },
    },
    plugins: {},
    demo: {},
    settings: {},
    shell: {
      onMenuCommand(listener: (command: MenuCommand) => void) {
        menuListeners.add(listener)
        return () => menuListeners.delete(listener)
      },
    },
  })

  let closed = false
  const testCore: TestCore = {
    api,
    core,
    world,
    dataDir,
    calls,
    hostKeys,
    count: (method) => calls.filter((c) => c.method === method).length,
    argsOf: (method) => calls.filter((c) => c.method === method).map((c) => c.args),
    stored() {
      const loaded = core.loadStored()
      return { document: loaded.document, revision: loaded.revision }
    },
    async saveElsewhere(document) {
      const saved = await core.api.topology.save(structuredClone(document))
      if (!saved.ok) throw new Error(`not saved: ${JSON.stringify(saved.issues)}`)
      return saved.revision!
    },
    hold(method) {
      let release!: () => void
      holds.set(method, new Promise<void>((resolve) => (release = resolve)))
      return () => release()
    },
    failNext: (method, error) => void failures.set(method, error),
    pushEvent: (event) => eventListeners.forEach((listener) => listener(event)),
    setOffline: (value) => void (offline = value),
    menu: (command) => menuListeners.forEach((listener) => listener(command)),
    async close() {
      if (closed) return
      closed = true
      open.delete(testCore)
      world.reset()
      await core.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  open.add(testCore)
  return testCore
}

/** Services for a test: the core's API, browser mode, a platform that remembers preferences. */
export function servicesOf(testCore: TestCore, platform: Partial<Platform> = {}): Services {
  const prefs = new Map<string, string>()
  return {
    api: testCore.api,
    mode: 'browser',
    platform: {
      ...inertPlatform,
      readPreference: (key) => prefs.get(key),
      writePreference: (key, value) => void prefs.set(key, value),
      ...platform,
    },
  }
}

/** A picked file holding `text` (its size as the bytes of `text`, unless given). */
export function pickedFile(name: string, text: string, size?: number): PickedFile {
  return { name, size: size ?? new TextEncoder().encode(text).length, text: async () => text }
}
