// The Pacemaker export's rules (common/export): escaping, ids, levels, scores, warnings, secrets,
// and the pcs script — with the real plugins and the real planner.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import { pacemakerCib } from '../../../src-main/common/export/pacemakerCib'
import {
  PacemakerExportError,
  pacemakerModel,
  secretKey,
  secretsOfCluster,
} from '../../../src-main/common/export/pacemakerModel'
import type { PacemakerModel } from '../../../src-main/common/export/pacemakerModel'
import { pacemakerPcsScript, shellWord } from '../../../src-main/common/export/pacemakerPcs'
import {
  XmlCharacterError,
  createIdAllocator,
  escapeXml,
} from '../../../src-main/common/export/xmlText'
import { planHost } from '../../../src-main/common/planner/planHost'
import { parseXml } from '../../../src-main/core/plugins/xml'
import type { XmlElement } from '../../../src-main/core/plugins/xml'
import type { PluginRegistry } from '../../../src-main/core/plugins/registry'
import { loadAppPlugins } from '../../../src-main/core/validation/appPlugins'
import { BMC_PASSWORD, PDU_PASSWORD, pacemakerLab } from './pacemakerLab'

const ROOT = join(__dirname, '../../..')
let registry: PluginRegistry
let dataDir: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fencepost-pcmk-'))
  registry = await loadAppPlugins({ projectRoot: ROOT, dataDir })
})
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

function model(
  doc: TopologyDocument,
  clusterId = 'c-prod',
  secrets?: ReadonlyMap<string, string>,
): PacemakerModel {
  return pacemakerModel({
    doc,
    clusterId,
    planOf: (hostId) => planHost(doc, hostId),
    typeOf: (id) => registry.type(id),
    isSecretParam: (type, name) => registry.isSecretParam(type, name),
    runsInProcess: (id) => registry.runsInProcess(id),
    ...(secrets ? { secrets } : {}),
  })
}

/** The secrets of the lab as `--include-secrets` reads them (here: the plain values). */
function labSecrets(doc: TopologyDocument): Map<string, string> {
  const isSecret = (type: string, name: string) => registry.isSecretParam(type, name)
  return new Map(secretsOfCluster(doc, 'c-prod', isSecret).map((s) => [s.key, String(s.value)]))
}

const children = (e: XmlElement, name: string): XmlElement[] =>
  e.children.filter((c) => c.name === name)
const child = (e: XmlElement, name: string): XmlElement => children(e, name)[0]!

describe('XML text', () => {
  it('escapes the markup characters and keeps tab, newline and carriage return', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f')
    expect(escapeXml('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d')
    // A parser reads back exactly what was written, even in an attribute.
    const value = `x&<>"'\t\n\r y`
    expect(parseXml(`<a v="${escapeXml(value)}"/>`).attrs.v).toBe(value)
    expect(escapeXml('ünï 😀')).toBe('ünï 😀')
  })

  it('refuses characters XML cannot carry, naming the code point and not the value', () => {
    expect(() => escapeXml('secret\u0001')).toThrow(XmlCharacterError)
    expect(() => escapeXml('secret\u0001')).toThrow(/U\+0001/)
    expect(() => escapeXml('secret\u0001')).not.toThrow(/secret/)
    expect(() => escapeXml('lone \uD800 surrogate')).toThrow(/U\+D800/)
  })

  it('makes valid ids, each once, the same every time', () => {
    const id = createIdAllocator()
    expect(id('fence', 'node 1', 'psu/a')).toBe('fence-node_1-psu_a')
    expect(id('1st')).toBe('_1st')
    expect(id('fence', 'a-b', 'c')).toBe('fence-a-b-c')
    expect(id('fence', 'a', 'b-c')).toBe('fence-a-b-c-2')
    expect(id('fence', 'a', 'b-c')).toBe('fence-a-b-c-3')
    const again = createIdAllocator()
    expect(again('fence', 'a-b', 'c')).toBe('fence-a-b-c')
    for (const made of ['fence-node_1-psu_a', '_1st', 'fence-a-b-c-2'])
      expect(made).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/)
  })
})

describe('the model of a cluster', () => {
  it('has every host of the cluster as a node, with ids 1…n in document order', () => {
    const m = model(pacemakerLab())
    expect(m.nodes).toEqual([
      { id: '1', uname: 'node1' },
      { id: '2', uname: 'node2' },
      { id: '3', uname: 'node3' },
    ])
  })

  it('makes one level per order: equal order is one level of both devices', () => {
    const m = model(pacemakerLab())
    expect(m.levels.filter((l) => l.target === 'node1')).toEqual([
      {
        id: 'fl-node1-1',
        target: 'node1',
        index: 1,
        devices: ['fence-node1-psu-a', 'fence-node1-psu-b'],
      },
      { id: 'fl-node1-2', target: 'node1', index: 2, devices: ['fence-node1-pdu'] },
    ])
    expect(m.levels.find((l) => l.target === 'node2')?.devices).toEqual(['fence-node2-bmc'])
  })

  it('numbers levels 1…n whatever the orders are, and refuses more than nine', () => {
    const doc = pacemakerLab()
    const devices = doc.hosts[1]!.powerManagement!.devices
    const bmc = devices[0]!
    for (const order of [5, 20, 40]) devices.push({ ...bmc, id: `bmc-${order}`, order })
    expect(
      model(doc)
        .levels.filter((l) => l.target === 'node2')
        .map((l) => l.index),
    ).toEqual([1, 2, 3, 4])
    for (let order = 41; order < 47; order++) devices.push({ ...bmc, id: `bmc-${order}`, order })
    expect(() => model(doc)).toThrow(PacemakerExportError)
    expect(() => model(doc)).toThrow(
      /^hosts\[1\]\.powerManagement\.devices: node2 has 10 distinct device orders .*at most 9 fencing levels/,
    )
  })

  it('puts -INFINITY on the target and descending scores on node candidates in plan order', () => {
    const m = model(pacemakerLab())
    const of = (rsc: string) =>
      m.locations.filter((l) => l.rsc === rsc).map((l) => [l.node, l.score])
    // psu-a prefers the named host node3, then the cluster.
    expect(of('fence-node1-psu-a')).toEqual([
      ['node1', '-INFINITY'],
      ['node3', '200'],
      ['node2', '100'],
    ])
    // psu-b: cluster, dc — other1 (dc) is no node of prod.
    expect(of('fence-node1-psu-b')).toEqual([
      ['node1', '-INFINITY'],
      ['node2', '200'],
      ['node3', '100'],
    ])
    // pdu: the engine first (no node), then the cluster.
    expect(of('fence-node1-pdu')).toEqual([
      ['node1', '-INFINITY'],
      ['node2', '200'],
      ['node3', '100'],
    ])
    expect(m.locations.find((l) => l.rsc === 'fence-node1-psu-a' && l.node === 'node3')?.id).toBe(
      'location-fence-node1-psu-a-node3-200',
    )
  })

  it('warns of candidates that cannot be nodes: the engine, other clusters', () => {
    const { warnings } = model(pacemakerLab())
    expect(warnings).toContain(
      'node1: device pdu (fence-node1-pdu): candidate engine (the engine) is no node of ' +
        'cluster prod: Pacemaker cannot run the device there',
    )
    expect(warnings).toContain(
      'node1: device psu-b (fence-node1-psu-b): candidate other1 (cluster other) is no node of ' +
        'cluster prod: Pacemaker cannot run the device there',
    )
    // Candidates that are nodes draw no warning; hosts of other clusters are not exported.
    expect(warnings.filter((w) => w.startsWith('node1: device psu-a'))).toEqual([])
    expect(model(pacemakerLab()).primitives.map((p) => p.id)).not.toContain('fence-other1-bmc')
  })

  it('groups the candidates of one device by what they are', () => {
    const demo = JSON.parse(
      readFileSync(join(ROOT, 'resources/demo-lab.json'), 'utf8'),
    ) as TopologyDocument
    expect(model(demo, 'west-a').warnings).toContain(
      'w1: device bmc (fence-w1-bmc): candidates a1, a2 (cluster east-a), b1 (cluster east-b), ' +
        'jump1 (a standalone proxy) are no nodes of cluster west-a: Pacemaker cannot run the ' +
        'device there',
    )
    expect(model(demo, 'east-a').warnings).toContain(
      'a1: device pdu (fence-a1-pdu): no candidate of its plan is a node of cluster east-a; ' +
        'Pacemaker may run it on any node but a1',
    )
  })

  it('warns of a host nothing can fence, and of a standalone proxy as a candidate', () => {
    const doc = pacemakerLab()
    doc.hosts[2]!.powerManagement!.enabled = false
    doc.proxies.push({ id: 'p-j', name: 'jump', address: 'jump.lab.example', cluster: 'c-prod' })
    const { warnings, primitives } = model(doc)
    expect(warnings).toContain(
      'node3: power management is disabled; nothing can fence it in Pacemaker',
    )
    expect(primitives.map((p) => p.host)).not.toContain('node3')
    expect(warnings).toContain(
      'node2: device bmc (fence-node2-bmc): candidates jump (a standalone proxy), other1 ' +
        '(cluster other) are no nodes of cluster prod: Pacemaker cannot run the device there',
    )
  })

  it('names parameters as the agent metadata does, with fixed options and pcmk_host_list', () => {
    const doc = pacemakerLab()
    const psuB = doc.hosts[0]!.powerManagement!.devices[1]!
    // An alias (the deprecated metadata name) becomes the current name.
    psuB.params = { ipaddr: '10.0.0.12', login: 'admin', lanplus: true }
    doc.hosts[1]!.powerManagement!.devices[0]!.type = 'ilo4'
    const m = model(doc)
    const params = (rsc: string) =>
      Object.fromEntries(
        m.primitives.find((p) => p.id === rsc)!.params.map((p) => [p.name, p.value]),
      )
    expect(params('fence-node1-psu-b')).toMatchObject({
      ip: '10.0.0.12',
      username: 'admin',
      lanplus: '1',
      ipport: '623',
      pcmk_host_list: 'node1',
    })
    expect(params('fence-node1-psu-b')).not.toHaveProperty('ipaddr')
    expect(params('fence-node1-psu-b')).not.toHaveProperty('login')
    // ilo4 is fence_ipmilan with lanplus fixed.
    const ilo4 = m.primitives.find((p) => p.id === 'fence-node2-bmc')!
    expect(ilo4.agent).toBe('fence_ipmilan')
    expect(params('fence-node2-bmc')).toMatchObject({ lanplus: '1', pcmk_host_list: 'node2' })
    expect(params('fence-node1-pdu')).toMatchObject({ plug: '3', command_prompt: 'APC>' })
  })

  it('leaves secrets out by default, with a warning that holds no value', () => {
    const m = model(pacemakerLab())
    const names = m.primitives.flatMap((p) => p.params.map((a) => a.name))
    expect(names).not.toContain('password')
    const all = JSON.stringify(m) + pacemakerCib(m) + pacemakerPcsScript(m)
    expect(all).not.toContain(BMC_PASSWORD)
    expect(all).not.toContain(escapeXml(BMC_PASSWORD))
    expect(all).not.toContain(PDU_PASSWORD)
    // Said once, first, for every device it concerns.
    expect(m.warnings[0]).toBe(
      'password left out of fence-node1-psu-a, fence-node1-psu-b, fence-node1-pdu, ' +
        'fence-node2-bmc, fence-node3-bmc (secret; --include-secrets writes it)',
    )
    expect(m.withSecrets).toBe(false)
  })

  it('writes secrets when they are given, and never in a warning', () => {
    const doc = pacemakerLab()
    const m = model(doc, 'c-prod', labSecrets(doc))
    const psuA = m.primitives.find((p) => p.id === 'fence-node1-psu-a')!
    expect(psuA.params.find((p) => p.name === 'password')?.value).toBe(BMC_PASSWORD)
    expect(m.warnings.join('\n')).not.toContain(BMC_PASSWORD)
    expect(m.warnings.join('\n')).not.toContain('left out')
    expect(m.withSecrets).toBe(true)
    // A secret the caller could not read is an error naming the field, not a silent gap.
    const partial = labSecrets(doc)
    partial.delete(secretKey('h-n1', 'pdu', 'password'))
    expect(() => model(doc, 'c-prod', partial)).toThrow(
      /^hosts\[0\]\.powerManagement\.devices\[2\]\.params\.password: its secret could not be read$/,
    )
  })

  it('refuses a host name Pacemaker cannot take, naming the field', () => {
    const doc = pacemakerLab()
    doc.hosts[1]!.name = 'node 2'
    expect(() => model(doc)).toThrow(/^hosts\[1\]\.name: "node 2" cannot be a Pacemaker node name/)
  })

  it('says once that the demo lab simulated devices have no agent on a cluster', () => {
    const demo = JSON.parse(
      readFileSync(join(ROOT, 'resources/demo-lab.json'), 'utf8'),
    ) as TopologyDocument
    const m = model(demo, 'east-a')
    const simulated = m.warnings.filter((w) => w.includes('simulated'))
    expect(simulated).toEqual([
      'fence-a1-psu1, fence-a1-psu2, fence-a1-pdu, fence-a2-bmc, fence-a3-bmc: simulated inside ' +
        'Fencepost (the demo lab); their agent does not exist on a real cluster',
    ])
  })
})

describe('the CIB', () => {
  it('is XML whose values read back as the model has them (secrets and markup included)', () => {
    const doc = pacemakerLab()
    doc.hosts[0]!.powerManagement!.devices[2]!.params.command_prompt = `a&b<c>"d'\te`
    const m = model(doc, 'c-prod', labSecrets(doc))
    const cib = parseXml(pacemakerCib(m))
    expect(cib.name).toBe('cib')
    expect(cib.attrs['validate-with']).toMatch(/^pacemaker-3\.\d+$/)
    const config = child(cib, 'configuration')
    expect(config.children.map((c) => c.name)).toEqual([
      'crm_config',
      'nodes',
      'resources',
      'constraints',
      'fencing-topology',
    ])
    expect(children(cib, 'status')).toHaveLength(1)
    expect(child(cib, 'status').children).toEqual([])
    const stonith = child(child(child(config, 'crm_config'), 'cluster_property_set'), 'nvpair')
    expect(stonith.attrs).toMatchObject({ name: 'stonith-enabled', value: 'true' })
    const primitives = children(child(config, 'resources'), 'primitive')
    expect(primitives.map((p) => [p.attrs.id, p.attrs.class, p.attrs.type])).toEqual(
      m.primitives.map((p) => [p.id, 'stonith', p.agent]),
    )
    primitives.forEach((p, i) => {
      const nvpairs = children(child(p, 'instance_attributes'), 'nvpair')
      expect(nvpairs.map((n) => [n.attrs.name, n.attrs.value])).toEqual(
        m.primitives[i]!.params.map((a) => [a.name, a.value]),
      )
    })
    const pdu = primitives.find((p) => p.attrs.id === 'fence-node1-pdu')!
    const value = (name: string) =>
      children(child(pdu, 'instance_attributes'), 'nvpair').find((n) => n.attrs.name === name)
        ?.attrs.value
    expect(value('command_prompt')).toBe(`a&b<c>"d'\te`)
    expect(value('password')).toBe(PDU_PASSWORD)
    const levels = children(child(config, 'fencing-topology'), 'fencing-level')
    expect(
      levels.find((l) => l.attrs.target === 'node1' && l.attrs.index === '1')?.attrs.devices,
    ).toBe('fence-node1-psu-a,fence-node1-psu-b')
    const locations = children(child(config, 'constraints'), 'rsc_location')
    expect(locations.map((l) => [l.attrs.rsc, l.attrs.node, l.attrs.score])).toEqual(
      m.locations.map((l) => [l.rsc, l.node, l.score]),
    )
    // Every id is an XML id, and unique.
    const ids: string[] = []
    const walk = (e: XmlElement): void => {
      if (e.attrs.id !== undefined && e.name !== 'node') ids.push(e.attrs.id)
      e.children.forEach(walk)
    }
    walk(cib)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/)
  })

  it('carries the warnings as comments that cannot end early', () => {
    const m = model(pacemakerLab())
    m.warnings.push('a -- b -->')
    const text = pacemakerCib(m)
    expect(text).toContain('<!-- warning: a - - b - -&gt; -->')
    expect(parseXml(text).name).toBe('cib')
  })
})

describe('the pcs script', () => {
  /** Each pcs call of the script, as argv, run through sh with a pcs that records its argv. */
  function pcsCalls(script: string): string[][] {
    const dir = mkdtempSync(join(tmpdir(), 'fencepost-pcs-'))
    try {
      const fake = join(dir, 'pcs')
      // Records its arguments, NUL-separated, one call per line: no rules of its own.
      writeFileSync(
        fake,
        `#!/bin/sh\nprintf '%s\\0' "$@" >> "${dir}/calls"\nprintf '\\n' >> "${dir}/calls"\n`,
      )
      chmodSync(fake, 0o755)
      writeFileSync(join(dir, 'script.sh'), script)
      execFileSync('sh', [join(dir, 'script.sh')], { env: { PATH: `${dir}:/usr/bin:/bin` } })
      return readFileSync(join(dir, 'calls'), 'utf8')
        .split('\0\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\0'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  // The forms pcs's usage (pcs/usage.py, 0.10–0.12) gives these commands.
  const USAGE: [string, RegExp][] = [
    [
      'stonith create <stonith id> <stonith device type> [stonith device options]',
      /^stonith create [A-Za-z_][\w.-]* fence_[a-z0-9_]+( [a-z_][a-z0-9_]*=[^\0]*)*$/,
    ],
    [
      'stonith level add <level> <target> <stonith id> [<stonith id>...]',
      /^stonith level add [1-9] [^\s%=]+( [A-Za-z_][\w.-]*)+$/,
    ],
    [
      'constraint location <resource> prefers <node>=<score>',
      /^constraint location [A-Za-z_][\w.-]* prefers [^\s%=]+=[1-9][0-9]*$/,
    ],
    [
      'constraint location <resource> avoids <node>',
      /^constraint location [A-Za-z_][\w.-]* avoids [^\s%=]+$/,
    ],
    ['property set <property>=<value>', /^property set stonith-enabled=true$/],
  ]

  it('passes bash -n and is, line by line, pcs commands of the documented forms', () => {
    const doc = pacemakerLab()
    const m = model(doc, 'c-prod', labSecrets(doc))
    const script = pacemakerPcsScript(m)
    execFileSync('bash', ['-n'], { input: script })
    const lines = script.split('\n').filter((l) => l !== '' && !l.startsWith('#'))
    expect(lines[0]).toBe('set -e')
    for (const l of lines.slice(1)) expect(l).toMatch(/^pcs /)
    const calls = pcsCalls(script)
    expect(calls).toHaveLength(lines.length - 1)
    for (const argv of calls) {
      const joined = argv.join(' ')
      expect(
        USAGE.some(([, form]) => form.test(joined)),
        joined,
      ).toBe(true)
    }
  })

  it('says what the CIB says: the same devices, parameters, levels and constraints', () => {
    const doc = pacemakerLab()
    const m = model(doc, 'c-prod', labSecrets(doc))
    const calls = pcsCalls(pacemakerPcsScript(m))
    const creates = calls.filter((c) => c[1] === 'create')
    expect(creates.map((c) => c.slice(2))).toEqual(
      m.primitives.map((p) => [p.id, p.agent, ...p.params.map((a) => `${a.name}=${a.value}`)]),
    )
    // Values with quotes, `$` and backquotes arrive as written.
    expect(creates.flat()).toContain(`password=${PDU_PASSWORD}`)
    expect(creates.flat()).toContain(`password=${BMC_PASSWORD}`)
    expect(calls.filter((c) => c[1] === 'level').map((c) => c.slice(3))).toEqual(
      m.levels.map((l) => [String(l.index), l.target, ...l.devices]),
    )
    expect(calls.filter((c) => c[0] === 'constraint').map((c) => c.slice(2))).toEqual(
      m.locations.map((l) =>
        l.score === '-INFINITY'
          ? [l.rsc, 'avoids', l.node]
          : [l.rsc, 'prefers', `${l.node}=${l.score}`],
      ),
    )
    expect(calls.at(-1)).toEqual(['property', 'set', 'stonith-enabled=true'])
  })

  it('leaves secrets out by default and lists the warnings as comments', () => {
    const m = model(pacemakerLab())
    const script = pacemakerPcsScript(m)
    expect(script).not.toContain(BMC_PASSWORD)
    expect(script).not.toContain('password=')
    expect(script).not.toContain('WITH SECRETS')
    for (const w of m.warnings) expect(script).toContain(`# warning: ${w}\n`)
  })

  it('quotes a shell word only when it must', () => {
    expect(shellWord('fence-a1-psu1')).toBe('fence-a1-psu1')
    expect(shellWord('ip=10.0.0.1')).toBe('ip=10.0.0.1')
    expect(shellWord("it's")).toBe(`'it'\\''s'`)
    expect(shellWord('a b')).toBe(`'a b'`)
    expect(shellWord('')).toBe(`''`)
  })
})
