/**
 * The demo lab's rules that a plugin's `contributes.demo` parameterises: which devices are
 * simulated (and which simulated device each names), the `bmc|proxy` key of a cut-off, and the
 * guided scenarios built from the manifest's setups and the live plans. Pure; the core (fault
 * injection, unresolvable secrets) and the renderer (demo view, plan panel) both use it.
 */
import { NO_DEMO_FAULTS, type DemoFaults } from './api'
import { groupByOrder } from './deviceGroups'
import type { Host, TopologyDocument } from './document'
import type { PowerAction } from './fencing'
import type { DevicePlan, HostPlan } from './plan'
import type { DemoContribution, DemoScenarioSpec } from './plugins'

/** A device as far as the demo needs it. */
interface DeviceLike {
  type: string
  params: Record<string, unknown>
}

/**
 * The simulated device (BMC, PDU) a device names, trimmed, when its type is the demo world's;
 * `undefined` for any other device, and when no plugin contributes a demo world.
 */
export function simulatedDeviceOf(
  device: DeviceLike | undefined,
  demo: DemoContribution | undefined,
): string | undefined {
  if (!demo || device?.type !== demo.fenceType) return undefined
  const value = device.params[demo.deviceParameter]
  return typeof value === 'string' ? value.trim() : undefined
}

/** True when a device's type is the demo world's (whatever it names). */
export function isSimulatedDevice(
  device: DeviceLike | undefined,
  demo: DemoContribution | undefined,
): boolean {
  return demo !== undefined && device?.type === demo.fenceType
}

/** True when a host has a device of the demo world's type. */
export function hasSimulatedDevice(
  host: Host | undefined,
  demo: DemoContribution | undefined,
): boolean {
  return host?.powerManagement?.devices.some((d) => isSimulatedDevice(d, demo)) ?? false
}

/** The `cutOff` key (DemoFaults) of a simulated device that a proxy cannot reach. */
export const cutOffKey = (bmc: string, proxyId: string): string => `${bmc}|${proxyId}`

/** A guided scenario, set up on the loaded demo lab. */
export interface DemoScenario {
  id: string
  title: string
  /** The manifest's intent with `{host}` and `{device}` filled in. */
  intent: string
  hostId: string
  hostName: string
  action: PowerAction
  /** Every fault list, as the scenario sets them (the others empty). */
  faults: DemoFaults
}

/** What a setup picked: the host, the faults, and the device the intent may name. */
interface Picked {
  host: Host
  faults: DemoFaults
  device?: string
}

type PlanOf = (hostId: string) => HostPlan | undefined

/** The devices of a host's first group (lowest order), as planned. */
function firstGroup(planOf: PlanOf, hostId: string): DevicePlan[] {
  return groupByOrder(planOf(hostId)?.devices ?? [])[0]?.members ?? []
}

const SETUPS: Record<
  DemoScenarioSpec['setup'],
  (hosts: Host[], planOf: PlanOf, demo: DemoContribution) => Picked | undefined
> = {
  // Every proxy the cluster entry admits goes down, and the route has somewhere else to go.
  'cluster-proxies-down': (hosts, planOf) => {
    const host = hosts.find((h) => {
      const group = firstGroup(planOf, h.id)
      return (
        group.some((x) => x.candidates.some((c) => c.via === 'cluster')) &&
        group.every((x) => x.candidates.some((c) => c.via !== 'cluster'))
      )
    })
    if (!host) return undefined
    const down = new Set(
      firstGroup(planOf, host.id).flatMap((x) =>
        x.candidates.filter((c) => c.via === 'cluster').map((c) => c.proxyId),
      ),
    )
    return { host, faults: { ...NO_DEMO_FAULTS, proxiesDown: [...down] } }
  },
  // Two devices of equal order: a dual power supply, nothing broken.
  'concurrent-group': (hosts) => {
    const host = hosts.find((h) =>
      groupByOrder(h.powerManagement?.devices ?? []).some((g) => g.members.length > 1),
    )
    return host ? { host, faults: { ...NO_DEMO_FAULTS } } : undefined
  },
  // The first device's simulated BMC is cut off from every candidate but the last.
  'reach-last-candidate-only': (hosts, planOf, demo) => {
    const host = hosts.find((h) => (planOf(h.id)?.devices[0]?.candidates.length ?? 0) >= 2)
    const plan = host ? planOf(host.id)?.devices[0] : undefined
    if (!host || !plan) return undefined
    const device = host.powerManagement?.devices.find((x) => x.id === plan.device)
    const bmc = simulatedDeviceOf(device, demo)
    if (!bmc) return undefined
    const cutOff = plan.candidates.slice(0, -1).map((c) => cutOffKey(bmc, c.proxyId))
    return { host, device: plan.device, faults: { ...NO_DEMO_FAULTS, cutOff } }
  },
}

/**
 * The guided scenarios the demo world's plugin declares, set up on `doc` from its plans, in the
 * manifest's order. A scenario whose setup finds no fitting host is left out; none at all without
 * a demo world.
 */
export function demoScenarios(
  doc: TopologyDocument,
  demo: DemoContribution | undefined,
  planOf: PlanOf,
): DemoScenario[] {
  if (!demo) return []
  const hosts = doc.hosts.filter((h) => h.powerManagement?.enabled && hasSimulatedDevice(h, demo))
  return (demo.scenarios ?? []).flatMap((spec): DemoScenario[] => {
    const picked = SETUPS[spec.setup](hosts, planOf, demo)
    if (!picked) return []
    const intent = spec.intent
      .replaceAll('{host}', picked.host.name)
      .replaceAll('{device}', picked.device ?? '')
    return [
      {
        id: spec.id,
        title: spec.title,
        intent,
        hostId: picked.host.id,
        hostName: picked.host.name,
        action: spec.action,
        faults: picked.faults,
      },
    ]
  })
}
