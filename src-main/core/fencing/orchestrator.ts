// Power actions (DESIGN.md §4): concurrent groups of equal order, proxy fallback per device, group
// fallback, status verification, one action per host at a time, dry runs, cancellation, events.
import { randomUUID } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import type { ActionRequest, FencingEvent, FencingTimeouts } from '../../common/api'
import type { Device, TopologyDocument } from '../../common/document'
import type {
  ActionResult,
  Attempt,
  DryRunStep,
  PowerAction,
  PowerState,
} from '../../common/fencing'
import { groupByOrder } from '../../common/deviceGroups'
import { ApiError } from '../../common/errors'
import { passedOverMessage } from '../../common/fencing'
import { cancelledMessage, judgePower, lastKnownPower } from '../../common/powerJudgement'
import type { GroupState } from '../../common/powerJudgement'
import type { DevicePlan, HostPlan, ReachabilityResult } from '../../common/plan'
import { confirmedPower } from '../../common/knownPower'
import type { FenceType } from '../../common/plugins'
import { unknownEntriesOf, unknownEntryRefusal } from '../../common/unknownEntries'
import { createMemoryHostLocks } from '../locks/hostLocks'
import type { HostLocks } from '../locks/hostLocks'
import { planHost } from '../../common/planner/planHost'
import type { AgentRunner, RunTarget } from '../runners/agentRunner'
import { RunnerError } from '../runners/agentRunner'
import { findHost, listMachines } from '../../common/planner/machines'
import type { Machine } from '../../common/planner/machines'
import type { KnownPowerStore } from './knownPowerStore'
import type { PlainParam } from './agentStdin'
import { buildAgentStdin } from './agentStdin'
import { SecretResolutionError } from '../secrets/secretStore'
import { runAttempt } from './attempt'
import { walkCandidates } from './candidateWalk'
import type { InProcessDevice } from './attempt'

/** Timeouts and verification polling (the app's settings). */
export type FencingSettings = FencingTimeouts

/** What the orchestrator needs from the rest of the core. */
export interface OrchestratorDeps {
  runner: AgentRunner
  /** A device type by id. */
  typeOf(typeId: string): FenceType | undefined
  /** Whether a parameter of a type holds a secret (redacted in dry runs and history). */
  isSecretParam(typeId: string, name: string): boolean
  /** The in-process implementation of a type (the demo's sim), if it has one. */
  inProcessOf(typeId: string): InProcessDevice | undefined
  /** A machine as a run target, secrets resolved. */
  targetOf(machine: Machine): Promise<RunTarget>
  /** A device's parameters, secrets resolved. */
  paramsOf(device: Device): Promise<Record<string, PlainParam>>
  /** The stored reachability results of the real lab, or of the demo lab (`demo`). */
  reachability(lab?: 'demo'): readonly ReachabilityResult[]
  /** Agents known to be installed on a machine (from tests); undefined = not known to lack any. */
  agentsOf?(
    doc: TopologyDocument,
    lab?: 'demo',
  ): (machineId: string) => ReadonlySet<string> | undefined
  settings(): FencingSettings
  emit(event: FencingEvent): void
  /** One action per host across processes (DESIGN.md §4); in-process only when left out. */
  locks?: HostLocks
  /**
   * The known power of a lab's hosts (the demo lab's apart): the planner rejects hosts known off
   * as proxies, and every action or status that confirms a host off or on is recorded there.
   */
  knownPower?(lab: ActionRequest['lab']): KnownPowerStore
  now?(): number
  sleep?(ms: number, signal: AbortSignal): Promise<void>
}

/** A power action refused before it started (exit code 1 in the CLI). */
export class ActionRefused extends Error {}

interface Run {
  runId: string
  host: string
  signal: AbortSignal
  attempts: Attempt[]
  settings: FencingSettings
  machines: Map<string, Machine>
  deps: OrchestratorDeps
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

function groupsOf(plan: HostPlan): DevicePlan[][] {
  return groupByOrder(plan.devices).map((group) => group.members)
}

function record(run: Run, attempt: Attempt): Attempt {
  run.attempts.push(attempt)
  run.deps.emit({ kind: 'attempt', runId: run.runId, attempt })
  return attempt
}

interface DeviceOutcome {
  ok: boolean
  power: PowerState
  /** The proxy that worked. */
  proxy?: Machine
}

async function attemptOn(
  run: Run,
  doc: TopologyDocument,
  devicePlan: DevicePlan,
  proxy: Machine,
  action: 'on' | 'off' | 'status',
  /** The candidate walk already opened this attempt's row (see candidateWalk.ts). */
  announced = false,
): Promise<Attempt> {
  const device = findDevice(doc, run.host, devicePlan.device)
  const type = run.deps.typeOf(device.type)!
  if (!announced) {
    run.deps.emit({
      kind: 'attempt-started',
      runId: run.runId,
      device: device.id,
      proxy: proxy.name,
      action,
    })
  }
  const now = run.deps.now ?? Date.now
  let params: Record<string, PlainParam>
  try {
    params = await run.deps.paramsOf(device)
  } catch (error) {
    // Never run an agent without its secrets: the attempt names the one that is missing.
    const startedAt = new Date(now()).toISOString()
    const message = error instanceof Error ? error.message : String(error)
    const outcome = error instanceof SecretResolutionError ? 'secret-missing' : 'device-error'
    return record(run, {
      device: device.id,
      proxy: proxy.name,
      action,
      outcome,
      ms: 0,
      startedAt,
      message,
    })
  }
  const attempt = await runAttempt(
    {
      runner: run.deps.runner,
      targetOf: run.deps.targetOf,
      isSecretParam: run.deps.isSecretParam,
      timeoutMs: run.settings.agentTimeoutMs,
      signal: run.signal,
      now,
    },
    {
      device,
      type,
      inProcess: run.deps.inProcessOf(device.type),
      params,
      proxy,
      action,
    },
  )
  return record(run, attempt)
}

function findDevice(doc: TopologyDocument, hostId: string, deviceId: string): Device {
  const host = doc.hosts.find((h) => h.id === hostId)
  const device = host?.powerManagement?.devices.find((d) => d.id === deviceId)
  if (!device) throw new Error(`device ${deviceId} not found`)
  return device
}

/** Polls status through the proxy that worked until `wanted` is confirmed. */
async function verify(
  run: Run,
  doc: TopologyDocument,
  devicePlan: DevicePlan,
  proxy: Machine,
  wanted: 'on' | 'off',
): Promise<boolean> {
  const sleep = run.deps.sleep ?? defaultSleep
  for (let poll = 0; poll <= run.settings.verifyRetries; poll++) {
    if (run.signal.aborted) return false
    const attempt = await attemptOn(run, doc, devicePlan, proxy, 'status')
    if (attempt.outcome === 'ok' && attempt.power === wanted) return true
    if (attempt.outcome !== 'ok' && attempt.outcome !== 'device-error') return false
    if (poll < run.settings.verifyRetries) await sleep(run.settings.verifyDelayMs, run.signal)
  }
  return false
}

/** One device, trying its candidate proxies in plan order. */
async function runDevice(
  run: Run,
  doc: TopologyDocument,
  devicePlan: DevicePlan,
  action: 'on' | 'off' | 'status',
): Promise<DeviceOutcome> {
  if (devicePlan.candidates.length === 0) {
    run.deps.emit({
      kind: 'message',
      runId: run.runId,
      text: `${devicePlan.device}: no candidate proxy — this device cannot be fenced`,
    })
    return { ok: false, power: 'unknown' }
  }
  const outcome = await walkDevice(run, doc, devicePlan, action, async (proxy, announced) => {
    const attempt = await attemptOn(run, doc, devicePlan, proxy, action, announced)
    if (attempt.outcome !== 'ok') return undefined
    if (action === 'status') return { ok: true, power: attempt.power ?? 'unknown', proxy }
    if (await verify(run, doc, devicePlan, proxy, action)) return { ok: true, power: action, proxy }
    if (run.signal.aborted) return { ok: false, power: 'unknown' }
    run.deps.emit({
      kind: 'message',
      runId: run.runId,
      text: `${devicePlan.device}: ${action} accepted through ${proxy.name} but status never confirmed ${action}`,
    })
    return undefined
  })
  return outcome ?? { ok: false, power: 'unknown' }
}

/**
 * The device's candidates in plan order with the hedged fallback (candidateWalk.ts): `tryOn` runs
 * the agent on a ready proxy; connections that fail, are passed over or cancelled before the agent
 * ran are recorded as attempts of their own, so the result and the history name them.
 */
function walkDevice(
  run: Run,
  doc: TopologyDocument,
  devicePlan: DevicePlan,
  action: 'on' | 'off' | 'status',
  tryOn: (proxy: Machine, announced: boolean) => Promise<DeviceOutcome | undefined>,
): Promise<DeviceOutcome | undefined> {
  const device = findDevice(doc, run.host, devicePlan.device)
  const now = run.deps.now ?? Date.now
  const unran = (
    proxy: Machine,
    startedAt: number,
    ms: number,
    outcome: Attempt['outcome'],
    message: string,
    extra: Partial<Attempt> = {},
  ): void => {
    record(run, {
      device: device.id,
      proxy: proxy.name,
      action,
      outcome,
      ms: Math.round(ms),
      startedAt: new Date(startedAt).toISOString(),
      message,
      ...extra,
    })
  }
  return walkCandidates<Machine, DeviceOutcome>({
    candidates: devicePlan.candidates.map((c) => run.machines.get(c.proxyId)!),
    hedgeAfterMs: run.settings.hedgeAfterMs,
    signal: run.signal,
    now,
    connect: (proxy, signal) => connectTo(run, device, proxy, signal),
    attempt: tryOn,
    opened: (proxy) =>
      run.deps.emit({
        kind: 'attempt-started',
        runId: run.runId,
        device: device.id,
        proxy: proxy.name,
        action,
      }),
    connectFailed: (proxy, error, ms, startedAt) => {
      const failure =
        error instanceof RunnerError
          ? error
          : new RunnerError(
              'proxy-unreachable',
              error instanceof Error ? error.message : String(error),
            )
      unran(proxy, startedAt, ms, failure.code, failure.message)
    },
    hedged: (slow, next, afterMs) =>
      run.deps.emit({
        kind: 'hedged',
        runId: run.runId,
        device: device.id,
        action,
        slowProxy: slow.name,
        nextProxy: next.name,
        afterMs: Math.round(afterMs),
      }),
    passedOver: (proxy, chosen, ms, startedAt) =>
      unran(proxy, startedAt, ms, 'proxy-unreachable', passedOverMessage(chosen.name, ms), {
        passedOverFor: chosen.name,
      }),
    cancelled: (proxy, ms, startedAt) =>
      unran(proxy, startedAt, ms, 'cancelled', 'cancelled while waiting for the SSH handshake'),
  })
}

/**
 * Readies the connection to `proxy` before the agent runs there. In-process devices and runners
 * without connections are ready at once; a target that cannot be built (a missing secret) is left
 * to the attempt, which reports it in its own words.
 */
async function connectTo(
  run: Run,
  device: Device,
  proxy: Machine,
  signal: AbortSignal,
): Promise<void> {
  const runner = run.deps.runner
  if (run.deps.inProcessOf(device.type) || !runner.connect) return
  let target: RunTarget
  try {
    target = await run.deps.targetOf(proxy)
  } catch {
    return
  }
  try {
    await runner.connect(target, signal)
  } catch (error) {
    if (error instanceof RunnerError) throw error
    // Not a connection failure the runner knows: the attempt will meet it and say so.
  }
}

/** Group status: on if any device reports on; off if all report off; otherwise unknown. */
function groupPower(outcomes: DeviceOutcome[]): PowerState {
  if (outcomes.some((o) => o.ok && o.power === 'on')) return 'on'
  if (outcomes.every((o) => o.ok && o.power === 'off')) return 'off'
  return 'unknown'
}

async function runGroups(
  run: Run,
  doc: TopologyDocument,
  groups: DevicePlan[][],
  action: 'on' | 'off' | 'status',
): Promise<{ ok: boolean; power: PowerState }> {
  for (const [index, group] of groups.entries()) {
    if (run.signal.aborted) break
    if (index > 0) {
      run.deps.emit({
        kind: 'message',
        runId: run.runId,
        text: `falling back to devices of order ${group[0]!.order}`,
      })
    }
    const outcomes = await Promise.all(group.map((d) => runDevice(run, doc, d, action)))
    if (action === 'status') {
      const power = groupPower(outcomes)
      if (power !== 'unknown') return { ok: true, power }
    } else if (outcomes.every((o) => o.ok)) {
      return { ok: true, power: action }
    }
  }
  return { ok: false, power: 'unknown' }
}

function dryRunSteps(
  doc: TopologyDocument,
  plan: HostPlan,
  hostId: string,
  action: PowerAction,
  deps: OrchestratorDeps,
): DryRunStep[] {
  const steps: DryRunStep[] = []
  const actions: ('on' | 'off' | 'status')[] = action === 'restart' ? ['off', 'on'] : [action]
  for (const phase of actions) {
    for (const devicePlan of plan.devices) {
      const device = findDevice(doc, hostId, devicePlan.device)
      const type = deps.typeOf(device.type)!
      // Secrets are shown as *** whatever their source, so they are never read for a dry run.
      const params = Object.fromEntries(
        Object.entries(device.params).map(([k, v]) => [k, typeof v === 'object' ? '***' : v]),
      )
      steps.push({
        device: device.id,
        order: device.order,
        action: phase,
        proxies: devicePlan.candidates.map((c) => c.proxy),
        stdin: buildAgentStdin(type, phase, params, (key) => deps.isSecretParam(type.id, key))
          .redacted,
      })
    }
  }
  return steps
}

/** The orchestrator: one per core. */
export interface Orchestrator {
  /**
   * Runs a power action on `doc`; throws {@link ActionRefused} when it cannot start, ApiError
   * `busy` when another action (of any process) holds the host.
   */
  run(doc: TopologyDocument, request: ActionRequest): Promise<ActionResult & { runId: string }>
  /** Status of every device through every candidate proxy (of `lab`'s known power, §4). */
  test(
    doc: TopologyDocument,
    host: string,
    lab?: ActionRequest['lab'],
  ): Promise<ReachabilityResult[]>
  /** Cancels the running action of a host (by id or name). */
  cancel(doc: TopologyDocument, host: string): boolean
  /**
   * The plan a test (`forTest`: every machine the preferences admit) or an action would walk, as
   * `test` and `run` plan it; the bulk runner (bulkRun.ts) reads its proxy demand from it.
   */
  planOf(
    doc: TopologyDocument,
    hostId: string,
    forTest: boolean,
    lab?: ActionRequest['lab'],
  ): HostPlan
}

/** Creates the orchestrator. */
export function createOrchestrator(deps: OrchestratorDeps): Orchestrator {
  // The runs of this process, for cancel. Whether a host is free is the host lock's to say: it
  // also sees the actions of other processes (the app, browser mode, every CLI).
  const running = new Map<string, AbortController>()
  const locks = deps.locks ?? createMemoryHostLocks()

  /**
   * Takes the host's lock for `action` (none for a dry run, which runs nothing) and registers the
   * run for cancel. Throws ApiError `busy` naming the holder when the host is taken.
   */
  function start(
    doc: TopologyDocument,
    hostRef: string,
    action: string | undefined,
  ): { hostId: string; controller: AbortController; finish: () => void } {
    const host = findHost(doc, hostRef)
    if (!host) throw new ApiError('not-found', `no host "${hostRef}" in the topology`)
    for (const device of host.powerManagement?.devices ?? []) {
      if (!deps.typeOf(device.type)) {
        throw new ActionRefused(
          `device ${device.id} has type "${device.type}", which no plugin provides`,
        )
      }
    }
    const lock = action ? locks.acquire({ hostId: host.id, host: host.name, action }) : undefined
    const controller = new AbortController()
    // Every concurrent attempt (a test runs all devices × proxies at once) listens for cancel.
    // A DOM's AbortSignal (the renderer tests run the core under happy-dom) is no Node event
    // target and has no listener limit to lift.
    try {
      setMaxListeners(0, controller.signal)
    } catch {
      // Nothing to lift.
    }
    if (lock) running.set(host.id, controller)
    const finish = (): void => {
      if (running.get(host.id) === controller) running.delete(host.id)
      lock?.release()
    }
    return { hostId: host.id, controller, finish }
  }

  // A test tries every machine the preferences admit, also those an earlier test found without
  // the agent (it may have been installed since); actions skip those.
  function planFor(
    doc: TopologyDocument,
    hostId: string,
    forTest: boolean,
    lab: ActionRequest['lab'],
  ): HostPlan {
    const agentsOf = forTest ? undefined : deps.agentsOf?.(doc, lab)
    const knownPower = deps.knownPower?.(lab).all()
    return planHost(doc, hostId, {
      ...(agentsOf ? { agentsOf } : {}),
      ...(knownPower ? { knownPower } : {}),
      reachability: deps.reachability(lab),
      agentOfType: (type) => (deps.inProcessOf(type) ? undefined : deps.typeOf(type)?.agent),
    })
  }

  /** Records the power `result` confirmed for its host (DESIGN.md §4); unknown changes nothing. */
  function rememberPower(hostId: string, result: ActionResult, lab: ActionRequest['lab']): void {
    const power = confirmedPower(result)
    if (!power || !deps.knownPower) return
    const at = new Date((deps.now ?? Date.now)()).toISOString()
    deps.knownPower(lab).record({ hostId, power, at, action: result.action })
  }

  function newRun(doc: TopologyDocument, hostId: string, signal: AbortSignal): Run {
    return {
      runId: randomUUID(),
      host: hostId,
      signal,
      attempts: [],
      settings: deps.settings(),
      machines: new Map(listMachines(doc).map((m) => [m.id, m])),
      deps,
    }
  }

  return {
    async run(doc, request) {
      const host = findHost(doc, request.host)
      if (host && !request.dryRun && host.powerManagement?.enabled !== true) {
        throw new ActionRefused(`power management is not enabled for ${host.name}`)
      }
      if (host && (host.powerManagement?.devices.length ?? 0) === 0) {
        throw new ActionRefused(`${host.name} has no fence devices`)
      }
      // A preference entry that matches no machine: the order meant cannot be known, so nothing
      // runs (a dry run still shows the plan, and says so).
      const early = host ? planFor(doc, host.id, false, request.lab) : undefined
      const refusal = early ? unknownEntryRefusal(early) : undefined
      if (early && refusal && !request.dryRun) {
        throw new ApiError('refused', refusal, { unknownEntries: unknownEntriesOf(early) })
      }
      const { hostId, controller, finish } = start(
        doc,
        request.host,
        request.dryRun ? undefined : request.action,
      )
      const run = newRun(doc, hostId, controller.signal)
      const hostName = findHost(doc, hostId)!.name
      let result: ActionResult
      try {
        deps.emit({
          kind: 'started',
          runId: run.runId,
          host: hostName,
          action: request.action,
          dryRun: request.dryRun,
        })
        const plan = planFor(doc, hostId, false, request.lab)
        if (request.dryRun) {
          result = {
            host: hostName,
            action: request.action,
            result: 'ok',
            power: 'unknown',
            attempts: [],
            dryRunSteps: dryRunSteps(doc, plan, hostId, request.action, deps),
            ...(refusal ? { message: `Only a dry run: ${refusal}` } : {}),
          }
        } else {
          const groups = groupsOf(plan)
          let outcome: { ok: boolean; power: PowerState }
          if (request.action === 'restart') {
            outcome = await runGroups(run, doc, groups, 'off')
            if (outcome.ok) outcome = await runGroups(run, doc, groups, 'on')
            else outcome = { ok: false, power: 'unknown' }
          } else {
            outcome = await runGroups(run, doc, groups, request.action)
          }
          const cancelled = controller.signal.aborted
          // What this run last confirmed per device; a cancel reports it (DESIGN.md §4).
          const devicePower = lastKnownPower(plan.devices, run.attempts)
          result = {
            host: hostName,
            action: request.action,
            result: cancelled ? 'cancelled' : outcome.ok ? 'ok' : 'failed',
            power: cancelled ? powerOfState(judgePower(devicePower).state) : outcome.power,
            attempts: run.attempts,
            devicePower,
            ...(outcome.ok && !cancelled
              ? {}
              : {
                  message: cancelled
                    ? cancelledMessage(devicePower)
                    : failureMessage(request.action, run.attempts),
                }),
          }
        }
        rememberPower(hostId, result, request.lab)
      } finally {
        finish()
      }
      deps.emit({ kind: 'finished', runId: run.runId, result })
      return { ...result, runId: run.runId }
    },

    async test(doc, hostRef, lab) {
      const { hostId, controller, finish } = start(doc, hostRef, 'test')
      const run = newRun(doc, hostId, controller.signal)
      try {
        deps.emit({
          kind: 'started',
          runId: run.runId,
          host: findHost(doc, hostId)!.name,
          action: 'test',
          dryRun: false,
        })
        const plan = planFor(doc, hostId, true, lab)
        const jobs = plan.devices.flatMap((devicePlan) =>
          devicePlan.candidates.map(async (candidate): Promise<ReachabilityResult> => {
            const proxy = run.machines.get(candidate.proxyId)!
            const attempt = await attemptOn(run, doc, devicePlan, proxy, 'status')
            return {
              hostId,
              deviceId: devicePlan.device,
              proxyId: proxy.id,
              ok: attempt.outcome === 'ok',
              at: new Date().toISOString(),
              outcome: attempt.outcome,
              ...(attempt.power ? { power: attempt.power } : {}),
              ...(attempt.outcome === 'ok' ? {} : { message: attempt.message ?? attempt.outcome }),
            }
          }),
        )
        const results = await Promise.all(jobs)
        const power = 'unknown'
        deps.emit({
          kind: 'finished',
          runId: run.runId,
          result: {
            host: findHost(doc, hostId)!.name,
            action: 'status',
            result: results.every((r) => r.ok) ? 'ok' : 'failed',
            power,
            attempts: run.attempts,
          },
        })
        return results
      } finally {
        finish()
      }
    },

    cancel(doc, hostRef) {
      const host = findHost(doc, hostRef)
      const controller = host ? running.get(host.id) : undefined
      controller?.abort()
      return controller !== undefined
    },

    planOf: planFor,
  }
}

/** The host's power as the `power` field says it: a mixed group is not a power state. */
function powerOfState(state: GroupState): PowerState {
  return state === 'on' || state === 'off' ? state : 'unknown'
}

function failureMessage(action: PowerAction, attempts: Attempt[]): string {
  const last = [...attempts].reverse().find((a) => a.outcome !== 'ok')
  const why = last
    ? ` — last: ${last.device} via ${last.proxy}: ${last.message ?? last.outcome}`
    : ''
  return `${action} failed: no device group succeeded${why}`
}
