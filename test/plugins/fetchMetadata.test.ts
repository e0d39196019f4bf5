import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type {
  AgentCall,
  AgentOutput,
  AgentRunner,
  RunTarget,
} from '../../src-main/core/runners/agentRunner'
import { RunnerError } from '../../src-main/core/runners/agentRunner'
import { fetchAgentMetadata, importAgentMetadata } from '../../src-main/core/plugins/fetchMetadata'
import { itWithParts } from '../support/requiredParts'

const agentsMissing = existsSync('/usr/sbin/fence_dummy')
  ? undefined
  : 'fence_dummy is missing — run scripts/install-lab.sh'
const legacyMissing = existsSync('/usr/sbin/fence_legacy')
  ? undefined
  : 'fence_legacy (pacemaker-cli-utils) is missing — run scripts/install-lab.sh'
const redfishXml = readFileSync(join(import.meta.dirname, 'fixtures', 'fence_redfish.xml'), 'utf8')

const target: RunTarget = {
  machineId: 'p1',
  name: 'jump1',
  exec: 'ssh',
  host: 'jump1.lab.example',
  port: 22,
  user: 'fence',
}

/** A runner that answers from a script and remembers the calls: the port, not SSH. */
function scriptedRunner(
  answer: (call: AgentCall) => AgentOutput,
): AgentRunner & { calls: AgentCall[] } {
  const calls: AgentCall[] = []
  return {
    calls,
    run: async (_target, call) => {
      calls.push(call)
      return answer(call)
    },
    close: async () => undefined,
  }
}

describe('fetchAgentMetadata', () => {
  itWithParts(agentsMissing, 'runs a real agent here with action=metadata on stdin', async () => {
    const xml = await fetchAgentMetadata('fence_dummy')
    expect(xml).toContain('<resource-agent name="fence_dummy"')
    const { manifest } = await importAgentMetadata('fence_dummy')
    expect(manifest.contributes.fenceTypes[0]?.parameters.map((p) => p.name)).toContain(
      'status_file',
    )
  })

  it('reports an agent that is not installed here as agent-missing', async () => {
    const error = await fetchAgentMetadata('fence_no_such_agent_here').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RunnerError)
    expect(error).toMatchObject({ code: 'agent-missing' })
  })

  it('refuses a name that is not a fence agent (it may end up in a remote command)', async () => {
    await expect(fetchAgentMetadata('fence_x; rm -rf /')).rejects.toThrow(/not a fence_\* agent/)
    await expect(fetchAgentMetadata('ls')).rejects.toThrow(/not a fence_\* agent/)
  })

  it('goes through a runner with no arguments and action=metadata on stdin (--via)', async () => {
    const runner = scriptedRunner(() => ({ code: 0, stdout: redfishXml, stderr: '' }))
    const { manifest } = await importAgentMetadata('fence_redfish', {
      via: { runner, target },
      timeoutMs: 5_000,
      id: 'redfish-remote',
    })
    expect(runner.calls).toEqual([
      { agent: 'fence_redfish', stdin: 'action=metadata\n', timeoutMs: 5_000 },
    ])
    expect(manifest.id).toBe('redfish-remote')
  })

  it('turns an agent that prints no metadata into an error that quotes it', async () => {
    const runner = scriptedRunner(() => ({
      code: 1,
      stdout: '',
      stderr: 'Failed: Unable to connect/login to fencing device\n',
    }))
    await expect(fetchAgentMetadata('fence_redfish', { via: { runner, target } })).rejects.toThrow(
      'fence_redfish gave no metadata (exit 1): Failed: Unable to connect/login to fencing device',
    )
  })
})

describe('the agent is the executable that was asked for, not the name in its metadata', () => {
  const legacyXml = readFileSync(join(import.meta.dirname, 'fixtures', 'fence_legacy.xml'), 'utf8')

  it('fence_legacy, whose metadata says fence_pcmk, gives a plugin that runs fence_legacy', async () => {
    expect(legacyXml).toContain('<resource-agent name="fence_pcmk"')
    const runner = scriptedRunner(() => ({ code: 0, stdout: legacyXml, stderr: '' }))
    const imported = await importAgentMetadata('fence_legacy', { via: { runner, target } })
    expect(runner.calls.map((c) => c.agent)).toEqual(['fence_legacy'])
    const type = imported.manifest.contributes.fenceTypes[0]
    expect(type?.agent).toBe('fence_legacy')
    expect(imported.manifest.id).toBe('legacy')
    expect(imported.warnings).toEqual([
      'the metadata names the agent "fence_pcmk"; the plugin runs fence_legacy, the agent the metadata came from',
    ])
  })

  it('an agent whose metadata names itself gets no warning', async () => {
    const runner = scriptedRunner(() => ({ code: 0, stdout: redfishXml, stderr: '' }))
    const imported = await importAgentMetadata('fence_redfish', { via: { runner, target } })
    expect(imported.manifest.contributes.fenceTypes[0]?.agent).toBe('fence_redfish')
    expect(imported.warnings).toEqual([])
  })

  itWithParts(
    legacyMissing,
    'the real /usr/sbin/fence_legacy (pacemaker-cli-utils), run here',
    async () => {
      const xml = await fetchAgentMetadata('fence_legacy')
      expect(xml).toContain('name="fence_pcmk"')
      const imported = await importAgentMetadata('fence_legacy')
      expect(imported.manifest.contributes.fenceTypes[0]?.agent).toBe('fence_legacy')
      expect(imported.warnings.join('\n')).toContain('fence_pcmk')
    },
  )
})
