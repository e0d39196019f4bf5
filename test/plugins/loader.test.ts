import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NO_DEMO_FAULTS } from '../../src-main/common/api'
import type { PluginManifest } from '../../src-main/common/plugins'
import { RunnerError } from '../../src-main/core/runners/agentRunner'
import { loadPlugins } from '../../src-main/core/plugins/loader'
import { demoFaults, setDemoFaults } from '../../src-main/core/plugins/simWorld'

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fencepost-plugins-'))
}

function manifest(
  id: string,
  overrides: Partial<PluginManifest> = {},
  typeId = id,
): PluginManifest {
  return {
    id,
    name: `Plugin ${id}`,
    version: '1.0.0',
    apiVersion: 1,
    contributes: {
      fenceTypes: [
        {
          id: typeId,
          label: `Type ${typeId}`,
          agent: 'fence_dummy',
          parameters: [
            { name: 'ip', label: 'Address', type: 'host', required: true },
            {
              name: 'password',
              label: 'Password',
              type: 'string',
              secret: true,
              aliases: ['passwd'],
            },
            { name: 'api_secret_thing', label: 'Thing', type: 'string' },
            { name: 'key_phrase', label: 'Key phrase', type: 'string', secret: true },
          ],
          actions: ['on', 'off', 'status'],
        },
      ],
    },
    ...overrides,
  }
}

/** Writes a plugin folder: `plugin.json` (an object, or raw text) and other files. */
function writePlugin(
  dir: string,
  folder: string,
  json: PluginManifest | string,
  files: Record<string, string> = {},
): string {
  const path = join(dir, folder)
  mkdirSync(path, { recursive: true })
  writeFileSync(join(path, 'plugin.json'), typeof json === 'string' ? json : JSON.stringify(json))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(path, name, '..'), { recursive: true })
    writeFileSync(join(path, name), text)
  }
  return path
}

/** A main module that records, in `marker`, that it ran. */
const markerMain = (marker: string, body = 'return {}'): string => `
import { writeFileSync } from 'node:fs'
writeFileSync(${JSON.stringify(marker)}, 'imported')
export default function activate(context) { ${body} }
`

const diagnosticOf = (registry: Awaited<ReturnType<typeof loadPlugins>>, folderName: string) =>
  registry.diagnostics().find((d) => d.folder.endsWith(`/${folderName}`))

describe('loadPlugins', () => {
  it('skips each bad plugin with a diagnostic and loads the good ones', async () => {
    const builtin = tempDir()
    const markers = tempDir()
    const ranMarker = (name: string) => join(markers, name)
    writePlugin(builtin, 'good', manifest('good'))
    writePlugin(builtin, 'good-code', manifest('good-code', { main: 'index.js' }), {
      'index.js': `export default function activate(context) {
        context.log('hello from ' + context.pluginId)
        return { control: () => Object.keys(context).sort() }
      }`,
    })
    writePlugin(builtin, 'bad-json', '{ "id": "bad-json", ')
    writePlugin(
      builtin,
      'bad-schema',
      manifest('bad-schema', {
        main: 'index.js',
        contributes: {
          fenceTypes: [
            {
              id: 'bad-schema',
              label: 'x',
              agent: 'ipmilan' as `fence_${string}`,
              parameters: [{ name: 'IP', label: '', type: 'host' }],
              actions: [],
            },
          ],
        },
      }),
      { 'index.js': markerMain(ranMarker('bad-schema')) },
    )
    writePlugin(builtin, 'wrong-folder', manifest('other-id', { main: 'index.js' }), {
      'index.js': markerMain(ranMarker('wrong-folder')),
    })
    writePlugin(builtin, 'escaping', manifest('escaping', { main: '../good-code/index.js' }))
    writePlugin(builtin, 'absolute', manifest('absolute', { main: '/etc/passwd.js' }))
    writePlugin(builtin, 'missing-main', manifest('missing-main', { main: 'nowhere.js' }))
    writePlugin(builtin, 'throwing', manifest('throwing', { main: 'index.js' }), {
      'index.js': `export default function activate() { throw new Error('boom in activate') }`,
    })
    writePlugin(builtin, 'no-default', manifest('no-default', { main: 'index.js' }), {
      'index.js': `export function activate() { return {} }`,
    })
    writePlugin(builtin, 'bad-hooks', manifest('bad-hooks', { main: 'index.js' }), {
      'index.js': `export default () => ({ execute: 'not a function' })`,
    })
    writePlugin(builtin, 'syntax-error', manifest('syntax-error', { main: 'index.js' }), {
      'index.js': `export default function activate( {`,
    })
    writePlugin(builtin, 'future-api', manifest('future-api', { apiVersion: 99 }))
    writePlugin(builtin, 'empty-manifest', '{}')
    mkdirSync(join(builtin, 'no-manifest'))
    writeFileSync(join(builtin, 'a-stray-file.txt'), 'not a plugin')
    mkdirSync(join(builtin, '.hidden'))

    const lines: string[] = []
    const registry = await loadPlugins({
      builtinDir: builtin,
      userDir: join(tempDir(), 'plugins'),
      log: (line) => lines.push(line),
    })

    expect(
      registry
        .plugins()
        .map((p) => p.manifest.id)
        .sort(),
    ).toEqual(['good', 'good-code'])
    expect(
      registry
        .types()
        .map((t) => t.id)
        .sort(),
    ).toEqual(['good', 'good-code'])

    const folders = registry
      .diagnostics()
      .map((d) => d.folder.split('/').pop())
      .sort()
    expect(folders).toEqual(
      [
        'absolute',
        'bad-hooks',
        'bad-json',
        'bad-schema',
        'escaping',
        'future-api',
        'missing-main',
        'empty-manifest',
        'no-default',
        'no-manifest',
        'syntax-error',
        'throwing',
        'wrong-folder',
      ].sort(),
    )
    expect(diagnosticOf(registry, 'bad-json')?.messages[0]).toMatch(
      /^plugin.json is not valid JSON/,
    )
    const schema = diagnosticOf(registry, 'bad-schema')!
    expect(schema.plugin).toBe('bad-schema')
    expect(schema.messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^contributes\.fenceTypes\[0\]\.agent: must be a fence_\* agent name/,
        ),
        expect.stringMatching(
          /^contributes\.fenceTypes\[0\]\.parameters\[0\]\.name: not a parameter name/,
        ),
        expect.stringMatching(/^contributes\.fenceTypes\[0\]\.actions/),
      ]),
    )
    expect(diagnosticOf(registry, 'wrong-folder')?.messages).toEqual([
      'id: "other-id" must equal the folder name "wrong-folder"',
    ])
    expect(diagnosticOf(registry, 'escaping')?.messages[0]).toMatch(/outside the plugin's folder/)
    expect(diagnosticOf(registry, 'absolute')?.messages[0]).toMatch(/outside the plugin's folder/)
    expect(diagnosticOf(registry, 'missing-main')?.messages[0]).toMatch(/does not exist/)
    expect(diagnosticOf(registry, 'throwing')?.messages).toEqual([
      'activate failed: boom in activate',
    ])
    expect(diagnosticOf(registry, 'no-default')?.messages[0]).toMatch(/default-export an activate/)
    expect(diagnosticOf(registry, 'bad-hooks')?.messages[0]).toMatch(
      /execute that is not a function/,
    )
    expect(diagnosticOf(registry, 'syntax-error')?.messages[0]).toMatch(/^main could not be loaded/)
    expect(diagnosticOf(registry, 'future-api')?.messages[0]).toMatch(
      /apiVersion: 99 is not supported/,
    )
    expect(diagnosticOf(registry, 'no-manifest')?.messages).toEqual(['no plugin.json'])
    expect(diagnosticOf(registry, 'empty-manifest')?.messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^id: /),
        expect.stringMatching(/^contributes: /),
      ]),
    )

    // manifests are checked before any code runs
    expect(existsSync(ranMarker('bad-schema'))).toBe(false)
    expect(existsSync(ranMarker('wrong-folder'))).toBe(false)

    // the context is pluginId, log and dataDir — nothing else
    expect(registry.hooksOf('good-code')?.control?.('keys', {})).toEqual([
      'dataDir',
      'log',
      'pluginId',
    ])
    expect(lines).toContain('[plugin good-code] hello from good-code')
    expect(lines.some((l) => l.startsWith('[plugins] skipped throwing'))).toBe(true)
  })

  it('refuses a main that leads outside the folder through a symlink', async () => {
    const builtin = tempDir()
    const outside = join(tempDir(), 'evil.js')
    writeFileSync(outside, 'export default () => ({})')
    const folder = writePlugin(builtin, 'linked', manifest('linked', { main: 'index.js' }))
    symlinkSync(outside, join(folder, 'index.js'))
    const registry = await loadPlugins({ builtinDir: builtin })
    expect(registry.plugins()).toEqual([])
    expect(diagnosticOf(registry, 'linked')?.messages[0]).toMatch(
      /leads outside the plugin's folder/,
    )
  })

  it('lets the first plugin keep a type id and diagnoses the later one', async () => {
    const builtin = tempDir()
    writePlugin(builtin, 'a-first', manifest('a-first', {}, 'shared'))
    writePlugin(builtin, 'b-second', manifest('b-second', {}, 'shared'))
    const registry = await loadPlugins({ builtinDir: builtin })
    expect(registry.pluginOf('shared')?.manifest.id).toBe('a-first')
    expect(registry.plugins().map((p) => p.manifest.id)).toEqual(['a-first'])
    expect(diagnosticOf(registry, 'b-second')?.messages).toEqual([
      'contributes.fenceTypes[0].id: type "shared" is already contributed by plugin "a-first"',
    ])
  })

  it('loads user plugins after the built-ins, which win on a clash', async () => {
    const builtin = tempDir()
    const appData = tempDir()
    const user = join(appData, 'plugins')
    writePlugin(builtin, 'apc', manifest('apc'))
    writePlugin(user, 'apc', manifest('apc', { name: 'An impostor' }, 'apc-user'))
    writePlugin(user, 'mine', manifest('mine', { main: 'main.mjs' }), {
      'main.mjs': `export default (context) => ({ control: () => context.dataDir })`,
    })
    const registry = await loadPlugins({ builtinDir: builtin, userDir: user })
    expect(registry.plugins().map((p) => [p.manifest.id, p.source])).toEqual([
      ['apc', 'builtin'],
      ['mine', 'user'],
    ])
    expect(registry.type('apc-user')).toBeUndefined()
    const clash = registry.diagnostics().find((d) => d.folder === join(user, 'apc'))
    expect(clash?.messages).toEqual(['id: a builtin plugin "apc" is already loaded'])
    expect(registry.hooksOf('mine')?.control?.('dataDir', {})).toBe(
      join(appData, 'plugin-data', 'mine'),
    )
  })

  it('rejects manifest findings the schema cannot see', async () => {
    const builtin = tempDir()
    const base = manifest('sneaky')
    const type = base.contributes.fenceTypes[0]!
    writePlugin(builtin, 'sneaky', {
      ...base,
      contributes: {
        fenceTypes: [
          {
            ...type,
            parameters: [
              ...type.parameters,
              { name: 'ip', label: 'Twice', type: 'string' },
              { name: 'ip_alias_clash', label: 'Clash', type: 'string', aliases: ['passwd'] },
              { name: 'port', label: 'Port', type: 'integer', default: 'x' },
              { name: 'action', label: 'Action', type: 'string' },
            ],
            fixed: { ip: '10.0.0.1', lanplus: 1 },
          },
        ],
      },
    })
    const registry = await loadPlugins({ builtinDir: builtin })
    expect(registry.plugins()).toEqual([])
    const messages = diagnosticOf(registry, 'sneaky')!.messages
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /parameters\[4\]\.name: "ip" is already declared at .*parameters\[0\]\.name/,
        ),
        expect.stringMatching(/aliases\[0\]: "passwd" is already declared/),
        expect.stringMatching(/parameters\[6\]\.default: must be a whole number/),
        expect.stringMatching(/parameters\[7\]\.name: "action" is reserved/),
        expect.stringMatching(/fixed\.ip: "ip" is already declared/),
      ]),
    )
  })

  it('time-limits activate', async () => {
    const builtin = tempDir()
    writePlugin(builtin, 'hangs', manifest('hangs', { main: 'index.js' }), {
      'index.js': `export default () => new Promise(() => {})`,
    })
    writePlugin(builtin, 'fine', manifest('fine'))
    const registry = await loadPlugins({ builtinDir: builtin, activateTimeoutMs: 100 })
    expect(registry.plugins().map((p) => p.manifest.id)).toEqual(['fine'])
    expect(diagnosticOf(registry, 'hangs')?.messages).toEqual([
      'activating hangs took longer than 100 ms',
    ])
  })

  it('diagnoses an unreadable built-in folder; a missing user folder is just empty', async () => {
    const registry = await loadPlugins({
      builtinDir: join(tempDir(), 'no-such-dir'),
      userDir: join(tempDir(), 'plugins'),
    })
    expect(registry.types()).toEqual([])
    expect(registry.diagnostics()).toHaveLength(1)
    expect(registry.diagnostics()[0]?.messages[0]).toMatch(
      /the builtin plugin folder cannot be read/,
    )
  })

  it('answers registry questions: secrets by flag, alias and name; parameters; agents', async () => {
    const builtin = tempDir()
    writePlugin(builtin, 'good', manifest('good'))
    const registry = await loadPlugins({ builtinDir: builtin })
    expect(registry.isSecretParam('good', 'password')).toBe(true)
    expect(registry.isSecretParam('good', 'passwd')).toBe(true) // alias of a secret
    expect(registry.isSecretParam('good', 'key_phrase')).toBe(true) // marked by the manifest
    expect(registry.isSecretParam('good', 'api_secret_thing')).toBe(true) // its name says so
    expect(registry.isSecretParam('good', 'ip')).toBe(false)
    expect(registry.isSecretParam('unknown-type', 'password')).toBe(true)
    expect(registry.isSecretParam('unknown-type', 'community')).toBe(true)
    expect(registry.isSecretParam('unknown-type', 'username')).toBe(false)
    expect(registry.parametersOf('good')?.map((p) => p.name)).toEqual([
      'ip',
      'password',
      'api_secret_thing',
      'key_phrase',
    ])
    expect(registry.agentOf('good')).toBe('fence_dummy')
    expect(registry.type('nope')).toBeUndefined()
    expect(registry.hooksOf('good')).toBeUndefined()
    expect(registry.runsInProcess('good')).toBe(false)
    // No sim world: every fault list, empty (all eight kinds, as a sim world answers them).
    expect(demoFaults(registry)).toEqual(NO_DEMO_FAULTS)
    expect(Object.keys(demoFaults(registry))).toHaveLength(8)
    expect(() =>
      setDemoFaults(registry, { proxiesDown: ['p1'], cutOff: [], failing: [], slow: [] }),
    ).toThrow(/sim plugin/)
  })

  it('guards execute: proxy-side codes become runner errors, malformed answers exit 1', async () => {
    const builtin = tempDir()
    writePlugin(builtin, 'hooked', manifest('hooked', { main: 'index.js' }), {
      'index.js': `export default () => ({
        async execute(request) {
          if (request.params.mode === 'down') {
            throw Object.assign(new Error('proxy is gone'), { code: 'proxy-unreachable' })
          }
          if (request.params.mode === 'weird') return { code: '0', stdout: 1 }
          if (request.params.mode === 'throw') throw Object.assign(new Error('bad'), { code: 'EPERM' })
          return { code: 0, stdout: 'Status: ON\\n', stderr: '', extra: 'dropped' }
        },
      })`,
    })
    const registry = await loadPlugins({ builtinDir: builtin })
    const execute = registry.hooksOf('hooked')!.execute!
    const call = (mode: string) =>
      execute({
        typeId: 'hooked',
        action: 'status',
        params: { mode },
        proxyId: 'p1',
        signal: new AbortController().signal,
      })
    await expect(call('ok')).resolves.toEqual({ code: 0, stdout: 'Status: ON\n', stderr: '' })
    const down = await call('down').catch((error: unknown) => error)
    expect(down).toBeInstanceOf(RunnerError)
    expect(down).toMatchObject({ code: 'proxy-unreachable', message: 'proxy is gone' })
    await expect(call('weird')).resolves.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/malformed/),
    })
    const other = await call('throw').catch((error: unknown) => error)
    expect(other).not.toBeInstanceOf(RunnerError)
    expect(other).toMatchObject({ message: 'bad' })
  })
})
