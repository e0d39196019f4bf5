import { describe, expect, it } from 'vitest'
import { validateDocument } from '../../../../src-main/core/validation/validateDocument'
import { expectValid, issuesOf, validDocument, warningsOf, type LooseDocument } from './fixtures'

/** What the warning about a name that matches no machine says after the entry. */
const NO_MATCH =
  'matches no host or proxy of the document; power actions on the hosts this list applies to are refused until it names one'

type SetList = (doc: LooseDocument, list: string[]) => void

const inDefaults: SetList = (doc, list) => (doc.defaults.proxyPreferences = list)
const inDevice: SetList = (doc, list) =>
  (doc.hosts[0].powerManagement.devices[1].proxyPreferences = list)

/** The five places a preference list may live, as a setter and the list's path. */
const LEVELS: [string, SetList, string][] = [
  ['defaults', inDefaults, 'defaults.proxyPreferences'],
  [
    'a data center',
    (doc, list) => (doc.dataCenters[1].proxyPreferences = list),
    'dataCenters[1].proxyPreferences',
  ],
  [
    'a cluster',
    (doc, list) => (doc.clusters[2].proxyPreferences = list),
    'clusters[2].proxyPreferences',
  ],
  [
    'a host',
    (doc, list) => (doc.hosts[1].powerManagement.proxyPreferences = list),
    'hosts[1].powerManagement.proxyPreferences',
  ],
  ['a device', inDevice, 'hosts[0].powerManagement.devices[1].proxyPreferences'],
]

function withList(set: SetList, list: string[]) {
  const doc = validDocument()
  set(doc, list)
  return doc
}

describe('proxy preference entries', () => {
  it.each(LEVELS)(
    'warns about an entry in %s that names no machine, and keeps the document valid',
    (_, set, path) => {
      expect(warningsOf(withList(set, ['cluster', 'jump9.lab']))).toEqual([
        { path: `${path}[1]`, message: `"jump9.lab" ${NO_MATCH}`, severity: 'warning' },
      ])
    },
  )

  it.each(LEVELS)('accepts keywords in any case in %s and stores them lower-case', (_, set) => {
    const doc = expectValid(withList(set, ['Cluster', 'DC', 'Other-DC', 'ENGINE']))
    const lists = JSON.stringify(doc).match(/"proxyPreferences":\[[^\]]*\]/g) ?? []
    expect(lists).toContain('"proxyPreferences":["cluster","dc","other-dc","engine"]')
    expect(JSON.stringify(doc)).not.toMatch(/"(Cluster|DC|Other-DC|ENGINE)"/)
  })

  it('accepts a machine by name, FQDN, IP or ssh.host, in any case, and keeps names as written', () => {
    const list = [
      'H1',
      'jump1.lab.example',
      '192.0.2.2',
      'h3-mgmt.lab.example',
      'engine.lab.example',
    ]
    const doc = expectValid(withList(inDefaults, list))
    expect(doc.defaults?.proxyPreferences).toEqual(list)
  })

  it('matches an FQDN written with its trailing dot, as the planner does', () => {
    expect(warningsOf(withList(inDefaults, ['jump1.lab.example.']))).toEqual([])
    // The same machine twice: the second is a duplicate.
    const doc = withList(inDefaults, ['jump1.lab.example.', 'JUMP1.lab.example'])
    expect(issuesOf(doc)).toEqual([
      {
        path: 'defaults.proxyPreferences[1]',
        message: 'duplicate entry "JUMP1.lab.example"; the same as defaults.proxyPreferences[0]',
      },
    ])
  })

  it('reads other-dc as the planner does (oVirt wrote other_dc) and stores it canonical', () => {
    const doc = expectValid(withList(inDefaults, ['OTHER_DC', 'Cluster']))
    expect(doc.defaults?.proxyPreferences).toEqual(['other-dc', 'cluster'])
    expect(issuesOf(withList(inDefaults, ['other-dc', 'other_dc']))).toEqual([
      {
        path: 'defaults.proxyPreferences[1]',
        message: 'duplicate entry "other_dc"; the same as defaults.proxyPreferences[0]',
      },
    ])
  })

  it('reports a repeated entry within one list, ignoring case', () => {
    const doc = withList(inDevice, ['cluster', 'node-2', 'Cluster'])
    expect(issuesOf(doc)).toEqual([
      {
        path: 'hosts[0].powerManagement.devices[1].proxyPreferences[2]',
        message:
          'duplicate entry "Cluster"; the same as hosts[0].powerManagement.devices[1].proxyPreferences[0]',
      },
    ])
  })

  it("warns about an entry that is a host's id, not its name (h2 is named node-2)", () => {
    const warnings = warningsOf(withList(inDefaults, ['h2']))
    expect(warnings.map((i) => i.path)).toEqual(['defaults.proxyPreferences[0]'])
    expect(warnings[0]?.message).toMatch(/^"h2" /)
    expect(warningsOf(withList(inDefaults, ['node-2']))).toEqual([])
  })

  it('allows the same entry in different lists', () => {
    const doc = validDocument()
    doc.hosts[1].powerManagement.proxyPreferences = ['cluster', 'dc']
    expectValid(doc)
  })

  it.each([
    ['a1.lab.example,h2', 'looks like a comma-separated list; give each entry on its own'],
    ['h1.lab.example/192.0.2.2', 'gives two addresses; give one name, FQDN or IP per entry'],
    [' dc', 'has spaces around it; write "dc"'],
    ['node-2 ', 'has spaces around it; write "node-2"'],
    [
      'my jump box',
      'is neither a keyword (engine, cluster, dc, other-dc) nor the name, FQDN or IP of a machine of the document',
    ],
  ])('reports the malformed entry %j', (entry, message) => {
    expect(issuesOf(withList(inDefaults, [entry]))).toEqual([
      { path: 'defaults.proxyPreferences[0]', message: `${JSON.stringify(entry)} ${message}` },
    ])
  })

  it('suggests the keyword or machine a misspelt entry probably meant', () => {
    const doc = withList(inDefaults, ['other_dcc', 'jump1.lab.exmaple'])
    expect(issuesOf(doc).map((i) => i.message)).toEqual([
      '"other_dcc" is neither a keyword (engine, cluster, dc, other-dc) nor the name, FQDN or IP of a machine of the document; did you mean "other-dc"?',
    ])
    const result = validateDocument(doc)
    expect(result.warnings.map((i) => i.message)).toEqual([
      `"jump1.lab.exmaple" ${NO_MATCH}; did you mean "jump1.lab.example"?`,
    ])
  })

  it('reports an entry that names two machines', () => {
    const doc = withList(inDefaults, ['shared.lab.example'])
    doc.hosts[0].ssh.host = 'shared.lab.example'
    doc.proxies[0].ssh.host = 'shared.lab.example'
    expect(issuesOf(doc)).toEqual([
      {
        path: 'defaults.proxyPreferences[0]',
        message:
          '"shared.lab.example" is ambiguous: it matches hosts[0] ("h1"), proxies[0] ("jump1")',
      },
    ])
  })

  it('does not call entries unknown while the machines cannot all be read', () => {
    const doc = validDocument()
    doc.proxies = { p1: doc.proxies[0] }
    expect(issuesOf(doc)).toEqual([
      { path: 'proxies', message: 'expected an array, got an object' },
    ])
  })

  it('leaves empty and non-text entries to the schema, reported once', () => {
    const doc = withList(inDefaults, ['', 7 as unknown as string])
    expect(issuesOf(doc)).toEqual([
      { path: 'defaults.proxyPreferences[0]', message: 'must not be empty' },
      { path: 'defaults.proxyPreferences[1]', message: 'expected text, got a number (7)' },
    ])
  })
})
