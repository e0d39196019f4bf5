// The text entry of the foreign import (the app's File › Import): the format found from the files,
// oVirt's three answers as separate files, and a type no plugin has — left out, with a note naming
// the commands that add it, since the app's plugins are fixed while it runs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_ARGUMENTS } from '../../../../src-main/common/apiArguments'
import type { ForeignFile } from '../../../../src-main/common/foreignFormats'
import { MAX_TOPOLOGY_BYTES } from '../../../../src-main/common/importLimits'
import { formatOfFile } from '../../../../src-main/common/foreignFormats'
import {
  ForeignInputError,
  detectForeignFormat,
  translateForeign,
} from '../../../../src-main/core/foreignImport/translateForeign'
import { PluginsFixedError } from '../../../../src-main/core/foreignImport/typeResolver'
import type { PluginRegistry } from '../../../../src-main/core/plugins/registry'
import { loadAppPlugins } from '../../../../src-main/core/validation/appPlugins'

const ROOT = join(__dirname, '../../../..')
const FIXTURES = join(__dirname, 'fixtures')
const file = (path: string, name = path): ForeignFile => ({
  name,
  text: readFileSync(join(FIXTURES, path), 'utf8'),
})
const CIB = file('cib.xml')
const HOSTS = file('ovirt/hosts.json', 'hosts.json')
const CLUSTERS = file('ovirt/clusters.json', 'clusters.json')
const DATA_CENTERS = file('ovirt/datacenters.json', 'datacenters.json')

let dir: string
let registry: PluginRegistry
const fixed = (format: 'ovirt' | 'pacemaker') => () => Promise.reject(new PluginsFixedError(format))

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fencepost-translate-'))
  registry = await loadAppPlugins({ projectRoot: ROOT, dataDir: dir })
}, 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const devicesOf = (hosts: { powerManagement?: { devices: { type: string }[] } }[]) =>
  hosts.flatMap((h) => h.powerManagement?.devices ?? [])

describe('which system a file comes from', () => {
  it('a <cib> is Pacemaker, oVirt API JSON is oVirt, a Fencepost document is neither', () => {
    expect(formatOfFile(CIB)).toBe('pacemaker')
    expect(formatOfFile({ name: 'c.xml', text: '<?xml version="1.0"?>\n<!-- x -->\n<cib/>' })).toBe(
      'pacemaker',
    )
    expect(formatOfFile({ name: 'p.xml', text: '<project/>' })).toBe('unknown')
    for (const f of [HOSTS, CLUSTERS, DATA_CENTERS]) expect(formatOfFile(f)).toBe('ovirt')
    const fencepost = { version: 1, hosts: [], clusters: [], dataCenters: [] }
    expect(formatOfFile({ name: 'lab.json', text: JSON.stringify(fencepost) })).toBe('fencepost')
    // A Fencepost document missing its version is still one (its check names what is wrong).
    const noVersion = { engine: {}, hosts: [], clusters: [] }
    expect(formatOfFile({ name: 'lab.json', text: JSON.stringify(noVersion) })).toBe('fencepost')
    expect(formatOfFile({ name: 'bad.json', text: '{ nope' })).toBe('fencepost')
  })

  it('detects the format, and names the file that is neither', () => {
    expect(detectForeignFormat([CIB])).toBe('pacemaker')
    expect(detectForeignFormat([DATA_CENTERS, HOSTS, CLUSTERS])).toBe('ovirt')
    expect(() => detectForeignFormat([{ name: 'pom.xml', text: '<project/>' }])).toThrow(
      /^pom\.xml: XML, but not a Pacemaker CIB/,
    )
    expect(() => detectForeignFormat([HOSTS, CIB])).toThrow(/mix formats/)
  })
})

describe('translating text', () => {
  it('a CIB without a format given: hosts and devices, format pacemaker', async () => {
    const result = await translateForeign(undefined, [CIB], registry, fixed('pacemaker'))
    expect(result.format).toBe('pacemaker')
    expect(result.document.hosts.map((h) => h.name)).toEqual(['web1', 'web2', 'web3'])
    expect(devicesOf(result.document.hosts).length).toBeGreaterThan(0)
    expect(result.generated).toEqual([])
  })

  it("oVirt's three answers as files in any order, each found by its content", async () => {
    const named = (f: ForeignFile, name: string): ForeignFile => ({ ...f, name })
    const result = await translateForeign(
      undefined,
      [named(CLUSTERS, 'a.json'), named(DATA_CENTERS, 'b.json'), named(HOSTS, 'c.json')],
      registry,
      fixed('ovirt'),
    )
    expect(result.format).toBe('ovirt')
    expect(result.document.hosts).toHaveLength(4)
    // The clusters and data centers answers were used: their names are in the document.
    expect(result.document.clusters.map((c) => c.name)).toContain('Production')
    expect(result.document.dataCenters.map((d) => d.name).sort()).toEqual(['Backup', 'Main'])
  })

  it('a type no plugin has: its devices are left out and the note names the commands', async () => {
    const result = await translateForeign('ovirt', [HOSTS], registry, fixed('ovirt'))
    const types = new Set(devicesOf(result.document.hosts).map((d) => d.type))
    expect(types.has('drac7')).toBe(false)
    expect(types.has('rsa')).toBe(false)
    expect(types.has('ipmilan')).toBe(true)
    expect(result.generated).toEqual([])
    expect(result.notes).toContain(
      'type drac7 has no plugin, so its devices are left out: run ' +
        '`fencepost import --from ovirt FILE` (which generates it) or ' +
        '`fencepost plugins import-metadata fence_ipmilan --id drac7`, then restart Fencepost',
    )
    // Each missing type is noted once.
    expect(result.notes.filter((n) => n.startsWith('type drac7 '))).toHaveLength(1)
  })

  it('bad input names the file', async () => {
    const broken = { name: 'hosts.json', text: '{"host": [' }
    await expect(translateForeign('ovirt', [broken], registry, fixed('ovirt'))).rejects.toThrow(
      /^hosts\.json: not valid JSON/,
    )
    // The error quotes none of the text: a file may hold passwords.
    const leaky = { name: 'hosts.json', text: '{"password": Secret-Value-7}' }
    const refused = translateForeign('ovirt', [leaky], registry, fixed('ovirt'))
    await expect(refused).rejects.toThrow(/^hosts\.json: not valid JSON \(Unexpected token\)$/)
    await expect(
      translateForeign('pacemaker', [{ name: 'x.xml', text: '<cib/>' }], registry, fixed('ovirt')),
    ).rejects.toThrow(/^x\.xml: not a CIB/)
    const twoCibs = translateForeign('pacemaker', [CIB, CIB], registry, fixed('pacemaker'))
    await expect(twoCibs).rejects.toBeInstanceOf(ForeignInputError)
    const noHosts = translateForeign('ovirt', [CLUSTERS, DATA_CENTERS], registry, fixed('ovirt'))
    await expect(noHosts).rejects.toThrow(/holds the hosts answer/)
  })
})

describe('the arguments of topology.translateForeign', () => {
  const check = (request: unknown) => API_ARGUMENTS.topology.translateForeign.safeParse([request])

  it("takes files with an optional format, and refuses what is too big in the size rule's words", () => {
    expect(check({ files: [CIB] }).success).toBe(true)
    expect(check({ format: 'ovirt', files: [HOSTS, CLUSTERS] }).success).toBe(true)
    expect(check({ format: 'vmware', files: [CIB] }).success).toBe(false)
    expect(check({ files: [] }).success).toBe(false)
    expect(check({ files: [{ name: '', text: '' }] }).success).toBe(false)
    const half = 'x'.repeat(MAX_TOPOLOGY_BYTES / 2 + 1)
    const tooBig = check({
      files: [
        { name: 'a', text: half },
        { name: 'b', text: half },
      ],
    })
    expect(tooBig.success).toBe(false)
    expect(JSON.stringify(tooBig.error?.issues)).toContain('the file is too big to be a topology')
  })
})
