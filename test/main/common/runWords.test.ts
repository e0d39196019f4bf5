// The words of a plan and a run, checked against the real planner and real runs of the demo lab:
// the case of issue 8 (a1's cluster hosts down, jump1 answers through the cluster entry) must be
// said as such, and the demo's forecast must name the proxy the real run ends on.
import { describe, expect, it } from 'vitest'
import type { DemoFaults } from '../../../src-main/common/api'
import { NO_DEMO_FAULTS } from '../../../src-main/common/api'
import type { TopologyDocument } from '../../../src-main/common/document'
import type { Attempt } from '../../../src-main/common/fencing'
import {
  candidateWords,
  describeRun,
  entryWords,
  groupActionWords,
  joinWords,
  rejectionClauses,
} from '../../../src-main/common/runWords'
import { describeForecast, forecastScenario } from '../../../src-renderer/src/lib/scenarioText'
import { demoDocument, useDemoCore } from '../core/fixtures/demoCore'

const NONE: DemoFaults = NO_DEMO_FAULTS

const bmcOf =
  (doc: TopologyDocument, hostId: string) =>
  (device: string): string | undefined => {
    const d = doc.hosts
      .find((h) => h.id === hostId)
      ?.powerManagement?.devices.find((x) => x.id === device)
    return typeof d?.params.bmc === 'string' ? d.params.bmc : undefined
  }

describe('words', () => {
  it('joins, names entries and candidates', () => {
    expect(joinWords([])).toBe('')
    expect(joinWords(['a2'])).toBe('a2')
    expect(joinWords(['a2', 'jump1', 'b1'])).toBe('a2, jump1 and b1')
    expect(entryWords('cluster')).toBe('the cluster entry')
    expect(entryWords('other-dc')).toBe('the other-dc entry')
    expect(entryWords('jump1')).toBe('the entry "jump1"')
    expect(candidateWords({ proxy: 'jump1', via: 'cluster' })).toBe('jump1 (cluster)')
  })

  it('says how a group acts together, per action, and nothing for one device', () => {
    expect(groupActionWords(['psu1'], 'restart')).toBeUndefined()
    expect(groupActionWords(['psu1', 'psu2'], 'restart')).toBe(
      'psu1 and psu2 act together: both are powered off, checked off, then powered on — one left on would keep the host running.',
    )
    expect(groupActionWords(['psu1', 'psu2'], 'status')).toMatch(/on if any of them reports on/)
  })

  it('tells a fallback and a hedge from attempts alone, without a plan', () => {
    const attempts: Attempt[] = [
      { device: 'bmc', proxy: 'a1', action: 'status', outcome: 'timeout', ms: 20_000 },
      { device: 'bmc', proxy: 'engine', action: 'status', outcome: 'ok', ms: 40, power: 'off' },
    ]
    expect(describeRun(attempts)).toEqual({
      steps: [
        'bmc status through a1: no answer in time (20.0 s) — falls back to engine.',
        'bmc status through engine: answered, power off (40 ms).',
      ],
      devices: ['bmc answered through engine, after a1 failed.'],
    })
    const none = describeRun([{ ...attempts[0]!, outcome: 'device-error' }])
    expect(none.devices).toEqual(['No proxy answered for bmc: a1 was tried.'])
  })
})

describe('the demo lab, planned and run for real', () => {
  const sim = useDemoCore({ prefix: 'fencepost-runwords-' })

  it("issue 8: with a1's cluster hosts down, jump1 answers through the cluster entry — said so", async () => {
    const doc = demoDocument()
    const faults = { ...NONE, proxiesDown: ['a2', 'a3'] }
    await sim.core.api.demo.setFaults(faults)
    const plan = sim.core.plan(doc, 'a1')

    // Before: the forecast walks the cluster entry and stops at jump1, still in it.
    const forecast = forecastScenario(plan, faults, 'status', bmcOf(doc, 'a1'))
    const group1 = forecast.groups[0]!
    expect(group1.devices.map((d) => [d.device, d.answers?.proxy, d.answers?.via])).toEqual([
      ['psu1', 'jump1', 'cluster'],
      ['psu2', 'jump1', 'cluster'],
    ])
    expect(forecast.tried).toBe(1)
    const words = describeForecast(forecast)
    expect(words).toContain(
      'psu1 and psu2: tries a2 (cluster), where a2 is down: could not reach proxy; then jump1 (cluster), which should answer; b1 (dc) is not needed. Not candidates: a1 (cluster) is the host being fenced; a3 (cluster) is in maintenance; b2 (dc) may not act as a proxy (canProxy is false).',
    )
    expect(words.join(' ')).not.toMatch(/past the cluster/)

    // After: the real run, told from its attempts and the plan.
    const result = await sim.run('a1', 'status', { doc: doc })
    expect(result.result).toBe('ok')
    const story = describeRun(result.attempts, plan)
    expect(story.devices).toEqual([
      'psu1 answered through jump1, admitted by the cluster entry, after a2 failed.',
      'psu2 answered through jump1, admitted by the cluster entry, after a2 failed.',
    ])
    expect(story.steps).toContain(
      'psu1 status through a2 (cluster): could not reach proxy (' +
        `${result.attempts.find((a) => a.device === 'psu1')!.ms} ms) — falls back to jump1 (cluster).`,
    )
    // The forecast named the proxy the run ended on, for every device.
    for (const d of group1.devices)
      expect(result.attempts.filter((a) => a.device === d.device).at(-1)).toMatchObject({
        proxy: d.answers!.proxy,
        outcome: 'ok',
      })
  })

  it('with every proxy of the cluster entry down, the dc entry answers — forecast and run agree', async () => {
    const doc = demoDocument()
    const faults = { ...NONE, proxiesDown: ['a2', 'jump1'] }
    await sim.core.api.demo.setFaults(faults)
    const plan = sim.core.plan(doc, 'a1')
    const forecast = forecastScenario(plan, faults, 'status', bmcOf(doc, 'a1'))
    expect(forecast.groups[0]!.devices[0]!.answers).toMatchObject({ proxy: 'b1', via: 'dc' })
    const result = await sim.run('a1', 'status', { doc: doc })
    expect(describeRun(result.attempts, plan).devices[0]).toBe(
      'psu1 answered through b1, admitted by the dc entry, after a2 and jump1 failed.',
    )
  })

  it('a group no proxy can serve falls back to the next group, in the forecast and the run', async () => {
    const doc = demoDocument()
    const faults = { ...NONE, failing: ['a1-psu1', 'a1-psu2'] }
    await sim.core.api.demo.setFaults(faults)
    const plan = sim.core.plan(doc, 'a1')
    const forecast = forecastScenario(plan, faults, 'status', bmcOf(doc, 'a1'))
    expect(forecast.groups.map((g) => g.succeeds)).toEqual([false, true])
    expect(forecast.tried).toBe(2)
    const words = describeForecast(forecast)
    expect(words).toContain(
      'Group 1 cannot succeed under these faults, so Fencepost falls back to group 2 (pdu).',
    )
    expect(words.find((w) => w.startsWith('pdu: '))).toBe(
      'pdu: tries jump1 (jump1), which should answer; engine (engine) is not needed. Not candidates: ' +
        rejectionClauses(plan.devices.find((d) => d.device === 'pdu')!).join('; ') +
        '.',
    )
    const result = await sim.run('a1', 'status', { doc: doc })
    expect(describeRun(result.attempts, plan).devices).toContain(
      'pdu answered through jump1, admitted by the entry "jump1".',
    )
  })
})
