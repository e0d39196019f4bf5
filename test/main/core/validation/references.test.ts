import { describe, expect, it } from 'vitest'
import { expectValid, issuesOf, validDocument } from './fixtures'

describe('references by id', () => {
  it("reports a cluster's unknown data center", () => {
    const doc = validDocument()
    doc.clusters[1].dataCenter = 'dc9'
    expect(issuesOf(doc)).toEqual([
      { path: 'clusters[1].dataCenter', message: 'no data center has the id "dc9"' },
    ])
  })

  it("reports a host's unknown cluster", () => {
    const doc = validDocument()
    doc.hosts[2].cluster = 'cluster-b'
    expect(issuesOf(doc)).toEqual([
      { path: 'hosts[2].cluster', message: 'no cluster has the id "cluster-b"' },
    ])
  })

  it("reports a proxy's unknown data center and cluster", () => {
    const doc = validDocument()
    doc.proxies[0].cluster = 'cz'
    doc.proxies[0].dataCenter = 'dcz'
    expect(issuesOf(doc)).toEqual([
      // Document order: `cluster` comes before the newly added `dataCenter`.
      { path: 'proxies[0].cluster', message: 'no cluster has the id "cz"' },
      { path: 'proxies[0].dataCenter', message: 'no data center has the id "dcz"' },
    ])
  })

  it('requires a proxy placed in both a cluster and a data center to be consistent', () => {
    const doc = validDocument()
    doc.proxies[0].dataCenter = 'dc2'
    expect(issuesOf(doc)).toEqual([
      { path: 'proxies[0].dataCenter', message: 'cluster "ca" is in data center "dc1", not "dc2"' },
    ])
    doc.proxies[0].dataCenter = 'dc1'
    expectValid(doc)
  })

  it('leaves a missing collection to the schema instead of calling every reference dangling', () => {
    const doc = validDocument()
    delete doc.clusters
    expect(issuesOf(doc)).toEqual([{ path: 'clusters', message: 'missing (expected an array)' }])
  })
})
