// `fencepost import --from ovirt|pacemaker`: test data in the real formats (the oVirt REST API's
// JSON with follow=fence_agents,cluster; a pcs-made CIB that Pacemaker's crm_verify accepts), and
// the plans of the imported document against the source's order and preferences.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { closeCore } from '../../../../src-main/cli/context'
import { looseBoolean, looseInteger } from '../../../../src-main/core/foreignImport/foreignImport'
import { listOf, ovirtInputOf } from '../../../../src-main/core/foreignImport/ovirt'
import { parseHostMap } from '../../../../src-main/core/foreignImport/pacemaker'
import { describeWithParts } from '../../../support/requiredParts'
import { cli, useTempHome } from '../../cli/cliHarness'

const FIXTURES = join(__dirname, 'fixtures')
const OVIRT = join(FIXTURES, 'ovirt')
const CIB = join(FIXTURES, 'cib.xml')

const agentsMissing = ['fence_ipmilan', 'fence_rsa', 'fence_apc_snmp'].every((a) =>
  existsSync(`/usr/sbin/${a}`),
)
  ? undefined
  : 'fence-agents is missing — run scripts/install-lab.sh'
const crmVerifyMissing = existsSync('/usr/sbin/crm_verify')
  ? undefined
  : 'crm_verify (pacemaker-cli-utils) is missing — run scripts/install-lab.sh'

interface PlanJson {
  devices: {
    device: string
    type: string
    order: number
    preferences: { list: string[]; from: string }
    candidates: { proxy: string; via: string }[]
  }[]
}

async function planOf(host: string): Promise<PlanJson> {
  const result = await cli('plan', host, '--json')
  expect(result.err).toBe('')
  expect(result.code).toBe(0)
  return JSON.parse(result.out) as PlanJson
}

describe('reading values as engine versions write them', () => {
  it('takes booleans and numbers as JSON values or strings', () => {
    expect([true, 'true', '1', 1, 'Yes', 'on'].map(looseBoolean)).toEqual(Array(6).fill(true))
    expect([false, 'false', '0', 0, 'no'].map(looseBoolean)).toEqual(Array(5).fill(false))
    expect(looseBoolean('maybe')).toBeUndefined()
    expect([3, '3', ' 3 '].map(looseInteger)).toEqual([3, 3, 3])
    expect(looseInteger('3.5')).toBeUndefined()
  })

  it('finds a list however it is wrapped', () => {
    const host = { id: 'h', name: 'h' }
    expect(listOf({ host: [host] }, 'hosts', 'host')).toEqual([host])
    expect(listOf({ hosts: { host: [host] } }, 'hosts', 'host')).toEqual([host])
    expect(listOf([host], 'host')).toEqual([host])
    expect(listOf(host, 'host')).toEqual([host])
    expect(listOf('nonsense', 'host')).toEqual([])
  })

  it('splits one file holding all three answers', () => {
    const input = ovirtInputOf({ hosts: { host: [] }, clusters: { cluster: [] }, data_centers: {} })
    expect(input).toEqual({ hosts: { host: [] }, clusters: { cluster: [] }, dataCenters: {} })
    expect(ovirtInputOf({ host: [] })).toEqual({ hosts: { host: [] } })
  })

  it("reads pcmk_host_map's forms", () => {
    expect([...parseHostMap('web1:1;web2:2,3')]).toEqual([
      ['web1', ['1']],
      ['web2', ['2', '3']],
    ])
    expect([...parseHostMap('a=1 b=2')]).toEqual([
      ['a', ['1']],
      ['b', ['2']],
    ])
  })
})

describeWithParts(agentsMissing, 'import --from ovirt', () => {
  const home = useTempHome('fencepost-ovirt-import-')

  it('imports the API answers; plans keep the agents order and the pm_proxies', async () => {
    const result = await cli('import', '--from', 'ovirt', OVIRT)
    expect(result.code).toBe(0)
    expect(result.out).toContain('Imported 4 host(s) and 6 device(s) from ovirt')
    // Types no plugin had are generated from the agent's metadata and keep oVirt's name.
    for (const id of ['drac7', 'rsa'])
      expect(existsSync(join(home(), 'plugins', id, 'plugin.json'))).toBe(true)
    const drac7 = JSON.parse(readFileSync(join(home(), 'plugins', 'drac7', 'plugin.json'), 'utf8'))
    expect(drac7.contributes.fenceTypes[0].agent).toBe('fence_ipmilan')
    expect(result.err).toContain("passwords are not in oVirt's output: set them for 6 device(s)")
    expect(result.err).toContain('status "installing" has no equivalent; imported as unknown')
    await closeCore()

    const node1 = await planOf('node1')
    expect(node1.devices.map((d) => [d.type, d.order])).toEqual([['ipmilan', 1]])
    expect(node1.devices[0]!.preferences).toEqual({ list: ['other-dc', 'cluster'], from: 'host' })
    // Two ilo4 agents of equal order act together; the APC is the fallback.
    const node2 = await planOf('node2')
    expect(node2.devices.map((d) => [d.type, d.order])).toEqual([
      ['ilo4', 1],
      ['ilo4', 1],
      ['apc', 2],
    ])
    expect(node2.devices[0]!.preferences).toEqual({ list: ['cluster', 'dc'], from: 'defaults' })
    // node1 is the only other up host of the cluster: the cluster entry admits it.
    expect(node2.devices[0]!.candidates.map((c) => [c.proxy, c.via])).toEqual([
      ['node1', 'cluster'],
    ])
    const lab = await planOf('lab-host')
    expect(lab.devices.map((d) => [d.type, d.order])).toEqual([
      ['drac7', 1],
      ['rsa', 2],
    ])
    expect(lab.devices[0]!.preferences.list).toEqual(['dc'])

    const exported = JSON.parse((await cli('export')).out)
    const devices = (name: string) =>
      exported.hosts.find((h: { name: string }) => h.name === name).powerManagement.devices
    expect(devices('node1')[0].params).toEqual({
      ip: '10.10.0.11',
      username: 'admin',
      ipport: 623,
      lanplus: true,
      privlvl: 'administrator',
    })
    // oVirt's slot is the plug; its secure is fence_apc's ssh.
    expect(devices('node2')[2].params).toMatchObject({
      ip: 'pdu1.lab.example',
      plug: '7',
      ssh: true,
    })
    // oVirt's own defaults for drac7, as the engine adds them, in the agent's spelling.
    expect(devices('lab-host')[0].params).toMatchObject({ privlvl: 'operator', lanplus: true })
    expect(exported.hosts.find((h: { name: string }) => h.name === 'node2').status).toBe(
      'non-responsive',
    )
  })

  it('--print shows the document and stores nothing', async () => {
    const result = await cli('import', '--from', 'ovirt', join(OVIRT, 'hosts.json'), '--print')
    expect(result.code).toBe(0)
    const doc = JSON.parse(result.out)
    expect(doc.hosts).toHaveLength(4)
    // Without clusters.json and datacenters.json the data centers are named by their ids.
    expect(result.err).toContain('not in the data centers answer; named by its id')
    expect(existsSync(join(home(), 'plugins'))).toBe(false)
    expect((await cli('plan', 'node1')).code).toBe(2)
  })

  it('bad input: exit 2 naming the file, nothing stored', async () => {
    const result = await cli('import', '--from', 'ovirt', join(FIXTURES, 'cib.xml'))
    expect(result.code).toBe(2)
    expect(result.err).toContain('cib.xml: not valid JSON')
    const wrong = await cli('import', '--from', 'vmware', OVIRT)
    expect(wrong.code).toBe(2)
    expect(wrong.err).toContain('--from vmware: must be one of ovirt, pacemaker')
    expect(existsSync(join(home(), 'plugins'))).toBe(false)
  })
})

describeWithParts(crmVerifyMissing, 'the CIB test data is a CIB Pacemaker accepts', () => {
  it('crm_verify accepts it', () => {
    expect(() => execFileSync('crm_verify', ['--xml-file', CIB], { stdio: 'pipe' })).not.toThrow()
  })
})

describeWithParts(agentsMissing, 'import --from pacemaker', () => {
  useTempHome('fencepost-pcmk-import-')

  it('imports nodes, devices, levels and constraints; plans follow them', async () => {
    const result = await cli('import', '--from', 'pacemaker', CIB)
    expect(result.code).toBe(0)
    expect(result.out).toContain('Imported 3 host(s) and 6 device(s) from pacemaker')
    expect(result.out).toContain('1 secret(s) moved to the secret store.')
    expect(result.err).toContain("device ipmi-web1: pcmk_delay_max is Pacemaker's own setting")
    expect(result.err).not.toContain('ipmi-secret-1')
    await closeCore()

    // Levels → orders; the location scores → the named nodes in score order, then the cluster.
    const web1 = await planOf('web1')
    expect(web1.devices.map((d) => [d.device, d.order])).toEqual([
      ['ipmi-web1', 1],
      ['pdu-web1', 2],
    ])
    expect(web1.devices[0]!.preferences).toEqual({
      list: ['web3', 'web2', 'cluster'],
      from: 'device',
    })
    // web3 is offline in the CIB's status: web2 is the first to run it, as Pacemaker does.
    expect(web1.devices[0]!.candidates[0]).toMatchObject({ proxy: 'web2', via: 'web2' })
    // One PDU, two plugs for web3: two devices that act together; no levels → alternatives.
    const web3 = await planOf('web3')
    expect(web3.devices.map((d) => [d.device, d.order])).toEqual([
      ['pdu-web3-3', 1],
      ['pdu-web3-4', 1],
    ])
    const exported = JSON.parse((await cli('export')).out)
    const web3Devices = exported.hosts.find((h: { name: string }) => h.name === 'web3')
      .powerManagement.devices
    expect(web3Devices.map((d: { params: { plug: string } }) => d.params.plug)).toEqual(['3', '4'])
    const web2Ipmi = exported.hosts.find((h: { name: string }) => h.name === 'web2').powerManagement
      .devices[0]
    // Deprecated names (ipaddr, login) land under the current ones.
    expect(web2Ipmi.params).toEqual({ ip: '10.30.0.2', username: 'admin' })
    expect(JSON.stringify(exported)).not.toContain('ipmi-secret-1')
  })

  it('a file that is no CIB: exit 2 naming it', async () => {
    const result = await cli('import', '--from', 'pacemaker', join(OVIRT, 'hosts.json'))
    expect(result.code).toBe(2)
    expect(result.err).toContain('hosts.json:')
  })
})
