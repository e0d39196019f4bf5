import { describe, expect, it } from 'vitest'
import { BUILTIN_DEVICE_TYPES } from '../../../../src-main/common/plugins'
import { validateDocument } from '../../../../src-main/core/validation/validateDocument'
import {
  expectValid,
  issuesOf,
  validDocument,
  WITH_PARAMETERS,
  type LooseDocument,
} from './fixtures'

const PSU = 'hosts[0].powerManagement.devices[0]'

/** The valid document with the params of hosts[0]'s first ipmilan device changed. */
function withParams(change: (params: Record<string, unknown>) => void): LooseDocument {
  const doc = validDocument()
  change(doc.hosts[0].powerManagement.devices[0].params)
  return doc
}

describe('device types', () => {
  it('reports a type that is not built in, with a suggestion', () => {
    const doc = validDocument()
    doc.hosts[0].powerManagement.devices[1].type = 'ipmi-lan'
    doc.hosts[1].powerManagement.devices[0].type = 'blinkenlights'
    const issues = issuesOf(doc)
    expect(issues[0]).toEqual({
      path: 'hosts[0].powerManagement.devices[1].type',
      message: 'unknown device type "ipmi-lan"; did you mean "ipmilan"?',
    })
    expect(issues[1]).toEqual({
      path: 'hosts[1].powerManagement.devices[0].type',
      message: `unknown device type "blinkenlights"; known types: ${BUILTIN_DEVICE_TYPES.join(', ')}`,
    })
  })

  it('checks types against the given deviceTypes', () => {
    const options = { deviceTypes: new Set(['ipmilan', 'apc', 'acme-pdu']) }
    const doc = validDocument()
    doc.hosts[1].powerManagement.devices[0].type = 'acme-pdu'
    expectValid(doc, options)
    doc.hosts[1].powerManagement.devices[0].type = 'redfish'
    expect(issuesOf(doc, options)).toEqual([
      {
        path: 'hosts[1].powerManagement.devices[0].type',
        message: 'unknown device type "redfish"; known types: ipmilan, apc, acme-pdu',
      },
    ])
  })

  it('leaves a malformed type to the schema instead of also calling it unknown', () => {
    const doc = validDocument()
    doc.hosts[0].powerManagement.devices[0].type = 'ipmi lan'
    expect(issuesOf(doc).map((i) => i.path)).toEqual([`${PSU}.type`])
  })
})

describe('device parameters', () => {
  it('accepts the parameters of the manifest', () => {
    expectValid(validDocument(), WITH_PARAMETERS)
  })

  it('reports a missing required parameter, but not one with a default', () => {
    const doc = withParams((params) => {
      delete params.ip
      delete params.lanplus
    })
    expect(issuesOf(doc, WITH_PARAMETERS)).toEqual([
      { path: `${PSU}.params.ip`, message: 'missing (required by device type "ipmilan")' },
    ])
  })

  it('reports an unknown parameter, with a suggestion or the list it takes', () => {
    const doc = withParams((params) => {
      params.lanpuls = true
      params.verbose = true
    })
    expect(issuesOf(doc, WITH_PARAMETERS)).toEqual([
      {
        path: `${PSU}.params.lanpuls`,
        message: 'unknown parameter "lanpuls" for device type "ipmilan"; did you mean "lanplus"?',
      },
      {
        path: `${PSU}.params.verbose`,
        message:
          'unknown parameter "verbose" for device type "ipmilan"; it takes: ip, ipport, username, password, lanplus, privlvl, power_wait',
      },
    ])
  })

  it.each([
    ['ipport', '623', 'expected a whole number, got text ("623")'],
    ['ipport', 6.5, 'expected a whole number, got a number (6.5)'],
    ['power_wait', 'soon', 'expected a number, got text ("soon")'],
    ['lanplus', 'yes', 'expected true or false, got text ("yes")'],
    ['lanplus', 1, 'expected true or false, got a number (1)'],
    ['privlvl', 'root', 'must be one of "user", "operator", "administrator"; got text ("root")'],
    ['ip', 42, 'expected an IP address or FQDN, got a number (42)'],
    ['ip', '10.1.0.300', 'not an IP address or FQDN'],
    ['ip', 'bmc_01.lab', 'not an IP address or FQDN'],
    ['username', true, 'expected text, got true'],
  ])('reports %s = %j: %s', (name, value, message) => {
    const doc = withParams((params) => (params[name] = value))
    expect(issuesOf(doc, WITH_PARAMETERS)).toEqual([{ path: `${PSU}.params.${name}`, message }])
  })

  it.each([
    ['ipport', 6230],
    ['power_wait', 2.5],
    ['privlvl', 'operator'],
    ['ip', 'fe80::1'],
    ['ip', 'bmc1.lab.example'],
    ['username', 1000],
  ])('accepts %s = %j', (name, value) => {
    expectValid(
      withParams((params) => (params[name] = value)),
      WITH_PARAMETERS,
    )
  })

  it('takes { env } and { ref } only for secret parameters', () => {
    const doc = withParams((params) => {
      params.password = { ref: 'bmc-h1' }
      params.username = { env: 'BMC_USER' }
    })
    expect(issuesOf(doc, WITH_PARAMETERS)).toEqual([
      {
        path: `${PSU}.params.username`,
        message: 'only secret parameters take { "env": … } or { "ref": … }',
      },
    ])
  })

  it('leaves keys and values of the wrong shape to the schema, reported once', () => {
    const doc = withParams((params) => {
      params['Bad-Key'] = 'x'
      params.ipport = { port: 623 }
    })
    expect(issuesOf(doc, WITH_PARAMETERS).map((i) => i.path)).toEqual([
      `${PSU}.params["Bad-Key"]`,
      `${PSU}.params.ipport`,
    ])
  })

  it('counts an alias as its parameter, and reports setting both', () => {
    const aliased = withParams((params) => {
      delete params.username
      params.login = 'admin'
    })
    expectValid(aliased, WITH_PARAMETERS)
    const both = withParams((params) => (params.login = 'admin'))
    expect(issuesOf(both, WITH_PARAMETERS)).toEqual([
      { path: `${PSU}.params.login`, message: 'sets the same parameter as "username"' },
    ])
  })

  it('checks nothing beyond the schema for a type whose parameters are unknown', () => {
    const doc = withParams((params) => (params.anything = 'goes'))
    expectValid(doc)
    expectValid(doc, { parametersOf: () => undefined })
  })

  it('survives a parametersOf that throws', () => {
    const doc = withParams((params) => (params.anything = 'goes'))
    const result = validateDocument(doc, {
      parametersOf: () => {
        throw new Error('manifest exploded')
      },
    })
    expect(result.ok).toBe(true)
  })

  it('requires { env } to name a variable, whatever the type', () => {
    const doc = withParams((params) => (params.password = { env: 'BMC PASSWORD' }))
    expect(issuesOf(doc)).toEqual([
      { path: `${PSU}.params.password.env`, message: '"BMC PASSWORD" is not a variable name' },
    ])
  })

  it.each([0, 65536, 70000])('reports ipport %j out of range, whatever the type', (port) => {
    const doc = withParams((params) => (params.ipport = port))
    expect(issuesOf(doc)).toEqual([
      { path: `${PSU}.params.ipport`, message: 'port out of range (1–65535)' },
    ])
  })
})
