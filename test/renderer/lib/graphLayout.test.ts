import { describe, expect, it } from 'vitest'
import type { Attempt } from '../../../src-main/common/fencing'
import type { HostPlan } from '../../../src-main/common/plan'
import { buildGraph } from '../../../src-renderer/src/lib/graphLayout'
import { sampleDocument } from '../support/sampleLab'

const plan: HostPlan = {
  host: 'a1',
  hostId: 'a1',
  enabled: true,
  devices: [
    {
      device: 'psu1',
      type: 'ipmilan',
      order: 1,
      preferences: { list: ['cluster', 'engine'], from: 'device' },
      candidates: [
        { proxy: 'a2', proxyId: 'a2', via: 'cluster', reach: 'untested' },
        { proxy: 'engine', proxyId: 'engine', via: 'engine', reach: 'untested' },
      ],
      rejected: [],
      unknownReferences: [],
    },
  ],
}

const attempt = (proxy: string, outcome: Attempt['outcome']): Attempt => ({
  device: 'psu1',
  proxy,
  action: 'off',
  outcome,
  ms: 10,
})

describe('buildGraph routes of the last action', () => {
  it('draws a cancelled attempt as cancelled, not as failed', () => {
    const { nodes, edges } = buildGraph(sampleDocument(), 'a1', plan, [attempt('a2', 'cancelled')])
    const edge = edges.find((e) => e.id === 'route:psu1:a2')
    expect(edge?.class).toBe('edge-cancelled')
    expect(edge?.label).not.toContain('✕')
    expect(nodes.find((n) => n.data?.refId === 'a2' && n.data.kind === 'host')?.data?.route).toBe(
      'cancelled',
    )
  })

  it('still draws a real failure as failed and a success as ok', () => {
    const { edges } = buildGraph(sampleDocument(), 'a1', plan, [
      attempt('a2', 'timeout'),
      attempt('engine', 'ok'),
    ])
    expect(edges.find((e) => e.id === 'route:psu1:a2')?.class).toBe('edge-failed')
    expect(edges.find((e) => e.id === 'route:psu1:engine')?.class).toBe('edge-ok')
  })
})
