// The oVirt export (common/export/ovirtAnsible.ts), proven with Debian's ansible: every playbook
// passes `ansible-playbook --syntax-check`, and every task's arguments are options the module
// documents (`ansible-doc -j`), read back with PyYAML (it comes with ansible). Also the YAML
// scalar quoting, the warnings, the secrets and `fencepost export --format ovirt-ansible`.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import {
  OVIRT_PREDEFINED_FENCE_TYPES,
  exportOvirtAnsible,
} from '../../../src-main/common/export/ovirtAnsible'
import type { OvirtExport } from '../../../src-main/common/export/ovirtAnsible'
import { yamlString } from '../../../src-main/common/export/yamlScalar'
import type { PluginRegistry } from '../../../src-main/core/plugins/registry'
import { loadAppPlugins, validateOptionsOf } from '../../../src-main/core/validation/appPlugins'
import { validateDocument } from '../../../src-main/core/validation/validateDocument'
import { describeWithParts } from '../../support/requiredParts'
import { cli, useTempHome } from '../cli/cliHarness'

const ROOT = join(__dirname, '../../..')
const MODULES = [
  'ovirt.ovirt.ovirt_auth',
  'ovirt.ovirt.ovirt_host_pm',
  'ovirt.ovirt.ovirt_host_info',
  'ansible.builtin.uri',
] as const
/** Task keywords the playbook uses besides the module call. */
const TASK_KEYWORDS = ['name', 'register', 'when']

const BMC_SECRET = 'bmc-s3cret-Zq9'
const PDU_SECRET = 'pdu-s3cret-Xw4'
const COMMUNITY_SECRET = 'snmp-community-Kp7'

function commandWorks(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0
}

function missingParts(): string | undefined {
  const missing: string[] = []
  if (!commandWorks('ansible-playbook', ['--version'])) missing.push('ansible-playbook')
  if (!commandWorks('ansible-doc', ['-j', 'ovirt.ovirt.ovirt_host_pm']))
    missing.push('the ovirt.ovirt collection (ansible-doc -j ovirt.ovirt.ovirt_host_pm)')
  if (!commandWorks('python3', ['-c', 'import yaml']))
    missing.push('PyYAML (python3 -c "import yaml")')
  return missing.length > 0
    ? `${missing.join(', ')} — run scripts/install-lab.sh (Debian's ansible package)`
    : undefined
}

/** Reads a playbook back as JSON with PyYAML; `!unsafe "x"` becomes `{ unsafe: "x" }`. */
const READ_YAML = [
  'import json, sys, yaml',
  'class Loader(yaml.SafeLoader): pass',
  "Loader.add_constructor('!unsafe', lambda l, n: {'unsafe': l.construct_scalar(n)})",
  'print(json.dumps(yaml.load(sys.stdin.read(), Loader=Loader)))',
].join('\n')

function readYaml(text: string): unknown {
  return JSON.parse(execFileSync('python3', ['-c', READ_YAML], { input: text, encoding: 'utf8' }))
}

/** A lab made by hand for what the demo lab lacks: passwords, aliases, every warning. */
function handMadeLab(): TopologyDocument {
  const bmc = (ip: string) => ({
    ip,
    username: 'admin',
    password: BMC_SECRET,
    lanplus: true,
  })
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    defaults: { proxyPreferences: ['cluster', 'dc'] },
    dataCenters: [
      { id: 'dc-1', name: 'Main' },
      { id: 'dc-2', name: 'Far', proxyPreferences: ['other-dc', 'engine'] },
    ],
    clusters: [
      { id: 'cl-a', name: 'alpha', dataCenter: 'dc-1' },
      { id: 'cl-far', name: 'far', dataCenter: 'dc-2' },
    ],
    hosts: [
      {
        id: 'h-1',
        name: 'node1.lab.example',
        address: '10.0.0.1',
        cluster: 'cl-a',
        status: 'up',
        canProxy: true,
        powerManagement: {
          enabled: true,
          proxyPreferences: ['jump1', 'cluster', 'engine', 'dc'],
          devices: [
            // Two outlets of one PDU: same type and address (ovirt_host_pm would merge them).
            {
              id: 'pdu-a',
              type: 'apc',
              order: 1,
              params: {
                ipaddr: '10.9.0.1',
                login: 'apc',
                passwd: PDU_SECRET,
                port: '3',
                secure: true,
              },
            },
            {
              id: 'pdu-b',
              type: 'apc',
              order: 1,
              params: { ip: '10.9.0.1', username: 'apc', password: PDU_SECRET, plug: '4' },
              proxyPreferences: ['cluster'],
            },
            {
              id: 'ilo',
              type: 'ilo4',
              order: 2,
              params: { ip: '10.9.1.1', username: 'admin', password: BMC_SECRET },
            },
          ],
        },
      },
      {
        id: 'h-2',
        name: 'node2 {{ lookup("pipe", "id") }}',
        address: '10.0.0.2',
        cluster: 'cl-a',
        status: 'up',
        canProxy: true,
        powerManagement: {
          enabled: true,
          devices: [
            {
              id: 'snmp',
              type: 'apc-snmp',
              order: 1,
              params: { ip: '10.9.0.2', community: COMMUNITY_SECRET, plug: '1: yes' },
            },
          ],
        },
      },
      {
        id: 'h-3',
        name: 'far1',
        address: '10.0.1.1',
        cluster: 'cl-far',
        status: 'up',
        canProxy: true,
        powerManagement: {
          enabled: true,
          devices: [
            {
              id: 'bmc',
              type: 'ipmilan',
              order: 1,
              params: { ...bmc('10.9.2.1'), password: { env: 'FAR_BMC_PASSWORD' }, ipport: 6230 },
            },
          ],
        },
      },
      {
        id: 'h-4',
        name: 'off1',
        address: '10.0.1.2',
        cluster: 'cl-far',
        status: 'up',
        canProxy: true,
        powerManagement: {
          enabled: false,
          devices: [{ id: 'bmc', type: 'ipmilan', order: 1, params: bmc('10.9.2.2') }],
        },
      },
      {
        id: 'h-5',
        name: 'engineonly',
        address: '10.0.1.3',
        cluster: 'cl-far',
        status: 'up',
        canProxy: true,
        powerManagement: {
          enabled: true,
          proxyPreferences: ['engine'],
          devices: [{ id: 'bmc', type: 'ipmilan', order: 1, params: bmc('10.9.2.3') }],
        },
      },
    ],
    proxies: [
      {
        id: 'p-jump',
        name: 'jump1',
        address: 'jump1.lab.example',
        cluster: 'cl-a',
        ssh: { user: 'fence' },
      },
    ],
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

interface OptionDoc {
  type?: string
  choices?: unknown[]
  aliases?: string[]
}

/** Every task of the play, the block's and its `always` ones included. */
function tasksOf(playbook: Json): Json[] {
  expect(Array.isArray(playbook)).toBe(true)
  expect(playbook).toHaveLength(1)
  const flat: Json[] = []
  const walk = (list: Json[]) => {
    for (const task of list) {
      if (task.block) {
        walk(task.block)
        walk(task.always ?? [])
      } else flat.push(task)
    }
  }
  walk(playbook[0].tasks)
  return flat
}

const isUnsafe = (value: unknown): value is { unsafe: string } =>
  typeof value === 'object' && value !== null && typeof Reflect.get(value, 'unsafe') === 'string'
const isTemplate = (value: unknown) => typeof value === 'string' && value.startsWith('{{')

describe('yamlString', () => {
  it('writes plain scalars only where nothing reads them as another type', () => {
    expect(yamlString('admin')).toBe('admin')
    expect(yamlString('ovirt.ovirt.ovirt_host_pm')).toBe('ovirt.ovirt.ovirt_host_pm')
    expect(yamlString('a1/psu-1')).toBe('a1/psu-1')
    for (const value of ['yes', 'No', 'on', 'OFF', 'y', 'true', 'null', '10.0.0.1', '0755', ''])
      expect(yamlString(value)).toBe(`"${value}"`)
    expect(yamlString('a: b # c')).toBe('"a: b # c"')
    expect(yamlString('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"')
    expect(yamlString('tab\there\nnl\u0085\u2028\u0007\u007f')).toBe(
      '"tab\\there\\nnl\\x85\\u2028\\x07\\x7f"',
    )
  })
})

describeWithParts(missingParts(), 'oVirt export, proven with Debian ansible', () => {
  let registry: PluginRegistry
  let dir: string
  let docs: Record<
    string,
    { doc: { options: Record<string, OptionDoc & { description?: string[] }> } }
  >

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fencepost-ovirt-'))
    registry = await loadAppPlugins({ projectRoot: ROOT, dataDir: dir })
    docs = JSON.parse(execFileSync('ansible-doc', ['-j', ...MODULES], { encoding: 'utf8' }))
  }, 60_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  function exported(doc: TopologyDocument): OvirtExport {
    return exportOvirtAnsible({ document: doc, fenceTypes: registry.types() })
  }

  /** Syntax check, then every task's arguments against the module's documented options. */
  function provePlaybook(name: string, text: string): Json[] {
    const file = join(dir, `${name}.yml`)
    writeFileSync(file, text)
    const check = spawnSync('ansible-playbook', ['--syntax-check', file], { encoding: 'utf8' })
    expect(check.stderr).not.toMatch(/ERROR/)
    expect(check.status).toBe(0)
    const tasks = tasksOf(readYaml(text))
    for (const task of tasks) {
      const modules = Object.keys(task).filter((key) => !TASK_KEYWORDS.includes(key))
      expect(modules).toHaveLength(1)
      const module = modules[0] as (typeof MODULES)[number]
      expect(MODULES).toContain(module)
      const options = docs[module]!.doc.options
      for (const [arg, given] of Object.entries(task[module] as Record<string, unknown>)) {
        // `!unsafe` text is a string to Ansible (one it never templates).
        const value = isUnsafe(given) ? given.unsafe : given
        const option = options[arg] ?? Object.values(options).find((o) => o.aliases?.includes(arg))
        expect(option, `${module}: ${arg} is not a documented option`).toBeDefined()
        if (isTemplate(value)) continue
        if (option!.choices) expect(option!.choices, `${module}: ${arg}`).toContain(value)
        if (option!.type === 'int') expect(Number.isInteger(value), `${module}: ${arg}`).toBe(true)
        if (option!.type === 'bool') expect(typeof value, `${module}: ${arg}`).toBe('boolean')
        if (option!.type === 'str') expect(typeof value, `${module}: ${arg}`).toBe('string')
        if (option!.type === 'dict') expect(typeof value, `${module}: ${arg}`).toBe('object')
        if (module === 'ovirt.ovirt.ovirt_host_pm' && arg === 'options') {
          // The module passes each value on as text; a number or a boolean would reach the
          // agent spelt by Python (`True`), not as fence-agents reads it.
          for (const option of Object.values(value as Record<string, unknown>))
            expect(typeof option === 'string' || isTemplate(option)).toBe(true)
        }
      }
    }
    return tasks
  }

  it('yamlString reads back through PyYAML as exactly the string given', () => {
    const values = [
      'admin',
      'yes',
      'No',
      'off',
      '~',
      'null',
      '',
      ' lead',
      'trail ',
      '10.0.0.1',
      '0755',
      '0x1f',
      '1_000',
      '1:20',
      '2024-01-01',
      '.inf',
      '-',
      '- item',
      '? key',
      'a: b',
      'a #b',
      '#c',
      '&x',
      '*y',
      '!tag',
      '%dir',
      '@at',
      '`tick',
      '|',
      '>',
      "'single'",
      '"double"',
      'back\\slash',
      '{a: 1}',
      '[1, 2]',
      'tab\tin',
      'line\nbreak',
      'cr\rx',
      'nul\u0000x',
      'bell\u0007',
      'del\u007f',
      'nel\u0085',
      'ls\u2028ps\u2029',
      'é ü 中文 🔌',
      'bom\ufeff',
      '\ufffe',
    ]
    const text = values.map((v, i) => `k${i}: ${yamlString(v)}`).join('\n') + '\n'
    expect(readYaml(text)).toEqual(Object.fromEntries(values.map((v, i) => [`k${i}`, v])))
  })

  it('knows the fence types ovirt_host_pm documents as predefined, no more, no fewer', () => {
    const description = docs['ovirt.ovirt.ovirt_host_pm']!.doc.options.type!.description!.join(' ')
    const documented = [...description.matchAll(/I\(([a-z0-9_]+)\)/g)].map((m) => m[1])
    expect(documented.length).toBeGreaterThan(10)
    expect([...OVIRT_PREDEFINED_FENCE_TYPES].sort()).toEqual([...documented].sort())
  })

  it('exports the demo lab: syntax check passes, every argument is documented', () => {
    const demo = JSON.parse(readFileSync(join(ROOT, 'resources/demo-lab.json'), 'utf8'))
    const result = exported(demo)
    const tasks = provePlaybook('demo', result.text)
    const pm = tasks.filter((t) => t['ovirt.ovirt.ovirt_host_pm'])
    const deviceCount = demo.hosts.reduce(
      (n: number, h: Json) => n + (h.powerManagement?.devices.length ?? 0),
      0,
    )
    expect(pm).toHaveLength(deviceCount)
    expect(result.devices).toBe(deviceCount)
    // The simulated devices cannot run in oVirt: said once, in the file and in the warnings.
    expect(result.warnings.some((w) => /agent type sim \(a1\/psu1/.test(w))).toBe(true)
    expect(result.text).toContain('#   - agent type sim (a1/psu1')
    // West's list (cluster, other-dc) becomes oVirt's (cluster, other_dc).
    const w1 = tasks.find(
      (t) => t.name === 'w1: pm_proxies cluster, other_dc (from cluster, other-dc)',
    )
    expect(w1['ansible.builtin.uri'].body.power_management.pm_proxies.pm_proxy).toEqual([
      { type: 'cluster' },
      { type: 'other_dc' },
    ])
  })

  it('exports the sample lab the same way', () => {
    const sample = JSON.parse(readFileSync(join(ROOT, 'resources/sample-lab.json'), 'utf8'))
    provePlaybook('sample', exported(sample).text)
  })

  it('exports a hand-made lab: names, order, options, proxies, warnings — and no secret', () => {
    const lab = handMadeLab()
    const checked = validateDocument(lab, validateOptionsOf(registry))
    expect(checked.ok ? [] : checked.issues).toEqual([])
    const result = exported(lab)
    const tasks = provePlaybook('handmade', result.text)

    for (const secret of [BMC_SECRET, PDU_SECRET, COMMUNITY_SECRET, 'FAR_BMC_PASSWORD'])
      expect(result.text).not.toContain(secret)

    const pm = tasks
      .filter((t) => t['ovirt.ovirt.ovirt_host_pm'])
      .map((t) => t['ovirt.ovirt.ovirt_host_pm'])
    // Power management off: left out. The engine-only host keeps its agents but no pm_proxies.
    expect(pm).toHaveLength(6)
    const [pduA, pduB, ilo, snmp, far] = pm
    // Aliases come out under the metadata's names; the module's own fields take address, user, port.
    expect(pduA).toMatchObject({
      name: 'node1.lab.example',
      state: 'present',
      address: '10.9.0.1',
      username: 'apc',
      password: "{{ fencepost_pm_passwords['h-1/pdu-a'] }}",
      type: 'apc',
      order: 1,
    })
    expect(pduA.options).toMatchObject({ plug: '3', ssh: '1' })
    expect(pduA.options).not.toHaveProperty('port')
    expect(pduA.options).not.toHaveProperty('secure')
    expect(pduB).toMatchObject({ order: 1, options: { plug: '4' } })
    // ilo4 runs fence_ipmilan with lanplus fixed: that is what oVirt gets too.
    expect(ilo).toMatchObject({ type: 'ipmilan', order: 2, port: 623 })
    expect(ilo.options).toMatchObject({ lanplus: '1' })
    // A secret option is a variable, and the options are encrypted on the way to the agent.
    expect(snmp.options.community).toBe("{{ fencepost_pm_secret_options['h-2/snmp/community'] }}")
    expect(snmp.encrypt_options).toBe(true)
    expect(snmp.options.plug).toBe('1: yes')
    expect(snmp).not.toHaveProperty('password')
    // A name Jinja would expand stays text.
    expect(snmp.name).toEqual({ unsafe: 'node2 {{ lookup("pipe", "id") }}' })
    expect(far).toMatchObject({ port: 6230, password: "{{ fencepost_pm_passwords['h-3/bmc'] }}" })

    const proxies = tasks.filter((t) => t['ansible.builtin.uri'])
    expect(
      proxies.map((t) => t['ansible.builtin.uri'].body.power_management.pm_proxies.pm_proxy),
    ).toEqual([
      [{ type: 'cluster' }, { type: 'dc' }],
      [{ type: 'cluster' }, { type: 'dc' }],
      [{ type: 'other_dc' }],
    ])
    for (const task of proxies) {
      expect(task['ansible.builtin.uri']).toMatchObject({ method: 'PUT', body_format: 'json' })
    }
    // Each PUT follows the lookup of its host by name.
    const lookups = tasks.filter((t) => t['ovirt.ovirt.ovirt_host_info'])
    expect(lookups.map((t) => t['ovirt.ovirt.ovirt_host_info'].pattern)).toEqual([
      'name="node1.lab.example"',
      { unsafe: 'name="node2 {{ lookup("pipe", "id") }}"' },
      'name="far1"',
    ])
    expect(tasks[0]['ovirt.ovirt.ovirt_auth']).toEqual({
      url: '{{ ovirt_url }}',
      username: '{{ ovirt_username }}',
      password: '{{ ovirt_password }}',
      ca_file: '{{ ovirt_ca_file | default(omit) }}',
      insecure: '{{ ovirt_insecure | default(false) }}',
    })
    expect(tasks.at(-1)['ovirt.ovirt.ovirt_auth']).toMatchObject({ state: 'absent' })

    const expected = [
      /host node1\.lab\.example: preference "jump1" left out/,
      /host node1\.lab\.example: preference "engine" left out/,
      /host node1\.lab\.example, device pdu-b: its own preferences \(cluster\) cannot be kept/,
      /devices pdu-a and pdu-b: same type and address/,
      /host off1: power management is off/,
      /host far1: preference "engine" left out/,
      /host engineonly: none of its preferences \(engine\) exists in oVirt/,
      /standalone proxies jump1/,
    ]
    for (const pattern of expected) {
      expect(
        result.warnings.some((w) => pattern.test(w)),
        String(pattern),
      ).toBe(true)
      expect(result.text.split('\n').some((l) => l.startsWith('#') && pattern.test(l))).toBe(true)
    }
    // The header lists every variable the tasks read.
    for (const key of ['h-1/pdu-a', 'h-1/pdu-b', 'h-1/ilo', 'h-3/bmc', 'h-5/bmc'])
      expect(result.text).toContain(`#     ${key}: ...`)
    expect(result.text).toContain('#     h-2/snmp/community: ...')
  })

  describe('fencepost export --format ovirt-ansible', () => {
    const home = useTempHome('fencepost-ovirt-cli-')

    it('writes the playbook to FILE and the warnings to stderr; refuses --include-secrets', async () => {
      const labFile = join(home(), 'lab.json')
      writeFileSync(labFile, JSON.stringify(handMadeLab()))
      const out = join(home(), 'ovirt.yml')
      const run = await cli('export', '--format', 'ovirt-ansible', out, '--topology', labFile)
      expect(run.err).toMatch(/^warning: host off1: power management is off/m)
      expect(run.code).toBe(0)
      expect(run.out).toContain(`Exported ovirt-ansible to ${out}.`)
      const text = readFileSync(out, 'utf8')
      expect(text).toBe(exported(handMadeLab()).text)
      expect(text).not.toContain(BMC_SECRET)

      const refused = await cli(
        'export',
        '--format',
        'ovirt-ansible',
        '--include-secrets',
        '--topology',
        labFile,
      )
      expect(refused.code).toBe(2)
      expect(refused.err).toMatch(/--include-secrets: ovirt-ansible never writes passwords/)
    })
  })
})
