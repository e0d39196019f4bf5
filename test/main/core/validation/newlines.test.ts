import { describe, expect, it } from 'vitest'
import { issuesOf, validDocument } from './fixtures'

describe('newlines', () => {
  it.each(['\n', '\r', '\r\n'])('rejects %j in a text field of the schema, once', (newline) => {
    const doc = validDocument()
    doc.hosts[1].name = `h2${newline}evil=1`
    expect(issuesOf(doc)).toEqual([
      { path: 'hosts[1].name', message: 'must not contain a newline' },
    ])
  })

  it('rejects a newline in a device parameter (it would become a second stdin line)', () => {
    const doc = validDocument()
    doc.hosts[0].powerManagement.devices[2].params.plug = '3\naction=off'
    expect(issuesOf(doc)).toEqual([
      {
        path: 'hosts[0].powerManagement.devices[2].params.plug',
        message: 'must not contain a newline',
      },
    ])
  })

  it('rejects a newline where the schema takes any string', () => {
    const doc = validDocument()
    doc.hosts[0].powerManagement.devices[0].params.password = { env: 'A\nB' }
    expect(issuesOf(doc)).toEqual([
      {
        path: 'hosts[0].powerManagement.devices[0].params.password.env',
        message: 'must not contain a newline',
      },
    ])
  })

  it('reports an unknown key once, not again for the newlines inside it', () => {
    const doc = validDocument()
    doc.hosts[0].notes = { text: 'line 1\nline 2', more: ['a\nb'] }
    expect(issuesOf(doc).map((i) => i.path)).toEqual(['hosts[0].notes'])
  })
})
