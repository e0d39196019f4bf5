// The built-in `sim` plugin, loaded through the real loader, driven like the orchestrator drives it.
import { resolve } from 'node:path'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AgentOutput } from '../../src-main/core/runners/agentRunner'
import { RunnerError } from '../../src-main/core/runners/agentRunner'
import { loadPlugins } from '../../src-main/core/plugins/loader'
import type { HookAction, PluginHooks } from '../../src-main/core/plugins/pluginApi'
import type { PluginRegistry } from '../../src-main/core/plugins/registry'
import { SimWorld, demoFaults, setDemoFaults } from '../../src-main/core/plugins/simWorld'

let registry: PluginRegistry
let hooks: PluginHooks
let world: SimWorld

beforeAll(async () => {
  registry = await loadPlugins({ builtinDir: resolve(import.meta.dirname, '../../plugins') })
  hooks = registry.hooksOf('sim')!
  world = SimWorld.of(registry)!
})

beforeEach(() => {
  world.reset()
  world.configure({ unreachableMs: 20 })
})

function call(
  action: HookAction,
  bmc: string,
  options: { proxyId?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<AgentOutput> {
  return hooks.execute!({
    typeId: 'sim',
    action,
    params: { bmc },
    proxyId: options.proxyId ?? 'h2',
    signal: options.signal ?? AbortSignal.timeout(options.timeoutMs ?? 2_000),
  })
}

describe('sim plugin', () => {
  it('is found through the registry and runs in-process', () => {
    expect(registry.diagnostics()).toEqual([])
    expect(registry.runsInProcess('sim')).toBe(true)
    expect(world).toBeInstanceOf(SimWorld)
  })

  it('answers status like a fence agent: exit 0 ON, exit 2 OFF; BMCs start on', async () => {
    expect(await call('status', 'bmc-a')).toEqual({ code: 0, stdout: 'Status: ON\n', stderr: '' })
    world.setPower('bmc-a', 'off')
    expect(await call('status', 'bmc-a')).toEqual({ code: 2, stdout: 'Status: OFF\n', stderr: '' })
  })

  it('switches power with on/off (exit 0), and says when it already was', async () => {
    expect(await call('off', 'bmc-a')).toMatchObject({ code: 0, stdout: 'Success: Powered OFF\n' })
    expect((await call('status', 'bmc-a')).code).toBe(2)
    expect(await call('off', 'bmc-a')).toMatchObject({ code: 0, stdout: 'Success: Already OFF\n' })
    expect(await call('on', 'bmc-a')).toMatchObject({ code: 0, stdout: 'Success: Powered ON\n' })
    expect((await call('status', 'bmc-a')).code).toBe(0)
    // BMCs are independent
    expect((await call('status', 'bmc-b')).code).toBe(0)
    expect(world.snapshot().bmcs.map((b) => [b.bmc, b.power])).toEqual([
      ['bmc-a', 'on'],
      ['bmc-b', 'on'],
    ])
  })

  it('fails without a bmc parameter', async () => {
    const output = await call('status', '  ')
    expect(output.code).toBe(1)
    expect(output.stderr).toMatch(/^Failed: .*bmc/)
  })

  it('fault fail: exit 1 with an agent-like message, custom or default, until cleared', async () => {
    world.fail('bmc-a')
    const output = await call('off', 'bmc-a')
    expect(output).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Failed: Unable to obtain correct plug status or plug is not available\n',
    })
    world.fail('bmc-a', 'Unable to connect/login to fencing device')
    expect((await call('status', 'bmc-a')).stderr).toBe(
      'Failed: Unable to connect/login to fencing device\n',
    )
    expect(world.snapshot().bmcs[0]?.power).toBe('on') // the failed off changed nothing
    world.clearFault('bmc-a', 'fail')
    expect((await call('status', 'bmc-a')).code).toBe(0)
  })

  it('fault dead: never answers; the caller timeout ends the call', async () => {
    world.kill('bmc-a')
    const started = Date.now()
    await expect(call('status', 'bmc-a', { timeoutMs: 80 })).rejects.toMatchObject({
      name: 'TimeoutError',
    })
    expect(Date.now() - started).toBeGreaterThanOrEqual(70)
    expect(world.snapshot().log.at(-1)).toMatchObject({ bmc: 'bmc-a', result: 'no answer' })
    world.clearFault('bmc-a')
    expect((await call('status', 'bmc-a')).code).toBe(0)
  })

  it('fault slow: answers after the delay, and stops early when cancelled', async () => {
    world.slow('bmc-a', 120)
    let started = Date.now()
    expect((await call('status', 'bmc-a')).code).toBe(0)
    expect(Date.now() - started).toBeGreaterThanOrEqual(110)

    const controller = new AbortController()
    started = Date.now()
    const pending = call('off', 'bmc-a', { signal: controller.signal })
    setTimeout(() => controller.abort(new Error('user cancelled')), 20)
    await expect(pending).rejects.toThrow('user cancelled')
    expect(Date.now() - started).toBeLessThan(110)
    expect(world.snapshot().bmcs[0]?.power).toBe('on') // a cancelled off did nothing
    expect(world.snapshot().log.at(-1)?.result).toBe('cancelled')

    world.configure({ slowMs: 60 })
    world.slow('bmc-b')
    expect(world.snapshot().bmcs.find((b) => b.bmc === 'bmc-b')?.faults.slow).toBe(60)
  })

  it('fault ignore: on/off are accepted but the power state stays', async () => {
    world.ignore('bmc-a')
    expect((await call('off', 'bmc-a')).code).toBe(0)
    expect(await call('status', 'bmc-a')).toMatchObject({ code: 0, stdout: 'Status: ON\n' })
  })

  it('cut-off: a BMC unreachable from one proxy fails there and works from the others', async () => {
    world.cutOff('bmc-a', 'h2')
    const output = await call('status', 'bmc-a', { proxyId: 'h2' })
    expect(output.code).toBe(1)
    expect(output.stderr).toBe('Failed: Unable to connect/login to fencing device\n')
    expect((await call('status', 'bmc-a', { proxyId: 'h3' })).code).toBe(0)
    expect((await call('status', 'bmc-b', { proxyId: 'h2' })).code).toBe(0)
    world.reconnect('bmc-a', 'h2')
    expect((await call('status', 'bmc-a', { proxyId: 'h2' })).code).toBe(0)
  })

  it('proxy down: calls through it reject as proxy-unreachable, the BMC is not touched', async () => {
    world.proxyDown('h2')
    const error = await call('off', 'bmc-a', { proxyId: 'h2' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RunnerError)
    expect(error).toMatchObject({ code: 'proxy-unreachable' })
    expect(world.snapshot().bmcs[0]).toMatchObject({ power: 'on', calls: 0 })
    expect((await call('off', 'bmc-a', { proxyId: 'h3' })).code).toBe(0)
    world.proxyUp('h2')
    expect((await call('status', 'bmc-a', { proxyId: 'h2' })).code).toBe(2)
  })

  it('records every call with its proxy, for the demo to narrate', async () => {
    await call('status', 'bmc-a', { proxyId: 'h2' })
    await call('off', 'bmc-a', { proxyId: 'engine' })
    expect(world.snapshot().log.map((r) => [r.bmc, r.proxyId, r.action, r.result])).toEqual([
      ['bmc-a', 'h2', 'status', 0],
      ['bmc-a', 'engine', 'off', 0],
    ])
  })

  it('rejects malformed control commands', () => {
    expect(() => hooks.control!('explode', {})).toThrow(/unknown command/)
    expect(() => hooks.control!('set-fault', { bmc: 'a', fault: 'melt' })).toThrow(/fault must be/)
    expect(() => hooks.control!('set-fault', { bmc: 'a', fault: 'slow', value: -1 })).toThrow()
    expect(() => hooks.control!('set-power', { bmc: 'a', power: 'maybe' })).toThrow()
    expect(() => hooks.control!('cut-off', { bmc: 'a|b', proxyId: 'h1' })).toThrow(/non-empty id/)
  })

  it('maps the demo fault panel (DemoFaults) onto the world and back', async () => {
    world.kill('bmc-dead')
    const set = setDemoFaults(registry, {
      proxiesDown: ['h1'],
      cutOff: ['bmc-a|h2', 'bmc-a|h3'],
      failing: ['bmc-b'],
      slow: ['bmc-c'],
    })
    const noNewFaults = { authFailing: [], hostKeyChanged: [], agentMissing: [], secretMissing: [] }
    expect(set).toEqual({
      proxiesDown: ['h1'],
      cutOff: ['bmc-a|h2', 'bmc-a|h3'],
      failing: ['bmc-b'],
      slow: ['bmc-c'],
      ...noNewFaults,
    })
    expect(demoFaults(registry)).toEqual(set)
    expect((await call('status', 'bmc-b', { proxyId: 'h4' })).code).toBe(1)

    // setting replaces: what is not listed any more is cleared; dead stays
    const next = setDemoFaults(registry, {
      proxiesDown: [],
      cutOff: ['bmc-a|h3'],
      failing: [],
      slow: [],
    })
    expect(next).toEqual({
      proxiesDown: [],
      cutOff: ['bmc-a|h3'],
      failing: [],
      slow: [],
      ...noNewFaults,
    })
    expect((await call('status', 'bmc-b', { proxyId: 'h4' })).code).toBe(0)
    expect(world.snapshot().bmcs.find((b) => b.bmc === 'bmc-dead')?.faults).toEqual({ dead: true })

    expect(() =>
      setDemoFaults(registry, { proxiesDown: [], cutOff: ['no-pipe'], failing: [], slow: [] }),
    ).toThrow(/bmc\|proxyId/)
    expect(demoFaults(registry)).toEqual(next) // a rejected set changes nothing
  })
})
