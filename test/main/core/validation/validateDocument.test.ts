import { describe, expect, it } from 'vitest'
import { validateDocument } from '../../../../src-main/core/validation/validateDocument'
import {
  expectValid,
  issuesOf,
  validDocument,
  WITH_PARAMETERS,
  type LooseDocument,
} from './fixtures'

describe('validateDocument', () => {
  it('accepts a valid document and returns it in canonical form', () => {
    const input = validDocument()
    delete input.proxies
    input.hosts[0].powerManagement.devices[2].proxyPreferences = ['192.0.2.2']
    input.hosts[0].powerManagement.proxyPreferences = ['Cluster', 'ENGINE']
    const before = structuredClone(input)
    const doc = expectValid(input)
    expect(doc.proxies).toEqual([])
    expect(doc.hosts[0]?.powerManagement?.proxyPreferences).toEqual(['cluster', 'engine'])
    expect(input).toEqual(before)
    expectValid(doc)
  })

  it('lists every fault of a document by path, in document order', () => {
    const doc = validDocument()
    doc.version = 2
    doc.engine.canProxy = 'true'
    doc.clusters[2].dataCenter = 'dc3'
    doc.hosts[0].powerManagement.devices[0].params.ip = '10.1.0.256'
    doc.hosts[0].powerManagement.devices[1].id = 'psu1'
    doc.hosts[0].powerManagement.devices[2].proxyPreferences = ['jump9.lab', 'cluster']
    doc.hosts[1].cluster = 'cz'
    doc.hosts[1].name = 'H1'
    doc.hosts[2].powerManagement = { enabled: true, devices: [], colour: 'red' }
    doc.hosts[3].status = 'UP'
    doc.proxies[0].ssh.user = 'fence\n'
    expect(issuesOf(doc, WITH_PARAMETERS)).toEqual([
      { path: 'version', message: 'expected 1, got a number (2)' },
      { path: 'engine.canProxy', message: 'expected true or false, got text ("true")' },
      { path: 'clusters[2].dataCenter', message: 'no data center has the id "dc3"' },
      {
        path: 'hosts[0].powerManagement.devices[0].params.ip',
        message: 'not an IP address or FQDN',
      },
      {
        path: 'hosts[0].powerManagement.devices[1].id',
        message: 'duplicate id "psu1"; hosts[0].powerManagement.devices[0] has it too',
      },
      { path: 'hosts[1].name', message: 'name "H1" is already used by hosts[0] ("h1")' },
      { path: 'hosts[1].cluster', message: 'no cluster has the id "cz"' },
      {
        path: 'hosts[2].powerManagement.colour',
        message: 'unknown key "colour"; allowed: enabled, proxyPreferences, devices',
      },
      {
        path: 'hosts[3].status',
        message:
          'expected one of "up", "maintenance", "non-operational", "non-responsive", "down", "unknown", got text ("UP")',
      },
      { path: 'proxies[0].ssh.user', message: 'must not contain a newline' },
    ])
    // The name that matches no machine is a warning, told beside the errors.
    expect(validateDocument(doc, WITH_PARAMETERS).warnings).toEqual([
      {
        path: 'hosts[0].powerManagement.devices[2].proxyPreferences[0]',
        message: expect.stringMatching(/^"jump9\.lab" matches no host or proxy of the document;/),
        severity: 'warning',
      },
    ])
  })

  it('runs the semantic checks even where the schema fails elsewhere', () => {
    const doc = validDocument()
    doc.hosts[1].cluster = 'nowhere'
    doc.hosts[3].address = '999.1.1.1'
    expect(issuesOf(doc)).toEqual([
      { path: 'hosts[1].cluster', message: 'no cluster has the id "nowhere"' },
      { path: 'hosts[3].address', message: 'not an IP address or FQDN' },
    ])
  })

  it('falls back to the built-in types when deviceTypes cannot be read', () => {
    function* broken(): Generator<string> {
      yield 'ipmilan'
      throw new Error('registry unavailable')
    }
    expect(validateDocument(validDocument(), { deviceTypes: broken() }).ok).toBe(true)
  })

  it('stays fast on a big document full of unknown entries', () => {
    const doc = validDocument()
    const template = doc.hosts[0]
    doc.hosts = Array.from({ length: 2000 }, (_, i) => ({
      ...structuredClone(template),
      id: `h${i}`,
      name: `h${i}`,
      address: `h${i}.lab.example`,
    }))
    doc.hosts.forEach((host: LooseDocument, i: number) => {
      host.powerManagement.devices[2].proxyPreferences = [
        `gone${i}.lab.example`,
        `h${i}.lab.exampl`,
      ]
    })
    // How long this takes is the bench's business (`npm run bench`); here: every warning is found.
    const result = validateDocument(doc)
    expect(result.ok).toBe(true)
    expect(result.warnings).toHaveLength(4000)
    expect(result.warnings[1]).toEqual({
      path: 'hosts[0].powerManagement.devices[2].proxyPreferences[1]',
      message:
        '"h0.lab.exampl" matches no host or proxy of the document; power actions on the hosts this list applies to are refused until it names one; did you mean "h0.lab.example"?',
      severity: 'warning',
    })
  })

  describe('never throws', () => {
    it('on an object whose getters throw', () => {
      const doc = validDocument()
      Object.defineProperty(doc, 'hosts', {
        enumerable: true,
        get() {
          throw new Error('boom')
        },
      })
      const issues = issuesOf(doc)
      expect(issues.some((i) => i.path === '(document)' && i.message.includes('boom'))).toBe(true)
    })

    it('on a proxy that refuses every operation', () => {
      const hostile = new Proxy(
        {},
        {
          get: () => {
            throw new Error('no')
          },
          ownKeys: () => {
            throw new Error('no')
          },
          getOwnPropertyDescriptor: () => {
            throw new Error('no')
          },
          has: () => {
            throw new Error('no')
          },
        },
      )
      expect(issuesOf(hostile).length).toBeGreaterThan(0)
    })

    it('on a cyclic object', () => {
      const doc = validDocument()
      doc.hosts[0].loop = doc
      expect(issuesOf(doc).map((i) => i.path)).toEqual(['hosts[0].loop'])
    })

    it('on deep nesting, a huge string and values JSON cannot hold', () => {
      let deep: unknown = 'x\ny'
      for (let i = 0; i < 100_000; i++) deep = [deep]
      const doc = validDocument()
      doc.extra = deep
      doc.hosts[0].name = 'h'.repeat(5_000_000)
      doc.hosts[1].canProxy = 10n
      doc.hosts[2].canProxy = Symbol('s')
      doc.hosts[3].canProxy = () => true
      doc.proxies[0].name = Object.create(null)
      const issues = issuesOf(doc)
      expect(issues.map((i) => i.path)).toEqual([
        'hosts[0].name',
        'hosts[1].canProxy',
        'hosts[2].canProxy',
        'hosts[3].canProxy',
        'proxies[0].name',
        'extra',
      ])
      expect(issues.every((i) => i.message.length < 300)).toBe(true)
    })
  })
})
