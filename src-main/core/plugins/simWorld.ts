/**
 * A typed client for the demo lab's simulated world — the one a plugin contributes with
 * `contributes.demo` (the built-in `sim`, `plugins/sim/index.js`) — for the demo's fault panel and
 * guided scenarios. It talks to the world only through the plugin's `control` hook, so it drives
 * the very instance the loader activated. The registry knows nothing of it (no import circle).
 */
import { NO_DEMO_FAULTS, type DemoFaults } from '../../common/api'
import { cutOffKey, simulatedDeviceOf } from '../../common/demoScenarios'
import type { PluginHooks } from './pluginApi'
import type { PluginRegistry } from './registry'

/** A simulated BMC's power state. */
export type SimPower = 'on' | 'off'

/** The faults one simulated BMC can have at once. */
export interface SimFaults {
  /** Never answers: the caller's timeout ends the call. */
  dead?: true
  /** Answers every call with exit 1 and `Failed: <message>`. */
  fail?: string
  /** Answers after this many milliseconds. */
  slow?: number
  /** Accepts on/off (exit 0) but the power state does not change. */
  ignore?: true
  /** The password of every device naming this BMC cannot be resolved (`secret-missing`). */
  'secret-missing'?: true
}

/** What a simulated proxy can do wrong before the agent runs, as the SSH runner reports it. */
export type SimProxyFault = 'auth-failed' | 'host-key-mismatch' | 'agent-missing'

/** One call the world answered (or did not). */
export interface SimCallRecord {
  at: number
  bmc: string
  proxyId: string
  action: string
  /**
   * The exit code; `no answer` for a dead BMC; `cancelled` when the caller gave up first;
   * `proxy down` when the call was refused because its proxy is down.
   */
  result: number | 'no answer' | 'cancelled' | 'proxy down' | SimProxyFault
}

/** Timings of the world. */
export interface SimSettings {
  /** How long a call to a cut-off BMC takes to fail; default 500 ms. */
  unreachableMs: number
  /** The delay of a `slow` fault set without one; default 2500 ms. */
  slowMs: number
}

/** The whole world. */
export interface SimSnapshot {
  bmcs: { bmc: string; power: SimPower; faults: SimFaults; calls: number }[]
  /** BMC/proxy pairs that cannot reach each other. */
  cutOff: { bmc: string; proxyId: string }[]
  /** Proxies (machine ids) that are down: calls "on" them fail as `proxy-unreachable`. */
  proxiesDown: string[]
  /** Proxies that refuse the login, present a changed host key, or lack the agent. */
  proxyFaults?: { proxyId: string; fault: SimProxyFault }[]
  settings: SimSettings
  /** The last 200 calls, oldest first. */
  log: SimCallRecord[]
}

function isSnapshot(value: unknown): value is SimSnapshot {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    Array.isArray(v.bmcs) &&
    Array.isArray(v.cutOff) &&
    Array.isArray(v.proxiesDown) &&
    Array.isArray(v.log)
  )
}

/** Fault injection on the simulated BMC world. Every method returns the resulting snapshot. */
export class SimWorld {
  constructor(private readonly control: NonNullable<PluginHooks['control']>) {}

  /** The simulated world of a registry, if a plugin contributing `demo` loaded. */
  static of(registry: PluginRegistry): SimWorld | undefined {
    const provider = registry.demo()
    return provider ? new SimWorld(provider.control) : undefined
  }

  private send(command: string, args: Record<string, unknown> = {}): SimSnapshot {
    const result = this.control(command, args)
    if (!isSnapshot(result)) throw new Error(`sim: ${command} gave no snapshot`)
    return result
  }

  /** The current state. */
  snapshot(): SimSnapshot {
    return this.send('snapshot')
  }

  /** Forgets every BMC, fault and cut-off. */
  reset(): SimSnapshot {
    return this.send('reset')
  }

  /** Changes the world's timings. */
  configure(settings: Partial<SimSettings>): SimSnapshot {
    return this.send('configure', settings)
  }

  /** Sets a BMC's power state directly (the lab's starting picture). */
  setPower(bmc: string, power: SimPower): SimSnapshot {
    return this.send('set-power', { bmc, power })
  }

  /** Makes a BMC stop answering. */
  kill(bmc: string): SimSnapshot {
    return this.send('set-fault', { bmc, fault: 'dead' })
  }

  /** Makes a BMC fail every call, with an agent-like message. */
  fail(bmc: string, message?: string): SimSnapshot {
    return this.send('set-fault', { bmc, fault: 'fail', ...(message ? { value: message } : {}) })
  }

  /** Delays every answer of a BMC (by `settings.slowMs` when no delay is given). */
  slow(bmc: string, ms?: number): SimSnapshot {
    return this.send('set-fault', {
      bmc,
      fault: 'slow',
      ...(ms !== undefined ? { value: ms } : {}),
    })
  }

  /** Makes a BMC accept on/off without changing its power state. */
  ignore(bmc: string): SimSnapshot {
    return this.send('set-fault', { bmc, fault: 'ignore' })
  }

  /** Clears one fault of a BMC, or all of them. */
  clearFault(bmc: string, fault?: keyof SimFaults): SimSnapshot {
    return this.send('clear-fault', { bmc, ...(fault ? { fault } : {}) })
  }

  /** Cuts a BMC off from one proxy (e.g. every proxy of a cluster, one call each). */
  cutOff(bmc: string, proxyId: string): SimSnapshot {
    return this.send('cut-off', { bmc, proxyId })
  }

  /** Restores a BMC's reachability from one proxy, or from all. */
  reconnect(bmc: string, proxyId?: string): SimSnapshot {
    return this.send('reconnect', { bmc, ...(proxyId ? { proxyId } : {}) })
  }

  /** Takes a proxy down: sim calls through it fail as `proxy-unreachable`. */
  proxyDown(proxyId: string): SimSnapshot {
    return this.send('proxy-down', { proxyId })
  }

  /** Brings one proxy back up, or all. */
  proxyUp(proxyId?: string): SimSnapshot {
    return this.send('proxy-up', proxyId ? { proxyId } : {})
  }

  /** Sets (or with `on` false clears) one fault of a simulated proxy. */
  proxyFault(proxyId: string, fault: SimProxyFault, on = true): SimSnapshot {
    return this.send('proxy-fault', { proxyId, fault, value: on })
  }

  /** Makes the password of every device naming `bmc` unresolvable, or resolvable again. */
  secretMissing(bmc: string, on = true): SimSnapshot {
    return this.send('set-fault', { bmc, fault: 'secret-missing', value: on })
  }

  /** The faults the demo's fault panel shows (DESIGN's `DemoFaults`). */
  demoFaults(): DemoFaults {
    return demoFaultsOf(this.snapshot())
  }

  /**
   * Makes the world's proxies-down, cut-offs, failing and slow BMCs exactly these; `dead` and
   * `ignore` faults stay as they are. Checks every value before changing anything.
   */
  setDemoFaults(faults: DemoFaults): DemoFaults {
    const pairs = faults.cutOff.map((entry) => {
      const at = entry.indexOf('|')
      const bmc = entry.slice(0, at).trim()
      const proxyId = entry.slice(at + 1).trim()
      if (at < 0 || !bmc || !proxyId || proxyId.includes('|')) {
        throw new Error(`cutOff: "${entry}" is not "bmc|proxyId"`)
      }
      return { bmc, proxyId }
    })
    const proxyFaults: [SimProxyFault, string[]][] = [
      ['auth-failed', faults.authFailing ?? []],
      ['host-key-mismatch', faults.hostKeyChanged ?? []],
      ['agent-missing', faults.agentMissing ?? []],
    ]
    const secretMissing = new Set(faults.secretMissing ?? [])
    const ids = [
      ...faults.proxiesDown,
      ...faults.failing,
      ...faults.slow,
      ...proxyFaults.flatMap(([, list]) => list),
      ...secretMissing,
    ]
    const bad = ids.find((id) => !id.trim() || id.includes('|'))
    if (bad !== undefined) throw new Error(`"${bad}" is not a valid id`)

    const before = this.snapshot()
    this.proxyUp()
    for (const proxyId of faults.proxiesDown) this.proxyDown(proxyId)
    this.send('clear-proxy-faults')
    for (const [fault, list] of proxyFaults) for (const id of list) this.proxyFault(id, fault)
    for (const bmc of new Set(before.cutOff.map((c) => c.bmc))) this.reconnect(bmc)
    for (const { bmc, proxyId } of pairs) this.cutOff(bmc, proxyId)
    const failing = new Set(faults.failing)
    const slow = new Set(faults.slow)
    for (const { bmc, faults: has } of before.bmcs) {
      if (has.fail !== undefined && !failing.has(bmc)) this.clearFault(bmc, 'fail')
      if (has.slow !== undefined && !slow.has(bmc)) this.clearFault(bmc, 'slow')
      if (has['secret-missing'] && !secretMissing.has(bmc)) this.secretMissing(bmc, false)
    }
    for (const bmc of secretMissing) this.secretMissing(bmc)
    const had = new Map(before.bmcs.map((b) => [b.bmc, b.faults]))
    for (const bmc of failing) if (had.get(bmc)?.fail === undefined) this.fail(bmc)
    for (const bmc of slow) if (had.get(bmc)?.slow === undefined) this.slow(bmc)
    return this.demoFaults()
  }
}

/** The demo faults a snapshot holds. */
export function demoFaultsOf(snapshot: SimSnapshot): DemoFaults {
  return {
    proxiesDown: [...snapshot.proxiesDown],
    cutOff: snapshot.cutOff.map((c) => cutOffKey(c.bmc, c.proxyId)),
    failing: snapshot.bmcs.filter((b) => b.faults.fail !== undefined).map((b) => b.bmc),
    slow: snapshot.bmcs.filter((b) => b.faults.slow !== undefined).map((b) => b.bmc),
    authFailing: proxiesWith(snapshot, 'auth-failed'),
    hostKeyChanged: proxiesWith(snapshot, 'host-key-mismatch'),
    agentMissing: proxiesWith(snapshot, 'agent-missing'),
    secretMissing: snapshot.bmcs.filter((b) => b.faults['secret-missing']).map((b) => b.bmc),
  }
}

function proxiesWith(snapshot: SimSnapshot, fault: SimProxyFault): string[] {
  return (snapshot.proxyFaults ?? []).filter((f) => f.fault === fault).map((f) => f.proxyId)
}

/**
 * The secret a demo device's password stands for when its BMC has the `secret-missing` fault: a
 * reference no secret store holds, so the core resolves it the real way and the attempt ends
 * `secret-missing` with the real message, before anything runs. Undefined otherwise.
 */
export function demoUnresolvedSecret(
  registry: PluginRegistry,
  device: { type: string; params: Record<string, unknown> },
): { ref: string } | undefined {
  const provider = registry.demo()
  const bmc = provider ? simulatedDeviceOf(device, provider.contribution) : undefined
  if (!provider || bmc === undefined) return undefined
  const world = new SimWorld(provider.control)
  if (!world.snapshot().bmcs.some((b) => b.bmc === bmc && b.faults['secret-missing'])) {
    return undefined
  }
  return { ref: `demo-unresolvable-${bmc.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 128) }
}

/**
 * The demo lab's faults, as the simulated world holds them: proxies down, BMC/proxy pairs cut
 * off, failing and slow BMCs, … Every list empty when no plugin contributes a demo world.
 */
export function demoFaults(registry: PluginRegistry): DemoFaults {
  const world = SimWorld.of(registry)
  return world ? world.demoFaults() : { ...NO_DEMO_FAULTS }
}

/**
 * Replaces the demo lab's faults with these (see {@link SimWorld.setDemoFaults}) and returns the
 * result. Throws when no plugin contributes a demo world, or a value is malformed.
 */
export function setDemoFaults(registry: PluginRegistry, faults: DemoFaults): DemoFaults {
  const world = SimWorld.of(registry)
  if (!world) throw new Error('the demo needs the sim plugin, which is not loaded')
  return world.setDemoFaults(faults)
}
