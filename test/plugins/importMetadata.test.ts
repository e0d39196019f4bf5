import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { manifestSchema, type FenceType, type ParameterSpec } from '../../src-main/common/plugins'
import { checkManifest } from '../../src-main/core/plugins/checks'
import { importMetadata, manifestFromMetadata } from '../../src-main/core/plugins/importMetadata'

const fixture = (agent: string): string =>
  readFileSync(join(import.meta.dirname, 'fixtures', `${agent}.xml`), 'utf8')

function typeOf(agent: string): FenceType {
  const manifest = manifestFromMetadata(fixture(agent))
  expect(manifest.contributes.fenceTypes).toHaveLength(1)
  return manifest.contributes.fenceTypes[0]!
}

function param(type: FenceType, name: string): ParameterSpec {
  const found = type.parameters.find((p) => p.name === name)
  if (!found) throw new Error(`${type.id} has no parameter ${name}`)
  return found
}

const names = (type: FenceType): string[] => type.parameters.map((p) => p.name)

describe('manifestFromMetadata on real Debian agents', () => {
  it('fence_ipmilan: merges deprecated pairs, maps types and choices, drops plumbing', () => {
    const type = typeOf('fence_ipmilan')
    expect(type).toMatchObject({ id: 'ipmilan', agent: 'fence_ipmilan' })
    expect(type.actions).toEqual(['on', 'off', 'status'])

    // deprecated + obsoletes → one field under the current name, the old name as alias
    expect(param(type, 'ip').aliases).toEqual(['ipaddr'])
    expect(param(type, 'username').aliases).toEqual(['login'])
    expect(param(type, 'password').aliases).toEqual(['passwd'])
    expect(param(type, 'use_sudo').aliases).toEqual(['sudo'])
    for (const old of ['ipaddr', 'login', 'passwd', 'sudo', 'port']) {
      expect(names(type)).not.toContain(old)
    }

    expect(param(type, 'ip')).toMatchObject({ type: 'host', required: true })
    expect(param(type, 'ipport')).toMatchObject({ type: 'integer', default: 623 })
    expect(param(type, 'lanplus')).toMatchObject({ type: 'boolean', default: false })
    expect(param(type, 'power_wait')).toMatchObject({ type: 'integer', default: 2, advanced: true })
    expect(param(type, 'method')).toMatchObject({
      type: 'choice',
      choices: ['onoff', 'cycle'],
      default: 'onoff',
    })
    expect(param(type, 'privlvl').choices).toEqual([
      'callback',
      'user',
      'operator',
      'administrator',
    ])
    expect(param(type, 'auth')).toMatchObject({
      type: 'choice',
      choices: ['md5', 'password', 'none'],
    })
    expect(param(type, 'auth').default).toBeUndefined()

    expect(param(type, 'password').secret).toBe(true)
    expect(param(type, 'hexadecimal_kg').secret).toBe(true)
    expect(param(type, 'username').secret).toBeUndefined()

    // fence_ipmilan has no plugs: its plug only serves port_as_ip, and both go
    for (const dropped of [
      'action',
      'plug',
      'port_as_ip',
      'verbose',
      'debug_file',
      'version',
      'help',
      'delay',
      'password_script',
      'ipmitool_path',
      'sudo_path',
      'plug_separator',
    ]) {
      expect(names(type)).not.toContain(dropped)
    }
    // address and credentials lead the form, tuning knobs close it
    expect(names(type).slice(0, 4)).toEqual(['ip', 'ipport', 'username', 'password'])
    const firstAdvanced = type.parameters.findIndex((p) => p.advanced)
    expect(type.parameters.slice(firstAdvanced).every((p) => p.advanced)).toBe(true)
  })

  it('fence_apc: plug becomes optional with port as alias; prompt lists and run-time ports get no default', () => {
    const type = typeOf('fence_apc')
    expect(param(type, 'plug').required).toBeUndefined()
    expect(param(type, 'plug').aliases).toEqual(['port'])
    expect(param(type, 'ssh')).toMatchObject({ type: 'boolean', aliases: ['secure'] })
    expect(param(type, 'command_prompt')).toMatchObject({ aliases: ['cmd_prompt'], advanced: true })
    expect(param(type, 'command_prompt').default).toBeUndefined()
    expect(param(type, 'ipport').default).toBeUndefined()
    expect(param(type, 'username').required).toBe(true)
    expect(names(type)).not.toContain('telnet_path')
    expect(names(type)).not.toContain('separator')
  })

  it('fence_apc_snmp: SNMP secrets, selects and the SNMP port', () => {
    const { manifest, notes } = importMetadata(fixture('fence_apc_snmp'))
    const type = manifest.contributes.fenceTypes[0]!
    expect(type.id).toBe('apc-snmp')
    expect(param(type, 'community')).toMatchObject({ secret: true })
    // the agent's default community ("private") is not shipped as a secret's default
    expect(param(type, 'community').default).toBeUndefined()
    expect(notes.some((n) => n.startsWith('community:'))).toBe(true)
    expect(param(type, 'snmp_priv_passwd').secret).toBe(true)
    expect(param(type, 'snmp_version')).toMatchObject({
      type: 'choice',
      choices: ['1', '2c', '3'],
      default: '1',
    })
    expect(param(type, 'snmp_sec_level').choices).toEqual([
      'noAuthNoPriv',
      'authNoPriv',
      'authPriv',
    ])
    expect(param(type, 'ipport').default).toBe(161)
    expect(names(type)).not.toContain('snmp_priv_passwd_script')
    expect(names(type)).not.toContain('snmpget_path')
  })

  it('fence_redfish: aliases with dashes, string defaults, ssl booleans', () => {
    const type = typeOf('fence_redfish')
    expect(param(type, 'redfish_uri')).toMatchObject({
      type: 'string',
      default: '/redfish/v1',
      aliases: ['redfish-uri'],
    })
    expect(param(type, 'systems_uri').aliases).toEqual(['systems-uri'])
    expect(param(type, 'ssl')).toMatchObject({ type: 'boolean', default: true })
    expect(param(type, 'ip').required).toBe(true)
    expect(names(type)).not.toContain('plug')
    expect(type.label).toBe('Redfish')
  })

  it('fence_ilo: a name that is no valid manifest key is dropped with a note', () => {
    const { manifest, notes } = importMetadata(fixture('fence_ilo'))
    const type = manifest.contributes.fenceTypes[0]!
    expect(names(type)).not.toContain('tls1.0')
    expect(notes).toContain('tls1.0: not a valid parameter name for a manifest, dropped')
    expect(param(type, 'ribcl_version').aliases).toEqual(['ribcl'])
  })

  it('produces manifests the schema and the loader checks accept', () => {
    for (const agent of [
      'fence_ipmilan',
      'fence_apc',
      'fence_apc_snmp',
      'fence_redfish',
      'fence_ilo',
    ]) {
      const manifest = manifestFromMetadata(fixture(agent))
      expect(manifestSchema.safeParse(manifest).success).toBe(true)
      expect(checkManifest(manifest)).toEqual([])
      expect(manifest.id).toBe(manifest.contributes.fenceTypes[0]!.id)
      // every text is one line: values end up as stdin lines
      JSON.stringify(manifest, (_key, value: unknown) => {
        if (typeof value === 'string') expect(value).not.toMatch(/[\r\n]/)
        return value
      })
    }
  })

  it('takes an id and a version', () => {
    const manifest = manifestFromMetadata(fixture('fence_apc'), { id: 'my-apc', version: '2.1.0' })
    expect(manifest).toMatchObject({ id: 'my-apc', version: '2.1.0' })
    expect(manifest.contributes.fenceTypes[0]!.id).toBe('my-apc')
  })

  it('rejects what is not agent metadata, or an agent with no usable action', () => {
    expect(() => manifestFromMetadata('<html><body/></html>')).toThrow(/not fence agent metadata/)
    expect(() => manifestFromMetadata('<resource-agent name="stonith"/>')).toThrow(/agent name/)
    expect(() =>
      manifestFromMetadata(
        '<resource-agent name="fence_x"><parameters/><actions><action name="reboot"/></actions></resource-agent>',
      ),
    ).toThrow(/none of the actions/)
    expect(() => manifestFromMetadata('Usage: fence_x [options]')).toThrow()
  })

  it('handles a hand-written minimal agent: orphan deprecated names, unknown types, entity text', () => {
    const { manifest, notes } = importMetadata(`<?xml version="1.0" ?>
<resource-agent name="fence_toy" shortdesc="Fence agent for Toy &amp; Co">
<longdesc>Line one
   line two</longdesc>
<parameters>
  <parameter name="old_knob" unique="0" required="0" deprecated="1">
    <content type="string" default="x &lt; y"/>
    <shortdesc lang="en">An old knob</shortdesc>
  </parameter>
  <parameter name="weird" unique="0" required="1">
    <content type="float"/>
  </parameter>
  <parameter name="mode" unique="0" required="0">
    <content type="select" default="nope"><option value="a"/><option value="b"/></content>
  </parameter>
</parameters>
<actions><action name="status"/><action name="off"/><action name="list"/></actions>
</resource-agent>`)
    const type = manifest.contributes.fenceTypes[0]!
    expect(manifest.name).toBe('Toy & Co')
    expect(manifest.description).toBe('Line one line two')
    expect(type.actions).toEqual(['off', 'status'])
    expect(param(type, 'old_knob')).toMatchObject({ type: 'string', default: 'x < y' })
    expect(param(type, 'weird')).toMatchObject({ type: 'string', required: true })
    expect(param(type, 'mode').default).toBeUndefined()
    expect(notes).toEqual(
      expect.arrayContaining([
        'old_knob: deprecated with no successor, kept',
        'weird: unknown type "float", kept as text',
        'mode: default "nope" dropped',
      ]),
    )
  })
})
