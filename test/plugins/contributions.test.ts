// What plugins contribute besides their fence types: the base of a new device's id
// (`fenceTypes[].deviceIdBase`) and the demo lab's simulated world (`demo`: its device type, the
// parameter naming a simulated device, the guided scenarios). Checked before any plugin code runs,
// each bad field named; the built-in plugins bring what the core and the UI used to hard-code.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DemoContribution, PluginManifest } from '../../src-main/common/plugins'
import { checkManifest } from '../../src-main/core/plugins/checks'
import { loadPlugins } from '../../src-main/core/plugins/loader'
import { SimWorld, demoUnresolvedSecret } from '../../src-main/core/plugins/simWorld'

const BUILTIN = resolve(import.meta.dirname, '../../plugins')

const DEMO: DemoContribution = {
  fenceType: 'world',
  deviceParameter: 'box',
  scenarios: [
    {
      id: 'one',
      title: 'One',
      intent: 'On {host}',
      action: 'status',
      setup: 'cluster-proxies-down',
    },
  ],
}

function manifest(id: string, contributes: Partial<PluginManifest['contributes']> = {}) {
  return {
    id,
    name: `Plugin ${id}`,
    version: '1.0.0',
    apiVersion: 1,
    main: 'index.js',
    contributes: {
      fenceTypes: [
        {
          id: `${id}-type`,
          label: 'A type',
          agent: 'fence_dummy',
          parameters: [{ name: 'box', label: 'Box', type: 'string', required: true }],
          actions: ['on', 'off', 'status'],
        },
      ],
      ...contributes,
    },
  } as PluginManifest
}

const CONTROL_MAIN = `export default () => ({ control: () => ({ bmcs: [], cutOff: [], proxiesDown: [], log: [] }) })`

function writePlugin(dir: string, json: object, main = CONTROL_MAIN): void {
  const id = (json as { id: string }).id
  mkdirSync(join(dir, id), { recursive: true })
  writeFileSync(join(dir, id, 'plugin.json'), JSON.stringify(json))
  writeFileSync(join(dir, id, 'index.js'), main)
}

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'fencepost-contrib-'))

describe('contributes.demo and deviceIdBase', () => {
  it('the built-in plugins bring the demo world and the device id bases', async () => {
    const registry = await loadPlugins({ builtinDir: BUILTIN })
    expect(registry.diagnostics()).toEqual([])
    const demo = registry.demo()
    expect(demo?.plugin.manifest.id).toBe('sim')
    expect(demo?.contribution).toMatchObject({ fenceType: 'sim', deviceParameter: 'bmc' })
    expect(demo?.contribution.scenarios?.map((s) => [s.id, s.action, s.setup])).toEqual([
      ['cluster-down', 'status', 'cluster-proxies-down'],
      ['dual-psu', 'restart', 'concurrent-group'],
      ['one-proxy', 'status', 'reach-last-candidate-only'],
    ])
    expect(SimWorld.of(registry)).toBeInstanceOf(SimWorld)
    const bases = Object.fromEntries(registry.types().map((t) => [t.id, t.deviceIdBase]))
    expect(bases).toMatchObject({
      ipmilan: 'bmc',
      ilo: 'ilo',
      'ilo-ssh': 'ilo',
      drac5: 'drac',
      redfish: 'bmc',
      apc: 'pdu',
      'apc-snmp': 'pdu',
      wti: 'pdu',
      sim: 'bmc',
    })
    // A type that names none is called by its id.
    expect(bases.idrac).toBeUndefined()
  })

  it('the unresolvable-secret fault follows the contributed type and parameter', async () => {
    const registry = await loadPlugins({ builtinDir: BUILTIN })
    const world = SimWorld.of(registry)!
    world.reset()
    world.secretMissing('w1-bmc')
    try {
      expect(demoUnresolvedSecret(registry, { type: 'sim', params: { bmc: ' w1-bmc ' } })).toEqual({
        ref: 'demo-unresolvable-w1-bmc',
      })
      // Another type naming the same BMC is not of the demo world.
      expect(
        demoUnresolvedSecret(registry, { type: 'ipmilan', params: { bmc: 'w1-bmc' } }),
      ).toBeUndefined()
      expect(demoUnresolvedSecret(registry, { type: 'sim', params: { bmc: 'a1' } })).toBeUndefined()
    } finally {
      world.reset()
    }
  })

  it('names each bad field of a demo contribution the schema cannot judge', () => {
    const bad = manifest('w', {
      demo: {
        fenceType: 'not-mine',
        deviceParameter: 'box',
        scenarios: [
          { ...DEMO.scenarios![0]!, intent: 'On {hots}' },
          { ...DEMO.scenarios![0]!, intent: '{host} and {device}' },
        ],
      },
    })
    expect(checkManifest(bad)).toEqual([
      'contributes.demo.fenceType: "not-mine" is not a fence type of this plugin',
      'contributes.demo.scenarios[0].intent: {hots} is not a placeholder (use {host} or {device})',
      'contributes.demo.scenarios[1].id: "one" is declared twice',
      'contributes.demo.scenarios[1].intent: {device} is not known to the cluster-proxies-down setup',
    ])
    const noParameter = manifest('w', {
      demo: { ...DEMO, fenceType: 'w-type', deviceParameter: 'bmc' },
    })
    delete noParameter.main
    expect(checkManifest(noParameter)).toEqual([
      'contributes.demo: a simulated world needs a main module whose hooks drive it',
      'contributes.demo.deviceParameter: "bmc" is not a parameter of type "w-type"',
    ])
    expect(checkManifest(manifest('w', { demo: { ...DEMO, fenceType: 'w-type' } }))).toEqual([])
  })

  it('skips a plugin with a malformed contribution, naming the field; the others load', async () => {
    const dir = tempDir()
    const good = manifest('good', { demo: { ...DEMO, fenceType: 'good-type' } })
    writePlugin(dir, good)
    const setup = manifest('setup', {
      demo: {
        ...DEMO,
        fenceType: 'setup-type',
        scenarios: [{ ...DEMO.scenarios![0]!, setup: 'everything-down' as never }],
      },
    })
    writePlugin(dir, setup)
    const base = manifest('base')
    base.contributes.fenceTypes[0]!.deviceIdBase = 'Big Box'
    writePlugin(dir, base)
    const registry = await loadPlugins({ builtinDir: dir })
    expect(registry.plugins().map((p) => p.manifest.id)).toEqual(['good'])
    const messages = (folder: string) =>
      registry.diagnostics().find((d) => d.folder.endsWith(`/${folder}`))?.messages
    expect(messages('setup')).toEqual([
      expect.stringMatching(/^contributes\.demo\.scenarios\[0\]\.setup: /),
    ])
    expect(messages('base')).toEqual([
      'contributes.fenceTypes[0].deviceIdBase: must be lower-case letters, digits and dashes',
    ])
  })

  it('lets one plugin contribute the demo world, and only with a control hook', async () => {
    const builtin = tempDir()
    const user = tempDir()
    writePlugin(builtin, manifest('first', { demo: { ...DEMO, fenceType: 'first-type' } }))
    // Sorted first, so it is tried first: a world nobody can drive does not take the place.
    writePlugin(
      builtin,
      manifest('a-silent', { demo: { ...DEMO, fenceType: 'a-silent-type' } }),
      'export default () => ({})',
    )
    writePlugin(user, manifest('second', { demo: { ...DEMO, fenceType: 'second-type' } }))
    const registry = await loadPlugins({ builtinDir: builtin, userDir: user })
    expect(registry.demo()?.plugin.manifest.id).toBe('first')
    expect(registry.plugins().map((p) => p.manifest.id)).toEqual(['first'])
    const messages = (folder: string) =>
      registry.diagnostics().find((d) => d.folder.endsWith(`/${folder}`))?.messages
    expect(messages('a-silent')).toEqual([
      'contributes.demo: activate returned no control hook to drive the simulated world',
    ])
    expect(messages('second')).toEqual([
      'contributes.demo: the demo lab\'s simulated world is already contributed by plugin "first"',
    ])
  })

  it('no demo world without a plugin contributing one', async () => {
    const dir = tempDir()
    writePlugin(dir, manifest('plain'))
    const registry = await loadPlugins({ builtinDir: dir })
    expect(registry.plugins().map((p) => p.manifest.id)).toEqual(['plain'])
    expect(registry.demo()).toBeUndefined()
    expect(SimWorld.of(registry)).toBeUndefined()
  })
})
