import { describe, expect, it } from 'vitest'
import { expectValid, issuesOf, validDocument } from './fixtures'

describe('uniqueness', () => {
  it.each([
    ['dataCenters', 1, 'dc1', 'dataCenters[0]'],
    ['clusters', 2, 'ca', 'clusters[0]'],
    ['hosts', 3, 'h2', 'hosts[1]'],
  ])('reports a duplicate id in %s where it appears again', (collection, index, id, first) => {
    const doc = validDocument()
    doc[collection][index].id = id
    const issues = issuesOf(doc).filter((i) => i.path === `${collection}[${index}].id`)
    expect(issues).toEqual([
      { path: `${collection}[${index}].id`, message: `duplicate id "${id}"; ${first} has it too` },
    ])
  })

  it('reports a duplicate proxy id', () => {
    const doc = validDocument()
    doc.proxies.push({ id: 'p1', name: 'jump2', address: 'jump2.lab.example' })
    expect(issuesOf(doc)).toEqual([
      { path: 'proxies[1].id', message: 'duplicate id "p1"; proxies[0] has it too' },
    ])
  })

  it('reports a duplicate device id within a host, not across hosts', () => {
    const doc = validDocument()
    doc.hosts[0].powerManagement.devices[1].id = 'psu1'
    expect(issuesOf(doc)).toEqual([
      {
        path: 'hosts[0].powerManagement.devices[1].id',
        message: 'duplicate id "psu1"; hosts[0].powerManagement.devices[0] has it too',
      },
    ])
    const across = validDocument()
    across.hosts[1].powerManagement.devices[0].id = 'psu1'
    expectValid(across)
  })

  it('keeps hosts and standalone proxies apart by id', () => {
    const doc = validDocument()
    doc.proxies[0].id = 'h2'
    expect(issuesOf(doc)).toEqual([
      {
        path: 'proxies[0].id',
        message: 'id "h2" is also the id of hosts[1]; hosts and proxies need distinct ids',
      },
    ])
  })

  it('reserves the engine id', () => {
    const doc = validDocument()
    doc.hosts[3].id = 'engine'
    expect(issuesOf(doc)).toEqual([
      { path: 'hosts[3].id', message: 'id "engine" is reserved for the engine' },
    ])
  })

  it('reports a duplicate machine name, ignoring case, across engine, hosts and proxies', () => {
    const doc = validDocument()
    doc.hosts[2].name = 'H1'
    doc.proxies[0].name = 'Engine'
    expect(issuesOf(doc)).toEqual([
      { path: 'hosts[2].name', message: 'name "H1" is already used by hosts[0] ("h1")' },
      { path: 'proxies[0].name', message: 'name "Engine" is already used by the engine' },
    ])
  })

  it('reports a duplicate machine address, ignoring case and a trailing dot', () => {
    const doc = validDocument()
    doc.hosts[3].address = 'H1.lab.example.'
    doc.proxies[0].address = 'engine.lab.example'
    const issues = issuesOf(doc)
    expect(issues).toContainEqual({
      path: 'hosts[3].address',
      message: 'address "H1.lab.example." is already used by hosts[0] ("h1")',
    })
    expect(issues).toContainEqual({
      path: 'proxies[0].address',
      message: 'address "engine.lab.example" is already used by the engine',
    })
  })
})
