// `test` teaches the planner which machines lack an agent: the engine (exec local) has no
// fence_nowhere, so after a test the plan rejects it as agent-missing; a later test tries again.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { planHost } from '../../../../src-main/common/planner/planHost'
import { plannerOptionsOf } from '../../../../src-main/common/planner/plannerInputs'
import type { FencepostCore } from '../../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import { oneHostLab } from '../fixtures/oneHostLab'

let dataDir: string
let core: FencepostCore

const doc = oneHostLab([
  {
    id: 'box',
    type: 'nowhere',
    order: 1,
    params: { ip: '10.0.0.1' },
    proxyPreferences: ['engine'],
  },
])

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fencepost-agents-'))
  mkdirSync(join(dataDir, 'plugins', 'nowhere'), { recursive: true })
  writeFileSync(
    join(dataDir, 'plugins', 'nowhere', 'plugin.json'),
    JSON.stringify({
      id: 'nowhere',
      name: 'An agent installed nowhere',
      version: '1.0.0',
      apiVersion: 1,
      contributes: {
        fenceTypes: [
          {
            id: 'nowhere',
            label: 'Nowhere',
            agent: 'fence_nowhere',
            parameters: [{ name: 'ip', label: 'Address', type: 'host', required: true }],
            actions: ['on', 'off', 'status'],
          },
        ],
      },
    }),
  )
  core = await createNodeCore({ dataDir })
})

afterEach(async () => {
  await core.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('agents discovered by test', () => {
  it('rejects a machine as agent-missing after a test found the agent absent', async () => {
    expect(core.plan(doc, 'h1').devices[0]?.candidates.map((c) => c.proxy)).toEqual(['engine'])
    const results = await core.testHost(doc, 'h1')
    expect(results).toEqual([
      expect.objectContaining({ proxyId: 'engine', ok: false, outcome: 'agent-missing' }),
    ])
    const plan = core.plan(doc, 'h1').devices[0]
    expect(plan?.candidates).toEqual([])
    expect(plan?.rejected).toContainEqual(
      expect.objectContaining({ proxy: 'engine', reason: 'agent-missing', via: 'engine' }),
    )
    // A power action has no candidate left and says so; a new test tries the engine again.
    const action = await core.runAction(doc, { host: 'h1', action: 'status', dryRun: false })
    expect(action).toMatchObject({ result: 'failed', attempts: [] })
    expect((await core.testHost(doc, 'h1')).map((r) => r.proxyId)).toEqual(['engine'])
  })

  it('hands the UI what it learned in plan.inputs, so the UI plans as the core does', async () => {
    const saved = await core.api.topology.save(doc)
    expect(saved.ok).toBe(true)
    await core.api.fencing.test('h1')
    const inputs = await core.api.plan.inputs()
    // Plain JSON: what crosses IPC and HTTP unchanged.
    expect(JSON.parse(JSON.stringify(inputs))).toEqual(inputs)
    expect(inputs.agentOfType.nowhere).toBe('fence_nowhere')
    expect(inputs.agentsOf.engine).not.toContain('fence_nowhere')
    const inUi = planHost(doc, 'h1', plannerOptionsOf(inputs))
    expect(inUi.devices[0]?.rejected).toContainEqual(
      expect.objectContaining({ proxy: 'engine', reason: 'agent-missing' }),
    )
    expect(inUi).toEqual(core.plan(doc, 'h1'))
  })
})
