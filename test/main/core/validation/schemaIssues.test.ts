import { describe, expect, it } from 'vitest'
import { validateDocument } from '../../../../src-main/core/validation/validateDocument'
import { issuesAt, issuesOf, validDocument } from './fixtures'

describe('schema issues in plain words', () => {
  it.each([
    [null, 'null'],
    [[], 'an array'],
    ['{}', 'text ("{}")'],
    [42, 'a number (42)'],
  ])('rejects a non-object document (%j) at (document)', (input, got) => {
    expect(issuesOf(input)).toEqual([
      { path: '(document)', message: `expected the topology document (a JSON object), got ${got}` },
    ])
  })

  it('reports a missing required field with what it should be', () => {
    const doc = validDocument()
    delete doc.hosts[1].status
    delete doc.clusters
    const issues = issuesOf(doc)
    expect(issuesAt(issues, 'hosts[1].status')[0]?.message).toMatch(
      /^missing \(expected one of "up"/,
    )
    expect(issuesAt(issues, 'clusters')).toEqual([
      { path: 'clusters', message: 'missing (expected an array)' },
    ])
  })

  it('says which type was expected and what was found', () => {
    const doc = validDocument()
    doc.hosts[0].canProxy = 'yes'
    doc.hosts[0].powerManagement.devices[0].order = '1'
    doc.hosts[1].powerManagement.devices[0].params = []
    expect(issuesOf(doc)).toEqual([
      { path: 'hosts[0].canProxy', message: 'expected true or false, got text ("yes")' },
      {
        path: 'hosts[0].powerManagement.devices[0].order',
        message: 'expected a number, got text ("1")',
      },
      {
        path: 'hosts[1].powerManagement.devices[0].params',
        message: 'expected an object, got an array',
      },
    ])
  })

  it('names an unknown key, with a suggestion when it looks like a typo', () => {
    const doc = validDocument()
    doc.hosts[2].staus = 'up'
    doc.proxies[0].colour = 'blue'
    const issues = issuesOf(doc)
    expect(issuesAt(issues, 'hosts[2].staus')).toEqual([
      { path: 'hosts[2].staus', message: 'unknown key "staus"; did you mean "status"?' },
    ])
    expect(issuesAt(issues, 'proxies[0].colour')[0]?.message).toBe(
      'unknown key "colour"; allowed: id, name, address, dataCenter, cluster, canProxy, disabled, ssh',
    )
  })

  it('treats __proto__ and constructor as unknown keys, without touching any prototype', () => {
    const doc = JSON.parse(
      JSON.stringify(validDocument()).replace(
        '"version":1,',
        '"version":1,"__proto__":{"polluted":true},"constructor":{"x":1},',
      ),
    )
    const issues = issuesOf(doc)
    expect(issues.map((i) => i.path)).toEqual(['__proto__', 'constructor'])
    expect(issues[0]?.message).toMatch(/^unknown key "__proto__"; allowed: version, engine/)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('lists the allowed values of an enum', () => {
    const doc = validDocument()
    doc.hosts[0].status = 'running'
    expect(issuesAt(issuesOf(doc), 'hosts[0].status')[0]?.message).toBe(
      'expected one of "up", "maintenance", "non-operational", "non-responsive", "down", "unknown", got text ("running")',
    )
  })

  it('keeps the messages the schema spells out itself', () => {
    const doc = validDocument()
    doc.hosts[0].address = 'not an address!'
    doc.hosts[0].ssh.port = 70000
    doc.hosts[0].id = '-h1'
    const issues = issuesOf(doc)
    expect(issuesAt(issues, 'hosts[0].address')[0]?.message).toBe('not an IP address or FQDN')
    expect(issuesAt(issues, 'hosts[0].ssh.port')[0]?.message).toBe('port out of range (1–65535)')
    expect(issuesAt(issues, 'hosts[0].id')[0]?.message).toMatch(
      /^must start with a letter or digit/,
    )
  })

  it('says what a parameter value may be when it is none of them', () => {
    const doc = validDocument()
    doc.hosts[0].powerManagement.devices[0].params.lanplus = null
    expect(issuesOf(doc)).toEqual([
      {
        path: 'hosts[0].powerManagement.devices[0].params.lanplus',
        message:
          'expected text, a number, true/false, { "env": "VARIABLE" } or { "ref": "id" }, got null',
      },
    ])
  })

  it('says what a secret may be', () => {
    const doc = validDocument()
    doc.hosts[0].ssh.password = 1234
    expect(issuesOf(doc)).toEqual([
      {
        path: 'hosts[0].ssh.password',
        message: 'expected text, { "env": "VARIABLE" } or { "ref": "id" }, got a number (1234)',
      },
    ])
  })

  it('says what engine.exec may be', () => {
    const doc = validDocument()
    doc.engine.exec = 'remote'
    expect(issuesOf(doc)).toEqual([
      { path: 'engine.exec', message: 'expected "local" or { "ssh": { … } }, got text ("remote")' },
    ])
  })

  it('rejects a parameter name that is no stdin key', () => {
    const doc = validDocument()
    doc.hosts[1].powerManagement.devices[0].params['Ip Address'] = '10.0.0.1'
    expect(issuesOf(doc)).toEqual([
      {
        path: 'hosts[1].powerManagement.devices[0].params["Ip Address"]',
        message:
          '"Ip Address" is not a parameter name (lower-case letters, digits and "_", starting with a letter)',
      },
    ])
  })

  it('accepts the document once the faults are fixed', () => {
    expect(validateDocument(validDocument()).ok).toBe(true)
  })
})
