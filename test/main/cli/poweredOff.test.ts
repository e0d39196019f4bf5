// `fencepost off` then `fencepost plan` (DESIGN.md §4, §7): a host confirmed off by one CLI process
// is rejected as a proxy (`powered-off`) in the plan of the next, until `status` says on.
import { afterEach, expect, it } from 'vitest'
import type { HostPlan } from '../../../src-main/common/plan'
import { openCore } from '../../../src-main/cli/context'
import { SimWorld } from '../../../src-main/core/plugins/simWorld'
import { DEMO, cli, useTempHome } from './cliHarness'

useTempHome('fencepost-cli-poweredoff-')

afterEach(async () => {
  SimWorld.of((await openCore()).registry)?.reset()
})

it('off a1, then the plan of a2 rejects a1 as powered off; status on clears it', async () => {
  SimWorld.of((await openCore()).registry)!.reset()
  const before = await cli('plan', 'a2', '--topology', DEMO)
  expect(before.out).toMatch(/1\. a1 /)

  const off = await cli('off', 'a1', '--topology', DEMO)
  expect(off.code).toBe(0)

  const plan = await cli('plan', 'a2', '--topology', DEMO)
  expect(plan.code).toBe(0)
  expect(plan.out).not.toMatch(/1\. a1 /)
  expect(plan.out).toMatch(
    /a1 — is powered off \(confirmed \d\d:\d\d\) — a status that says on makes it a proxy again/,
  )
  const json = await cli('plan', 'a2', '--topology', DEMO, '--json')
  const parsed = JSON.parse(json.out) as HostPlan
  expect(parsed.devices[0]!.rejected).toContainEqual(
    expect.objectContaining({ proxyId: 'a1', reason: 'powered-off' }),
  )

  // Powered on behind the CLI's back: a status that says on makes a1 a proxy again.
  const world = SimWorld.of((await openCore()).registry)!
  world.setPower('a1-psu1', 'on')
  world.setPower('a1-psu2', 'on')
  expect((await cli('status', 'a1', '--topology', DEMO)).code).toBe(0)
  expect((await cli('plan', 'a2', '--topology', DEMO)).out).toMatch(/1\. a1 /)
})
