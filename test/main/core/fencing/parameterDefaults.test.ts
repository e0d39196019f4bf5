// One meaning for a manifest `default` (common/parameterDefaults.ts): what a device leaves unset,
// the agent receives as the manifest's default — on the stdin the runner gets and in the dry run
// alike — so what the device form shows is what is sent. A new generic IPMI device speaks IPMI v2.
import { afterEach, describe, expect, it } from 'vitest'
import type { Device, TopologyDocument } from '../../../../src-main/common/document'
import { withParameterDefaults } from '../../../../src-main/common/parameterDefaults'
import type { ParameterSpec } from '../../../../src-main/common/plugins'
import type { FencepostCore } from '../../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import type {
  AgentCall,
  AgentRunner,
  RunTarget,
} from '../../../../src-main/core/runners/agentRunner'
import { oneHostLab } from '../fixtures/oneHostLab'
import { tempDir } from '../persistence/fixtures/tempDir'

/** Runs nothing: records each call and answers "on". */
function recordingRunner(): AgentRunner & { calls: AgentCall[] } {
  const calls: AgentCall[] = []
  return {
    calls,
    async run(_target: RunTarget, call) {
      calls.push(call)
      return { code: 0, stdout: 'Status: ON\n', stderr: '' }
    },
    async close() {},
  }
}

/** A host whose one device, fenced from the engine, has `type` and `params`. */
function labWith(type: string, params: Device['params']): TopologyDocument {
  return oneHostLab([{ id: 'bmc', type, order: 1, params, proxyPreferences: ['engine'] }])
}

const cores: FencepostCore[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close()
})

async function statusStdin(doc: TopologyDocument): Promise<{ sent: string; shown: string }> {
  const runner = recordingRunner()
  const core = await createNodeCore({
    dataDir: tempDir(),
    env: { FENCEPOST_SECRET_STORE: 'file', FP_PW: 'pw' },
    runner,
    fencingSettings: { agentTimeoutMs: 2_000, verifyRetries: 0, verifyDelayMs: 1 },
  })
  cores.push(core)
  const result = await core.runAction(doc, { host: 'h1', action: 'status', dryRun: false })
  expect(result.result).toBe('ok')
  const dry = await core.runAction(doc, { host: 'h1', action: 'status', dryRun: true })
  expect(runner.calls).toHaveLength(1)
  return { sent: runner.calls[0]!.stdin, shown: dry.dryRunSteps![0]!.stdin }
}

const lines = (stdin: string): string[] => stdin.trimEnd().split('\n')

describe('a manifest default is sent when the device leaves the parameter unset', () => {
  it.each(['ipmilan', 'idrac', 'imm', 'ilo3', 'ilo4', 'ilo5'])(
    'a new %s device (IPMI v2) sends lanplus=1, and the dry run shows it',
    async (type) => {
      const { sent, shown } = await statusStdin(
        labWith(type, { ip: '10.1.0.11', username: 'admin', password: { env: 'FP_PW' } }),
      )
      expect(lines(sent)).toContain('lanplus=1')
      expect(lines(sent).filter((l) => l.startsWith('lanplus='))).toHaveLength(1)
      expect(lines(sent)).toContain('ipport=623')
      expect(shown).toBe(sent.replace('password=pw', 'password=***'))
    },
  )

  it('what the device sets wins: lanplus off for an IPMI 1.5 BMC, its own port', async () => {
    const { sent } = await statusStdin(
      labWith('ipmilan', {
        ip: '10.1.0.11',
        username: 'admin',
        password: { env: 'FP_PW' },
        lanplus: false,
        ipport: 1623,
      }),
    )
    expect(lines(sent)).toContain('lanplus=0')
    expect(lines(sent)).toContain('ipport=1623')
    expect(sent).not.toContain('lanplus=1')
    expect(sent).not.toContain('ipport=623')
  })
})

describe('withParameterDefaults', () => {
  const specs: ParameterSpec[] = [
    { name: 'ip', label: 'Address', type: 'host', aliases: ['ipaddr'] },
    { name: 'ssh', label: 'SSH', type: 'boolean', default: true, aliases: ['secure'] },
    { name: 'ipport', label: 'Port', type: 'integer', default: 22 },
    { name: 'password', label: 'Password', type: 'string', secret: true },
  ]

  it('adds defaults after the device values, in manifest order; an alias counts as set', () => {
    expect(withParameterDefaults(specs, { ipaddr: '10.0.0.1' })).toEqual({
      ipaddr: '10.0.0.1',
      ssh: true,
      ipport: 22,
    })
    expect(Object.keys(withParameterDefaults(specs, { ipport: 2022, ip: 'x' }))).toEqual([
      'ipport',
      'ip',
      'ssh',
    ])
    expect(withParameterDefaults(specs, { secure: false })).toEqual({ secure: false, ipport: 22 })
  })
})
