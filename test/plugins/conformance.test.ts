// Every folder in plugins/ goes through the real loader, and every built-in fence type is checked
// against the real agent's metadata: the stdin keys a manifest declares must be keys the agent reads.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  BUILTIN_DEVICE_TYPES,
  fenceTypeSchema,
  manifestSchema,
  parameterSchema,
  type FenceType,
} from '../../src-main/common/plugins'
import { checkFenceType } from '../../src-main/core/plugins/checks'
import { importMetadata } from '../../src-main/core/plugins/importMetadata'
import { loadPlugins } from '../../src-main/core/plugins/loader'
import { isSecretParameterName } from '../../src-main/common/secretParams'
import type { PluginRegistry } from '../../src-main/core/plugins/registry'
import { parseXml, childrenNamed, child } from '../../src-main/core/plugins/xml'
import { itWithParts } from '../support/requiredParts'

const PLUGINS_DIR = resolve(import.meta.dirname, '../../plugins')
const AGENT_DIR = '/usr/sbin'
const agentsMissing = existsSync(join(AGENT_DIR, 'fence_ipmilan'))
  ? undefined
  : `fence-agents is not installed (${AGENT_DIR}/fence_ipmilan is missing) — run scripts/install-lab.sh`

const folders = readdirSync(PLUGINS_DIR)
  .filter((name) => !name.startsWith('.') && statSync(join(PLUGINS_DIR, name)).isDirectory())
  .sort()

let registry: PluginRegistry
beforeAll(async () => {
  registry = await loadPlugins({
    builtinDir: PLUGINS_DIR,
    userDir: join(mkdtempSync(join(tmpdir(), 'fencepost-conformance-')), 'plugins'),
  })
})

function agentMetadata(agent: string): string {
  return execFileSync(join(AGENT_DIR, agent), [], {
    input: 'action=metadata\n',
    env: { ...process.env, PYTHONWARNINGS: 'ignore::DeprecationWarning' },
    timeout: 20_000,
  }).toString()
}

/** Every stdin key an agent's metadata lists, with its type and select options. */
function agentKeys(xml: string): Map<string, { type: string; options: string[] }> {
  const keys = new Map<string, { type: string; options: string[] }>()
  for (const parameter of childrenNamed(child(parseXml(xml), 'parameters')!, 'parameter')) {
    const content = child(parameter, 'content')
    keys.set(parameter.attrs.name!, {
      type: content?.attrs.type ?? 'string',
      options: content ? childrenNamed(content, 'option').map((o) => o.attrs.value!) : [],
    })
  }
  return keys
}

describe('built-in plugins', () => {
  it('load through the real loader without a single diagnostic', () => {
    expect(registry.diagnostics()).toEqual([])
    expect(
      registry
        .plugins()
        .map((p) => p.manifest.id)
        .sort(),
    ).toEqual(folders)
    for (const plugin of registry.plugins()) {
      expect(plugin.source).toBe('builtin')
      expect(plugin.folder).toBe(join(PLUGINS_DIR, plugin.manifest.id))
      expect(manifestSchema.safeParse(plugin.manifest).success).toBe(true)
    }
  })

  it('contribute exactly the device types the validator knows before plugins load', () => {
    expect(
      registry
        .types()
        .map((t) => t.id)
        .sort(),
    ).toEqual([...BUILTIN_DEVICE_TYPES].sort())
  })

  it('declare valid types and parameters, with labels, and secrets marked', () => {
    for (const type of registry.types()) {
      expect(fenceTypeSchema.safeParse(type).success, type.id).toBe(true)
      expect(checkFenceType(type, type.id), type.id).toEqual([])
      for (const parameter of type.parameters) {
        expect(parameterSchema.safeParse(parameter).success, `${type.id}.${parameter.name}`).toBe(
          true,
        )
        if (isSecretParameterName(parameter.name)) {
          expect(parameter.secret, `${type.id}.${parameter.name} must be secret`).toBe(true)
        }
      }
      expect(type.actions, type.id).toEqual(['on', 'off', 'status'])
      // a device that talks to a network device needs its address
      const ip = type.parameters.find((p) => p.name === 'ip')
      if (ip) expect(ip, type.id).toMatchObject({ type: 'host', required: true })
    }
  })

  it('run in-process only for the sim; every other type names an agent', () => {
    for (const type of registry.types()) {
      expect(registry.runsInProcess(type.id), type.id).toBe(type.id === 'sim')
      expect(registry.agentOf(type.id)).toBe(type.agent)
    }
    expect(registry.hooksOf('sim')?.execute).toBeTypeOf('function')
    expect(registry.hooksOf('sim')?.control).toBeTypeOf('function')
  })

  it("ipmilan carries the vendor variants with what Debian's fence_ilo3/4/5 change", () => {
    const types = registry.plugins().find((p) => p.manifest.id === 'ipmilan')!.manifest.contributes
      .fenceTypes
    expect(types.map((t) => t.id)).toEqual(['ipmilan', 'idrac', 'ilo3', 'ilo4', 'ilo5', 'imm'])
    for (const type of types) expect(type.agent).toBe('fence_ipmilan')
    expect(registry.type('ilo3')?.fixed).toEqual({ lanplus: true, power_wait: 4 })
    expect(registry.type('ilo4')?.fixed).toEqual({ lanplus: true })
    expect(registry.type('ilo5')?.fixed).toEqual({ lanplus: true })
    expect(registry.type('idrac')?.fixed).toBeUndefined()
    expect(registry.type('imm')?.fixed).toBeUndefined()
    // A manifest default is sent when a device leaves it unset (common/parameterDefaults.ts): the
    // generic, iDRAC and IMM types speak IPMI v2 unless a device turns lanplus off (fence_ipmilan's
    // own default is off; most iLO3+/iDRAC/IMM BMCs need it on).
    for (const id of ['ipmilan', 'idrac', 'imm']) {
      const lanplus = registry.type(id)?.parameters.find((p) => p.name === 'lanplus')
      expect(lanplus, id).toMatchObject({ type: 'boolean', default: true })
    }
  })

  itWithParts(agentsMissing, 'name agents that exist in /usr/sbin', () => {
    for (const type of registry.types()) {
      if (registry.runsInProcess(type.id)) continue
      expect(existsSync(join(AGENT_DIR, type.agent)), `${type.id}: ${type.agent}`).toBe(true)
    }
  })

  itWithParts(
    agentsMissing,
    "declare only stdin keys the real agent reads, with the agent's types and choices",
    () => {
      const byAgent = new Map<string, FenceType[]>()
      for (const type of registry.types()) {
        if (registry.runsInProcess(type.id)) continue
        byAgent.set(type.agent, [...(byAgent.get(type.agent) ?? []), type])
      }
      for (const [agent, types] of byAgent) {
        const xml = agentMetadata(agent)
        const keys = agentKeys(xml)
        const imported = importMetadata(xml).manifest.contributes.fenceTypes[0]!
        for (const type of types) {
          for (const parameter of type.parameters) {
            const where = `${type.id}.${parameter.name}`
            for (const key of [parameter.name, ...(parameter.aliases ?? [])]) {
              expect(keys.has(key), `${where}: ${agent} reads no "${key}"`).toBe(true)
            }
            const meta = keys.get(parameter.name)!
            const expected = imported.parameters.find((p) => p.name === parameter.name)
            // a manifest may refine free text into a choice (fence_dummy's type=file|fail)
            if (!(meta.type === 'string' && parameter.type === 'choice')) {
              expect(parameter.type, where).toBe(expected?.type)
            }
            if (meta.type === 'select') expect(parameter.choices, where).toEqual(meta.options)
            if (expected?.secret) expect(parameter.secret, where).toBe(true)
          }
          for (const key of Object.keys(type.fixed ?? {})) {
            expect(keys.has(key), `${type.id}.fixed.${key}: ${agent} reads no "${key}"`).toBe(true)
          }
        }
      }
    },
  )
})
