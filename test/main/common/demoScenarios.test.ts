// The demo lab's guided scenarios come from the demo world's plugin (plugins/sim/plugin.json,
// `contributes.demo.scenarios`) and are set up on the loaded lab from its real plans.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NO_DEMO_FAULTS } from '../../../src-main/common/api'
import {
  cutOffKey,
  demoScenarios,
  hasSimulatedDevice,
  simulatedDeviceOf,
} from '../../../src-main/common/demoScenarios'
import type { TopologyDocument } from '../../../src-main/common/document'
import { planHost } from '../../../src-main/common/planner/planHost'
import { demoContributionSchema, type DemoContribution } from '../../../src-main/common/plugins'

const ROOT = join(__dirname, '../../..')
const demoLab = (): TopologyDocument =>
  JSON.parse(readFileSync(join(ROOT, 'resources/demo-lab.json'), 'utf8')) as TopologyDocument
const SIM: DemoContribution = demoContributionSchema.parse(
  JSON.parse(readFileSync(join(ROOT, 'plugins/sim/plugin.json'), 'utf8')).contributes.demo,
)
const scenariosOf = (doc: TopologyDocument, demo: DemoContribution | undefined = SIM) =>
  demoScenarios(doc, demo, (hostId) => planHost(doc, hostId))

describe('demoScenarios', () => {
  it('sets up the sim plugin’s three scenarios on the demo lab, as its manifest orders them', () => {
    const [clusterDown, dual, oneProxy, ...more] = scenariosOf(demoLab())
    expect(more).toEqual([])
    expect(clusterDown).toEqual({
      id: 'cluster-down',
      title: "The cluster's proxies are all down",
      intent: 'Every machine the cluster entry admits for a1 is down: where does fencing turn?',
      hostId: 'a1',
      hostName: 'a1',
      action: 'status',
      faults: { ...NO_DEMO_FAULTS, proxiesDown: ['a2', 'jump1'] },
    })
    expect(dual).toMatchObject({
      id: 'dual-psu',
      intent: 'a1 has redundant power supplies: how does a restart switch them?',
      action: 'restart',
      faults: NO_DEMO_FAULTS,
    })
    // Cut off from every candidate of psu1 but the last.
    const candidates = planHost(demoLab(), 'a1').devices[0]!.candidates.map((c) => c.proxyId)
    expect(oneProxy).toMatchObject({
      id: 'one-proxy',
      intent: "a1's psu1 sits on a management network only its last candidate reaches.",
      action: 'status',
      faults: {
        ...NO_DEMO_FAULTS,
        cutOff: candidates.slice(0, -1).map((p) => cutOffKey('a1-psu1', p)),
      },
    })
    expect(candidates.length).toBeGreaterThanOrEqual(2)
  })

  it('uses the type and parameter the contribution names, not a fixed one', () => {
    const doc = demoLab()
    for (const host of doc.hosts) {
      for (const device of host.powerManagement?.devices ?? []) {
        if (device.type !== 'sim') continue
        device.type = 'toy'
        device.params = { box: device.params.bmc ?? '' }
      }
    }
    expect(scenariosOf(doc)).toEqual([])
    const toy: DemoContribution = { ...SIM, fenceType: 'toy', deviceParameter: 'box' }
    expect(scenariosOf(doc, toy).map((s) => s.id)).toEqual([
      'cluster-down',
      'dual-psu',
      'one-proxy',
    ])
    expect(scenariosOf(doc, toy)[2]!.faults.cutOff[0]).toMatch(/^a1-psu1\|/)
  })

  it('has no scenario without a demo world, and leaves out those whose setup finds no host', () => {
    const lab = demoLab()
    expect(demoScenarios(lab, undefined, (hostId) => planHost(lab, hostId))).toEqual([])
    const doc = demoLab()
    // No two devices of one host share an order any more: no dual power supply to show.
    for (const host of doc.hosts) {
      host.powerManagement?.devices.forEach((d, i) => (d.order = i + 1))
    }
    expect(scenariosOf(doc).map((s) => s.id)).toEqual(['cluster-down', 'one-proxy'])
    expect(scenariosOf(demoLab(), { ...SIM, scenarios: [] })).toEqual([])
  })

  it('tells simulated devices by the contributed type, trimming the name they give', () => {
    const device = { type: 'sim', params: { bmc: ' a1-psu1 ' } }
    expect(simulatedDeviceOf(device, SIM)).toBe('a1-psu1')
    expect(simulatedDeviceOf({ type: 'ipmilan', params: { bmc: 'x' } }, SIM)).toBeUndefined()
    expect(simulatedDeviceOf(device, undefined)).toBeUndefined()
    expect(simulatedDeviceOf({ type: 'sim', params: { bmc: 3 } }, SIM)).toBeUndefined()
    const a1 = demoLab().hosts.find((h) => h.id === 'a1')
    expect(hasSimulatedDevice(a1, SIM)).toBe(true)
    expect(hasSimulatedDevice(a1, { ...SIM, fenceType: 'other' })).toBe(false)
  })
})
