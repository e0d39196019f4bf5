// What an agent receives (common/agentParameters.ts): one rule for the stdin and the oVirt export.
import { describe, expect, it } from 'vitest'
import {
  agentParameters,
  agentValueText,
  parameterOfKey,
} from '../../../src-main/common/agentParameters'
import type { ParameterSpec } from '../../../src-main/common/plugins'

const parameters: ParameterSpec[] = [
  { name: 'ip', label: 'Address', type: 'host', aliases: ['ipaddr'] },
  { name: 'lanplus', label: 'Lanplus', type: 'boolean', default: true },
  { name: 'power_wait', label: 'Wait', type: 'integer', default: 2 },
  { name: 'password', label: 'Password', type: 'string', secret: true },
]

describe('agentParameters', () => {
  it('gives fixed options first, then the device values, then the defaults it leaves unset', () => {
    const type = { parameters, fixed: { power_wait: 4 } }
    expect(agentParameters(type, { ipaddr: '10.0.0.1', action: 'reboot', power_wait: 9 })).toEqual([
      { key: 'power_wait', value: 4 },
      { key: 'ipaddr', value: '10.0.0.1' },
      { key: 'lanplus', value: true },
    ])
    expect(agentParameters({ parameters }, { lanplus: false })).toEqual([
      { key: 'lanplus', value: false },
      { key: 'power_wait', value: 2 },
    ])
  })

  it('spells booleans as fence-agents reads them and finds a parameter by an alias', () => {
    expect([true, false, 3, 'x'].map(agentValueText)).toEqual(['1', '0', '3', 'x'])
    expect(parameterOfKey(parameters, 'ipaddr')?.name).toBe('ip')
    expect(parameterOfKey(parameters, 'ip')?.name).toBe('ip')
    expect(parameterOfKey(parameters, 'nope')).toBeUndefined()
  })
})
