// The demo lab's readiness results stay apart from the real lab's: a demo opened over a stored
// lab with the same host ids must not colour the real lab's plan, nor write reachability.json.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../../src-main/common/document'
import type { FencepostCore } from '../../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import { SimWorld } from '../../../../src-main/core/plugins/simWorld'

const demo = (): TopologyDocument =>
  JSON.parse(
    readFileSync(join(__dirname, '../../../../resources/demo-lab.json'), 'utf8'),
  ) as TopologyDocument

let core: FencepostCore
let dataDir: string
let world: SimWorld

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fencepost-demoreach-'))
  core = await createNodeCore({
    dataDir,
    fencingSettings: { agentTimeoutMs: 1_000, verifyRetries: 3, verifyDelayMs: 10 },
  })
  world = SimWorld.of(core.registry)!
  world.reset()
  world.configure({ unreachableMs: 20, slowMs: 50 })
})

afterEach(async () => {
  world.reset()
  await core.close()
  rmSync(dataDir, { recursive: true, force: true })
})

const reachOf = (plan: Awaited<ReturnType<FencepostCore['api']['plan']['planHost']>>) =>
  plan.devices.flatMap((d) => d.candidates.map((c) => c.reach))

describe('the demo lab’s readiness results', () => {
  it('are kept apart from the real lab’s, and go when the demo is opened again', async () => {
    const tested = await core.api.fencing.test('a1', 'demo')
    expect(tested.length).toBeGreaterThan(0)

    // The demo sees its results, in its plan and over the API.
    expect(reachOf(await core.api.plan.planHost(demo(), 'a1', 'demo'))).toContain('ok')
    await expect(core.api.fencing.reachability('a1', 'demo')).resolves.toHaveLength(tested.length)
    // The real lab, with the same ids, knows nothing of them.
    expect(existsSync(join(dataDir, 'reachability.json'))).toBe(false)
    expect(core.reachability()).toEqual([])
    expect(reachOf(await core.api.plan.planHost(demo(), 'a1'))).not.toContain('ok')

    await core.api.demo.open()
    expect(core.reachability('demo')).toEqual([])
  })

  it('of the real lab are not seen by the demo', async () => {
    await core.testHost(demo(), 'a1')
    expect(core.reachability().length).toBeGreaterThan(0)
    expect(core.reachability('demo')).toEqual([])
    expect(reachOf(await core.api.plan.planHost(demo(), 'a1', 'demo'))).not.toContain('ok')
  })
})
