import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatPreferenceList,
  parsePreferenceEntry,
  parsePreferenceText,
  preferenceKeyword,
} from '../../../src-main/common/preferences'

describe('parsePreferenceText', () => {
  it('reads the seed examples', () => {
    expect(parsePreferenceText('Cluster, Engine')).toEqual({
      entries: ['cluster', 'engine'],
      errors: [],
    })
    expect(parsePreferenceText('Cluster, DC')).toEqual({ entries: ['cluster', 'dc'], errors: [] })
    expect(parsePreferenceText('jump1.lab.example,10.0.0.7')).toEqual({
      entries: ['jump1.lab.example', '10.0.0.7'],
      errors: [],
    })
  })

  it('reads nothing typed as an empty list (inherit)', () => {
    expect(parsePreferenceText('')).toEqual({ entries: [], errors: [] })
    expect(parsePreferenceText('  ,  , ')).toEqual({ entries: [], errors: [] })
  })

  it('trims whitespace and skips empty items', () => {
    expect(parsePreferenceText('  engine ,, \t cluster  ,').entries).toEqual(['engine', 'cluster'])
  })

  it('reads keywords case-insensitively and other-dc in its spellings', () => {
    for (const spelling of [
      'other-dc',
      'Other-DC',
      'other_dc',
      'OTHER_DC',
      'otherdc',
      'Other DC',
    ]) {
      expect(parsePreferenceText(spelling).entries, spelling).toEqual(['other-dc'])
    }
    expect(parsePreferenceText('ENGINE, cLuStEr, Dc').entries).toEqual(['engine', 'cluster', 'dc'])
  })

  it('keeps names as typed: host names, FQDNs, IPv4 and IPv6', () => {
    expect(parsePreferenceText('Jump1, h2.Lab.Example, 192.0.2.7, 2001:db8::7').entries).toEqual([
      'Jump1',
      'h2.Lab.Example',
      '192.0.2.7',
      '2001:db8::7',
    ])
  })

  it('drops duplicates, keywords and names alike, case-insensitively', () => {
    expect(
      parsePreferenceText('cluster, Cluster, jump1, JUMP1, other_dc, other-dc, cluster'),
    ).toEqual({ entries: ['cluster', 'jump1', 'other-dc'], errors: [] })
  })

  it('refuses an item joining alternatives with a slash, and says what to write', () => {
    const { entries, errors } = parsePreferenceText('cluster, jump1.lab.example/10.0.0.7')
    expect(entries).toEqual(['cluster'])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('"jump1.lab.example/10.0.0.7"')
    expect(errors[0]).toMatch(/one machine per entry/)
    expect(errors[0]).toMatch(/commas/)
  })

  it('names every item that is neither a keyword nor an address, and keeps the valid ones', () => {
    const { entries, errors } = parsePreferenceText('cluster, data center, h_1, 10.1.0.300, engine')
    expect(entries).toEqual(['cluster', 'engine'])
    expect(errors).toEqual([
      expect.stringContaining('"data center"'),
      expect.stringContaining('"h_1"'),
      '"10.1.0.300": not a valid IP address',
    ])
    expect(errors[0]).toContain('engine, cluster, dc, other-dc')
  })

  it('gives canonical lists back unchanged through format and parse', () => {
    const entry = fc.oneof(
      fc.constantFrom('engine', 'cluster', 'dc', 'other-dc'),
      fc.domain(),
      fc.ipV4(),
    )
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.toLowerCase() }), (list) => {
        fc.pre(list.every((e) => preferenceKeyword(e) === undefined || e === preferenceKeyword(e)))
        expect(parsePreferenceText(formatPreferenceList(list))).toEqual({
          entries: list,
          errors: [],
        })
      }),
    )
  })
})

describe('parsePreferenceEntry', () => {
  it('returns the canonical entry or an error', () => {
    expect(parsePreferenceEntry(' DC ')).toEqual({ entry: 'dc' })
    expect(parsePreferenceEntry('jump1')).toEqual({ entry: 'jump1' })
    expect(parsePreferenceEntry('')).toEqual({ error: 'empty entry' })
    expect(parsePreferenceEntry('a b').error).toContain('"a b"')
  })
})

describe('preferenceKeyword', () => {
  it('knows the four keywords and nothing else', () => {
    expect(preferenceKeyword('Engine')).toBe('engine')
    expect(preferenceKeyword('other dc')).toBe('other-dc')
    expect(preferenceKeyword('other-d-c')).toBeUndefined()
    expect(preferenceKeyword('datacenter')).toBeUndefined()
    expect(preferenceKeyword('engine.lab.example')).toBeUndefined()
  })
})

describe('formatPreferenceList', () => {
  it('joins entries the way a person types them', () => {
    expect(formatPreferenceList(['cluster', 'engine'])).toBe('cluster, engine')
    expect(formatPreferenceList(['jump1.lab.example', '10.0.0.7'])).toBe(
      'jump1.lab.example, 10.0.0.7',
    )
    expect(formatPreferenceList([])).toBe('')
  })
})
