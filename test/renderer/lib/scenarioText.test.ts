// The demo scenarios' generated words: what a scenario breaks, what each fault makes of a route,
// and a forecast when no proxy can answer at all.
import { describe, expect, it } from 'vitest'
import type { DemoFaults } from '../../../src-main/common/api'
import { NO_DEMO_FAULTS } from '../../../src-main/common/api'
import type { Host } from '../../../src-main/common/document'
import type { HostPlan } from '../../../src-main/common/plan'
import { demoContributionSchema } from '../../../src-main/common/plugins'
import simManifest from '../../../plugins/sim/plugin.json'
import {
  demoRouteFaults,
  describeFaults,
  describeForecast,
  forecastScenario,
  routeFault,
} from '../../../src-renderer/src/lib/scenarioText'

const NONE: DemoFaults = NO_DEMO_FAULTS
/** The demo world as the sim plugin's manifest contributes it. */
const DEMO = demoContributionSchema.parse(simManifest.contributes.demo)

describe('routeFault', () => {
  it('meets the faults in the order the core does: secret, proxy, host key, login, agent, BMC', () => {
    const all: DemoFaults = {
      proxiesDown: ['p'],
      cutOff: ['b|p'],
      failing: ['b'],
      slow: [],
      authFailing: ['p'],
      hostKeyChanged: ['p'],
      agentMissing: ['p'],
      secretMissing: ['b'],
    }
    const order: [keyof DemoFaults, string][] = [
      ['secretMissing', 'secret-missing'],
      ['proxiesDown', 'proxy-unreachable'],
      ['hostKeyChanged', 'host-key-mismatch'],
      ['authFailing', 'auth-failed'],
      ['agentMissing', 'agent-missing'],
      ['cutOff', 'device-error'],
      ['failing', 'device-error'],
    ]
    let faults = { ...all }
    for (const [kind, outcome] of order) {
      expect(routeFault(faults, 'b', 'p', 'jump1')?.outcome, kind).toBe(outcome)
      faults = { ...faults, [kind]: [] }
    }
    expect(routeFault(faults, 'b', 'p')).toBeUndefined()
    expect(routeFault({ ...NONE, slow: ['b'] }, 'b', 'p')).toBeUndefined()
    expect(routeFault({ ...NONE, proxiesDown: ['p'] }, 'b', 'p', 'jump1')?.why).toBe(
      'jump1 is down',
    )
    expect(routeFault({ ...NONE, cutOff: ['b|p'] }, 'b', 'q')).toBeUndefined()
  })
})

describe('describeFaults', () => {
  it('says what is broken, with names', () => {
    const names: Record<string, string> = { p1: 'jump1', h2: 'a2' }
    expect(
      describeFaults(
        {
          proxiesDown: ['h2', 'p1'],
          cutOff: ['a1-psu1|h2', 'a1-psu1|p1'],
          failing: ['w1-bmc'],
          slow: ['b1-bmc', 'b2-bmc'],
          authFailing: ['h2'],
          hostKeyChanged: ['p1'],
          agentMissing: ['p1'],
          secretMissing: ['a3-bmc'],
        },
        (id) => names[id] ?? id,
      ),
    ).toEqual([
      'a2 and jump1 are down.',
      'a1-psu1 cannot be reached from a2 and jump1.',
      'w1-bmc fails every call.',
      'b1-bmc and b2-bmc answer slowly.',
      'a2 refuses the login.',
      'The host key of jump1 changed.',
      'jump1 has no fence agent.',
      'The password of a3-bmc cannot be resolved.',
    ])
    expect(describeFaults(NONE)).toEqual(['Nothing is broken.'])
  })
})

describe('the plan panel’s demo faults', () => {
  const host = {
    id: 'a1',
    name: 'a1',
    powerManagement: {
      enabled: true,
      devices: [
        { id: 'psu1', type: 'sim', order: 1, params: { bmc: 'a1-psu1' } },
        { id: 'ipmi', type: 'ipmilan', order: 2, params: { ip: '10.0.0.1' } },
      ],
    },
  } as unknown as Host
  it('name the fault of a simulated route only, and nothing without faults', () => {
    expect(demoRouteFaults(host, NONE, DEMO)).toBeUndefined()
    // Without a demo world (no plugin contributes one) nothing is simulated.
    expect(demoRouteFaults(host, { ...NONE, proxiesDown: ['a2'] }, undefined)).toBeUndefined()
    const of = demoRouteFaults(host, { ...NONE, proxiesDown: ['a2'] }, DEMO)!
    expect(of('psu1', 'a2', 'a2')).toEqual({ outcome: 'proxy-unreachable', why: 'a2 is down' })
    expect(of('psu1', 'b1', 'b1')).toBeUndefined()
    expect(of('ipmi', 'a2', 'a2')).toBeUndefined()
  })
})

describe('a forecast where nothing can answer', () => {
  it('says every group fails', () => {
    const plan: HostPlan = {
      host: 'w1',
      hostId: 'w1',
      enabled: true,
      devices: [
        {
          device: 'bmc',
          type: 'sim',
          order: 1,
          preferences: { list: ['cluster'], from: 'builtin' },
          candidates: [{ proxy: 'w2', proxyId: 'w2', via: 'cluster', reach: 'untested' }],
          rejected: [],
          unknownReferences: [],
        },
      ],
    }
    const forecast = forecastScenario(plan, { ...NONE, failing: ['w1-bmc'] }, 'off', () => 'w1-bmc')
    expect(forecast.tried).toBe(1)
    expect(describeForecast(forecast)).toEqual([
      'bmc: tries w2 (cluster), where w1-bmc fails every call: the device refused or failed; no candidate can answer under these faults.',
      'No group can succeed under these faults: the off fails.',
    ])
  })
})
