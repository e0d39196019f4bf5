// Readiness judged once (common/readiness.ts): per device from the latest result of each proxy,
// per host its worst device or a group left with mixed power.
import { describe, expect, it } from 'vitest'
import type { ReachabilityResult } from '../../../src-main/common/plan'
import {
  judgeDevice,
  judgeHost,
  latestResults,
  READINESS_STATES,
} from '../../../src-main/common/readiness'

const result = (
  deviceId: string,
  proxyId: string,
  ok: boolean,
  at: string,
  extra: Partial<ReachabilityResult> = {},
): ReachabilityResult => ({ hostId: 'h1', deviceId, proxyId, ok, at, ...extra })

const T1 = '2026-11-27T10:00:00.000Z'
const T2 = '2026-11-27T11:00:00.000Z'

describe('latestResults', () => {
  it('keeps the newest result per host, device and proxy, whatever order they come in', () => {
    const latest = latestResults([
      result('psu1', 'a2', true, T2),
      result('psu1', 'a2', false, T1),
      result('psu1', 'a3', false, T1),
    ])
    const byProxy = latest.get('h1')?.get('psu1')
    expect(byProxy?.get('a2')?.at).toBe(T2)
    expect(byProxy?.get('a2')?.ok).toBe(true)
    expect(byProxy?.get('a3')?.ok).toBe(false)
  })

  it('leaves out results through machines no longer in the document', () => {
    const latest = latestResults(
      [result('psu1', 'gone', false, T1), result('psu1', 'a2', true, T1)],
      new Set(['a2']),
    )
    expect([...(latest.get('h1')?.get('psu1')?.keys() ?? [])]).toEqual(['a2'])
  })
})

describe('judgeDevice', () => {
  const judge = (results: ReachabilityResult[], hasCandidate = true) =>
    judgeDevice(
      { id: 'psu1', order: 1 },
      latestResults(results).get('h1')?.get('psu1'),
      hasCandidate,
    )

  it('says untested, failing, degraded and ok from the proxies that answered', () => {
    expect(judge([]).state).toBe('untested')
    expect(judge([result('psu1', 'a2', false, T1)]).state).toBe('failing')
    expect(judge([result('psu1', 'a2', false, T1), result('psu1', 'a3', true, T1)]).state).toBe(
      'degraded',
    )
    expect(judge([result('psu1', 'a2', true, T1), result('psu1', 'a3', true, T2)])).toMatchObject({
      state: 'ok',
      reached: 2,
      failed: 0,
      testedAt: T2,
    })
  })

  it('says no proxy when no machine can run the agent, whatever old results say', () => {
    expect(judge([result('psu1', 'a2', true, T1)], false).state).toBe('no-proxy')
  })

  it('takes the power of the latest answer that reached the device', () => {
    const d = judge([
      result('psu1', 'a2', true, T1, { power: 'off' }),
      result('psu1', 'a3', true, T2, { power: 'on' }),
      result('psu1', 'engine', false, T2),
    ])
    expect([d.power, d.powerAt]).toEqual(['on', T2])
    expect(judge([]).power).toBe('unknown')
  })
})

describe('judgeHost', () => {
  const devices = [
    { id: 'psu1', order: 1 },
    { id: 'psu2', order: 1 },
    { id: 'pdu', order: 2 },
  ]

  it('flags a group whose supplies answered different power as mixed', () => {
    const host = judgeHost(
      devices,
      latestResults([
        result('psu1', 'a2', true, T1, { power: 'off' }),
        result('psu2', 'a2', true, T1, { power: 'on' }),
        result('pdu', 'a2', true, T1, { power: 'on' }),
      ]).get('h1'),
    )
    expect(host.mixedOrders).toEqual([1])
    expect(host.state).toBe('mixed')
  })

  it('is as bad as its worst device, no proxy worst of all', () => {
    const tested = latestResults([
      result('psu1', 'a2', true, T1),
      result('psu2', 'a2', false, T1),
      result('pdu', 'a2', true, T2),
    ]).get('h1')
    expect(judgeHost(devices, tested).state).toBe('failing')
    expect(judgeHost(devices, tested, ['pdu']).state).toBe('no-proxy')
    expect(judgeHost(devices, tested).testedAt).toBe(T2)
    expect(judgeHost(devices, undefined).state).toBe('untested')
  })

  it('orders its states worst first, every state once', () => {
    expect(READINESS_STATES[0]).toBe('no-proxy')
    expect(READINESS_STATES[READINESS_STATES.length - 1]).toBe('ok')
    expect(new Set(READINESS_STATES).size).toBe(6)
  })
})
