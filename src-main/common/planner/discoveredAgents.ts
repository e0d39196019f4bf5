import type { TopologyDocument } from '../document'
import type { ReachabilityResult } from '../plan'

/**
 * What `test` learned about the agents installed on each machine: a machine whose latest call of
 * an agent ended `agent-missing` lacks that agent until a later test reaches it. Returns the
 * planner's `agentsOf`: undefined (not known to lack anything) or every agent but the missing.
 */
export function agentsFromTests(
  doc: TopologyDocument,
  results: readonly ReachabilityResult[],
  agentOfType: (type: string) => string | undefined,
  allAgents: readonly string[],
): (machineId: string) => ReadonlySet<string> | undefined {
  const typeOfDevice = new Map<string, string>()
  for (const host of doc.hosts) {
    for (const device of host.powerManagement?.devices ?? []) {
      typeOfDevice.set(`${host.id}\u0000${device.id}`, device.type)
    }
  }
  const latest = new Map<string, ReachabilityResult>()
  for (const result of results) {
    const type = typeOfDevice.get(`${result.hostId}\u0000${result.deviceId}`)
    const agent = type === undefined ? undefined : agentOfType(type)
    if (agent === undefined) continue
    const key = `${result.proxyId}\u0000${agent}`
    const previous = latest.get(key)
    if (!previous || previous.at <= result.at) latest.set(key, result)
  }
  const missing = new Map<string, Set<string>>()
  for (const [key, result] of latest) {
    if (result.outcome !== 'agent-missing') continue
    const [machineId = '', agent = ''] = key.split('\u0000')
    missing.set(machineId, (missing.get(machineId) ?? new Set()).add(agent))
  }
  return (machineId) => {
    const lacking = missing.get(machineId)
    return lacking ? new Set(allAgents.filter((a) => !lacking.has(a))) : undefined
  }
}
