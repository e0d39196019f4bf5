// `fencepost export --format pacemaker|pcs` proven with Pacemaker's own tools (pacemaker-cli-utils,
// installed by scripts/install-lab.sh): crm_verify accepts the CIB once crm_simulate has brought
// every node online, and with a node failed crm_simulate fences it and starts its devices on the
// first node candidate of its plan. Parameters are checked against the agents' own metadata.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { HostPlan } from '../../../src-main/common/plan'
import { parseXml } from '../../../src-main/core/plugins/xml'
import type { XmlElement } from '../../../src-main/core/plugins/xml'
import { describeWithParts } from '../../support/requiredParts'
import { DEMO, SAMPLE, cli, useTempHome } from '../cli/cliHarness'
import { BMC_PASSWORD, PDU_PASSWORD, pacemakerLab } from './pacemakerLab'

const home = useTempHome('fencepost-pcmk-cli-')

const TOOLS = ['/usr/sbin/crm_verify', '/usr/sbin/crm_simulate']
const AGENTS = ['/usr/sbin/fence_ipmilan', '/usr/sbin/fence_apc']
const missingTools = [...TOOLS, ...AGENTS].filter((f) => !existsSync(f))
const partsMissing =
  missingTools.length === 0
    ? undefined
    : `${missingTools.join(', ')} missing — run scripts/install-lab.sh (pacemaker-cli-utils, fence-agents)`

const children = (e: XmlElement, name: string): XmlElement[] =>
  e.children.filter((c) => c.name === name)
const child = (e: XmlElement, name: string): XmlElement => children(e, name)[0]!

/** A Pacemaker tool's run: exit code and all it printed. */
function tool(file: string, ...args: string[]): { code: number; output: string } {
  const run = spawnSync(file, args, { encoding: 'utf8', timeout: 60_000 })
  return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}` }
}

/** Writes the lab to a file of the test's home and returns its path. */
function labFile(): string {
  const file = join(home(), 'lab.json')
  writeFileSync(file, JSON.stringify(pacemakerLab()))
  return file
}

/** `fencepost export --format pacemaker` of one cluster to a file; returns its path. */
async function exportCib(topology: string, cluster: string): Promise<string> {
  const file = join(home(), `${cluster}.xml`)
  const result = await cli(
    'export',
    '--format',
    'pacemaker',
    '--cluster',
    cluster,
    '--topology',
    topology,
    file,
  )
  expect(result.code, result.err).toBe(0)
  expect(result.out).toBe(`Exported pacemaker to ${file}.\n`)
  return file
}

/** The CIB with every node brought online and quorum, by crm_simulate itself. */
function everyNodeOnline(cibFile: string): { file: string; nodes: string[] } {
  const config = child(parseXml(readFileSync(cibFile, 'utf8')), 'configuration')
  const nodes = children(child(config, 'nodes'), 'node').map((n) => n.attrs.uname!)
  const file = cibFile.replace(/\.xml$/, '-online.xml')
  const up = tool(
    '/usr/sbin/crm_simulate',
    '--xml-file',
    cibFile,
    ...nodes.flatMap((n) => ['--node-up', n]),
    '--quorum',
    '1',
    '--save-output',
    file,
  )
  expect(up.code, up.output).toBe(0)
  return { file, nodes }
}

/** The primitives of a CIB by id: the host they fence and their parameters. */
function primitivesOf(cibFile: string) {
  const config = child(parseXml(readFileSync(cibFile, 'utf8')), 'configuration')
  return children(child(config, 'resources'), 'primitive').map((p) => {
    const params = Object.fromEntries(
      children(child(p, 'instance_attributes'), 'nvpair').map((n) => [
        n.attrs.name!,
        n.attrs.value!,
      ]),
    )
    return { id: p.attrs.id!, agent: p.attrs.type!, host: params.pcmk_host_list!, params }
  })
}

/**
 * Fails each node with devices in turn: crm_simulate must fence it and start each of its devices
 * on the first candidate of `fencepost plan` that is a node of the cluster (any other node when
 * none is).
 */
async function checkFailover(topology: string, cluster: string): Promise<number> {
  const cib = await exportCib(topology, cluster)
  // The file as written (empty status): every node looks unclean, warnings only, no error.
  const raw = tool('/usr/sbin/crm_verify', '--xml-file', cib, '-V')
  expect(raw.output).toContain('Warnings found during check')
  expect(raw.output).not.toMatch(/error/i)
  const online = everyNodeOnline(cib)
  const verify = tool('/usr/sbin/crm_verify', '--xml-file', online.file, '-V')
  expect(verify, 'crm_verify with every node online').toEqual({ code: 0, output: '' })
  const primitives = primitivesOf(cib)
  const targets = [...new Set(primitives.map((p) => p.host))]
  for (const target of targets) {
    const sim = tool(
      '/usr/sbin/crm_simulate',
      '--xml-file',
      online.file,
      `--node-fail=${target}`,
      '--simulate',
    )
    expect(sim.code, sim.output).toBe(0)
    const summary = sim.output.slice(sim.output.indexOf('Transition Summary:'))
    expect(summary).toContain(`* Fence (reboot) ${target} `)
    const planned = await cli('plan', target, '--topology', topology, '--json')
    const plan = JSON.parse(planned.out) as HostPlan
    for (const p of primitives.filter((x) => x.host === target)) {
      const started = new RegExp(`\\* Start\\s+${p.id}\\s+\\(\\s*(\\S+)\\s*\\)`).exec(summary)
      expect(started, `${p.id} is started when ${target} fails`).not.toBeNull()
      const device = plan.devices.find((d) => p.id === `fence-${target}-${d.device}`)!
      const first = device.candidates.find((c) => online.nodes.includes(c.proxy))
      if (first) expect(started![1], `${p.id} on the plan's first node candidate`).toBe(first.proxy)
      else expect(started![1]).not.toBe(target)
    }
  }
  return targets.length
}

describeWithParts(partsMissing, 'the Pacemaker export, checked by Pacemaker', () => {
  it('every cluster of the demo lab: crm_verify accepts it, crm_simulate fails over by the plan', async () => {
    const checked: number[] = []
    for (const cluster of ['east-a', 'east-b', 'west-a'])
      checked.push(await checkFailover(DEMO, cluster))
    expect(checked).toEqual([3, 2, 2])
  })

  it('the hand-made cluster: equal-order supplies, a named host, the engine', async () => {
    const topology = labFile()
    expect(await checkFailover(topology, 'c-prod')).toBe(3)
    // psu-a prefers node3 by name, psu-b follows the cluster: both fence node1 at level 1.
    const online = everyNodeOnline(join(home(), 'c-prod.xml'))
    const sim = tool('/usr/sbin/crm_simulate', '--xml-file', online.file, '--node-fail=node1', '-S')
    expect(sim.output).toMatch(/\* Start\s+fence-node1-psu-a\s+\(\s*node3 \)/)
    expect(sim.output).toMatch(/\* Start\s+fence-node1-psu-b\s+\(\s*node2 \)/)
    const cib = readFileSync(join(home(), 'c-prod.xml'), 'utf8')
    expect(cib).toContain(
      '<fencing-level id="fl-node1-1" target="node1" index="1" devices="fence-node1-psu-a,fence-node1-psu-b"/>',
    )
  })

  it("names every parameter as the agent's own metadata does", async () => {
    const cib = await exportCib(labFile(), 'c-prod')
    const metadata = new Map<string, Set<string>>()
    for (const p of primitivesOf(cib)) {
      if (!metadata.has(p.agent)) {
        const xml = execFileSync(`/usr/sbin/${p.agent}`, ['-o', 'metadata'], { encoding: 'utf8' })
        const parameters = children(child(parseXml(xml), 'parameters'), 'parameter')
        metadata.set(p.agent, new Set(parameters.map((x) => x.attrs.name!)))
      }
      const known = metadata.get(p.agent)!
      for (const name of Object.keys(p.params)) {
        if (name.startsWith('pcmk_')) continue
        expect(known.has(name), `${p.id}: ${name} is a parameter of ${p.agent}`).toBe(true)
      }
    }
    expect(metadata.size).toBe(2)
  })
})

describe('export --format pacemaker|pcs on the command line', () => {
  it('needs --cluster, and names a wrong one with the near names (exit 2)', async () => {
    const none = await cli('export', '--format', 'pacemaker', '--topology', DEMO)
    expect(none.code).toBe(2)
    expect(none.err).toContain('--cluster: --format pacemaker needs the cluster to export')
    const wrong = await cli('export', '--format', 'pcs', '--cluster', 'west', '--topology', DEMO)
    expect(wrong.code).toBe(2)
    expect(wrong.err).toContain(
      '--cluster: no cluster "west"; did you mean "west-a"? (clusters: east-a, east-b, west-a)',
    )
    expect(wrong.out).toBe('')
    const byName = await cli(
      'export',
      '--format',
      'pcs',
      '--cluster',
      'prod',
      '--topology',
      labFile(),
    )
    expect(byName.code, byName.err).toBe(0)
    expect(byName.out).toContain('pcs stonith create fence-node1-psu-a fence_ipmilan ')
    const format = await cli(
      'export',
      '--format',
      'crm',
      '--cluster',
      'prod',
      '--topology',
      labFile(),
    )
    expect(format.code).toBe(2)
    expect(format.err).toMatch(/--format: no format "crm"; one of .*pacemaker, pcs/)
  })

  it('writes the CIB to stdout and the warnings to stderr, in words', async () => {
    const result = await cli(
      'export',
      '--format',
      'pacemaker',
      '--cluster',
      'c-prod',
      '--topology',
      labFile(),
    )
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n/)
    expect(result.out).toContain('<cib validate-with="pacemaker-3.')
    expect(result.err).toContain(
      'warning: node1: device pdu (fence-node1-pdu): candidate engine (the engine) is no node of cluster prod',
    )
    expect(result.err).not.toContain('<cib')
    // --json with a FILE says what was written, warnings included.
    const file = join(home(), 'prod.xml')
    const json = await cli(
      'export',
      '--format',
      'pcs',
      '--cluster',
      'prod',
      '--topology',
      labFile(),
      '--json',
      file,
    )
    expect(json.code, json.err).toBe(0)
    const said = JSON.parse(json.out) as { exported: string; format: string; warnings: string[] }
    expect(said).toMatchObject({ exported: file, format: 'pcs' })
    expect(said.warnings).toContain(
      'node1: device pdu (fence-node1-pdu): candidate engine (the engine) is no node of cluster prod: Pacemaker cannot run the device there',
    )
    expect(readFileSync(file, 'utf8')).toMatch(/^#!\/bin\/sh\n/)
  })

  it('leaves the stored secrets out by default and writes them with --include-secrets', async () => {
    const imported = await cli('import', labFile())
    expect(imported.code, imported.err).toBe(0)
    for (const format of ['pacemaker', 'pcs']) {
      const plain = await cli('export', '--format', format, '--cluster', 'prod')
      expect(plain.code, plain.err).toBe(0)
      for (const text of [plain.out, plain.err]) {
        expect(text).not.toContain('pw&')
        expect(text).not.toContain('pw&amp;')
        expect(text).not.toContain('pdu secret')
      }
      expect(plain.err).toContain('warning: password left out of fence-node1-psu-a, ')
      const file = join(home(), `with-secrets.${format}`)
      const withSecrets = await cli(
        'export',
        '--format',
        format,
        '--cluster',
        'prod',
        '--include-secrets',
        file,
      )
      expect(withSecrets.code, withSecrets.err).toBe(0)
      const written = readFileSync(file, 'utf8')
      if (format === 'pacemaker') {
        const pdu = primitivesOf(file).find((p) => p.id === 'fence-node1-pdu')!
        expect(pdu.params.password).toBe(PDU_PASSWORD)
        expect(primitivesOf(file).find((p) => p.id === 'fence-node2-bmc')!.params.password).toBe(
          BMC_PASSWORD,
        )
      } else {
        expect(written).toContain(`'password=pdu secret $HOME \`x\`'`)
      }
      for (const text of [withSecrets.out, withSecrets.err]) {
        expect(text).not.toContain('pw&')
        expect(text).not.toContain('pdu secret')
      }
    }
  })

  it('--include-secrets with a secret it cannot read fails naming it, not its value (exit 1)', async () => {
    delete process.env.FENCEPOST_BMC_PASSWORD
    const missing = await cli(
      'export',
      '--format',
      'pacemaker',
      '--cluster',
      'ca',
      '--topology',
      SAMPLE,
      '--include-secrets',
    )
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('--include-secrets: ')
    expect(missing.err).toContain('FENCEPOST_BMC_PASSWORD')
    expect(missing.out).toBe('')
    process.env.FENCEPOST_BMC_PASSWORD = 'from-env-1'
    try {
      const found = await cli(
        'export',
        '--format',
        'pacemaker',
        '--cluster',
        'ca',
        '--topology',
        SAMPLE,
        '--include-secrets',
      )
      expect(found.code, found.err).toBe(0)
      expect(found.out).toContain('name="password" value="from-env-1"')
      expect(found.err).not.toContain('from-env-1')
    } finally {
      delete process.env.FENCEPOST_BMC_PASSWORD
    }
  })
})
