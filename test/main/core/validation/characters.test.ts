import { describe, expect, it } from 'vitest'
import { addressSchema, idSchema } from '../../../../src-main/common/document'
import {
  escapeForbiddenCharacters,
  findForbiddenCharacter,
  forbiddenCharacterProblem,
  quoteSafely,
} from '../../../../src-main/common/text'
import { issuesOf, validDocument, WITH_PARAMETERS, type LooseDocument } from './fixtures'

const ESC = '\u001b'
const RLO = '\u202e'

describe('the rule (common/text.ts)', () => {
  it.each([
    ['\u0000', 'a control character (U+0000 NUL)'],
    [ESC, 'a control character (U+001B ESC)'],
    ['\t', 'a control character (U+0009 TAB)'],
    ['\u007f', 'a control character (U+007F DEL)'],
    ['\u009b', 'a control character (U+009B CSI)'],
    [RLO, 'a bidirectional control character (U+202E RLO)'],
    ['\u2066', 'a bidirectional control character (U+2066 LRI)'],
    ['\u2069', 'a bidirectional control character (U+2069 PDI)'],
    ['\u200e', 'a bidirectional control character (U+200E LRM)'],
    ['\u200f', 'a bidirectional control character (U+200F RLM)'],
    ['\u061c', 'a bidirectional control character (U+061C ALM)'],
    ['\u2028', 'a line or paragraph separator (U+2028 LSEP)'],
    ['\ud800', 'a lone surrogate (not a character) (U+D800)'],
    ['\udc00', 'a lone surrogate (not a character) (U+DC00)'],
  ])('names %j and where it is', (char, words) => {
    expect(forbiddenCharacterProblem(`ab${char}c`)).toBe(`contains ${words} at position 3`)
  })

  it('allows ordinary text in any script, emoji (surrogate pairs) included', () => {
    for (const text of [
      'h1.lab.example',
      'Café',
      'مرکز داده',
      '数据中心',
      'rack 🔌 3',
      'a-b_c.d',
    ]) {
      expect(findForbiddenCharacter(text), text).toBeUndefined()
    }
  })

  it('counts positions in characters, so an emoji before it counts once', () => {
    expect(findForbiddenCharacter(`🔌x${ESC}`)).toMatchObject({ position: 3, name: 'ESC' })
  })

  it('escapes what it forbids, and the quoted form parses back to the same string', () => {
    const nasty = `a${ESC}[2J${RLO}b\u0000\ud800\u009b`
    const quoted = quoteSafely(nasty)
    // eslint-disable-next-line no-control-regex -- the control characters are what is checked
    expect(quoted).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/)
    expect(quoted).toContain('\\u202e')
    expect(JSON.parse(quoted)).toBe(nasty)
    expect(escapeForbiddenCharacters('x\ny', '\n')).toBe('x\ny')
    expect(escapeForbiddenCharacters('x\ny')).toBe('x\\u000ay')
  })

  it('is part of the schema the renderer uses', () => {
    expect(addressSchema.safeParse(`h1${RLO}.lab.example`).success).toBe(false)
    expect(idSchema.safeParse(`h1${ESC}`).success).toBe(false)
    expect(addressSchema.safeParse('h1.lab.example').success).toBe(true)
  })
})

describe('validation rejects forbidden characters', () => {
  const cases: [string, (doc: LooseDocument, bad: string) => void][] = [
    ['hosts[0].name', (d, bad) => (d.hosts[0].name = bad)],
    ['hosts[0].id', (d, bad) => (d.hosts[0].id = bad)],
    ['hosts[0].address', (d, bad) => (d.hosts[0].address = bad)],
    ['hosts[0].ssh.user', (d, bad) => (d.hosts[0].ssh.user = bad)],
    ['hosts[0].ssh.identityFile', (d, bad) => (d.hosts[0].ssh.identityFile = bad)],
    ['hosts[2].ssh.host', (d, bad) => (d.hosts[2].ssh.host = bad)],
    ['proxies[0].ssh.password', (d, bad) => (d.proxies[0].ssh.password = bad)],
    ['engine.name', (d, bad) => (d.engine.name = bad)],
    ['dataCenters[0].name', (d, bad) => (d.dataCenters[0].name = bad)],
    ['clusters[1].name', (d, bad) => (d.clusters[1].name = bad)],
    ['proxies[0].name', (d, bad) => (d.proxies[0].name = bad)],
    [
      'hosts[0].powerManagement.devices[2].params.plug',
      (d, bad) => (d.hosts[0].powerManagement.devices[2].params.plug = bad),
    ],
    [
      'hosts[0].powerManagement.devices[2].params.password',
      (d, bad) => (d.hosts[0].powerManagement.devices[2].params.password = bad),
    ],
    [
      'hosts[0].powerManagement.devices[0].params.username',
      (d, bad) => (d.hosts[0].powerManagement.devices[0].params.username = bad),
    ],
    [
      'hosts[0].powerManagement.devices[0].proxyPreferences[1]',
      (d, bad) => (d.hosts[0].powerManagement.devices[0].proxyPreferences[1] = bad),
    ],
    ['defaults.proxyPreferences[0]', (d, bad) => (d.defaults.proxyPreferences[0] = bad)],
  ]

  it.each(cases)('at %s, with one issue naming the character and its position', (path, set) => {
    for (const [char, name] of [
      [ESC, 'U+001B ESC'],
      ['\u0000', 'U+0000 NUL'],
      [RLO, 'U+202E RLO'],
      ['\ud83d', 'U+D83D'],
    ] as const) {
      const doc = validDocument()
      set(doc, `ab${char}c`)
      const issues = issuesOf(doc, WITH_PARAMETERS)
      // Exactly one issue: what the character breaks (an id's pattern, an address) follows from it.
      expect(issues, `${path} ${name}`).toEqual([
        { path, message: expect.stringContaining(`(${name}) at position 3`) },
      ])
    }
  })

  it('says "control character" for ESC, as a person reads it', () => {
    const doc = validDocument()
    doc.hosts[0].name = `h1${ESC}[2J`
    expect(issuesOf(doc)).toEqual([
      { path: 'hosts[0].name', message: 'contains a control character (U+001B ESC) at position 3' },
    ])
  })

  it('rejects the characters in an { env } variable name too', () => {
    const doc = validDocument()
    doc.hosts[0].powerManagement.devices[0].params.password = { env: `BMC${ESC}` }
    const issues = issuesOf(doc)
    expect(issues.map((i) => i.path)).toContain(
      'hosts[0].powerManagement.devices[0].params.password.env',
    )
    expect(issues.map((i) => i.message).join('\n')).toContain('U+001B ESC')
  })

  it('keeps the newline message, and reports a control character beside it', () => {
    const doc = validDocument()
    doc.hosts[1].name = `h2\n${ESC}`
    expect(issuesOf(doc)).toEqual([
      { path: 'hosts[1].name', message: 'must not contain a newline' },
      { path: 'hosts[1].name', message: 'contains a control character (U+001B ESC) at position 4' },
    ])
  })

  it('never echoes the characters raw in a message or a path', () => {
    const doc = validDocument()
    doc.hosts[0][`ssh${RLO}`] = `x${ESC}`
    doc.hosts[1].cluster = `nowhere${RLO}${ESC}`
    const issues = issuesOf(doc)
    expect(issues.length).toBeGreaterThan(0)
    for (const issue of issues) {
      // eslint-disable-next-line no-control-regex -- the control characters are what is checked
      expect(`${issue.path}: ${issue.message}`).not.toMatch(/[\u0000-\u001f\u202e]/)
    }
    expect(issues.map((i) => i.path)).toContain('hosts[0]["ssh\\u202e"]')
  })
})
