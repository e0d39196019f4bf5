import { describe, expect, it } from 'vitest'
import { addNode } from '../../../src-renderer/src/lib/create'
import {
  deleteNode,
  deletionImpact,
  nodeOfPath,
  renameMachineReferences,
  uniqueId,
} from '../../../src-renderer/src/lib/model'
import { ancestorKeys, treeRows } from '../../../src-renderer/src/lib/treeRows'
import { sampleDocument } from '../support/sampleLab'

describe('document model', () => {
  it('names what a deletion takes with it and which preference lists name it', () => {
    const doc = sampleDocument()
    doc.hosts[0]!.powerManagement!.devices[0]!.proxyPreferences = ['a2', 'engine']
    doc.proxies[0]!.cluster = 'c1'
    const impact = deletionImpact(doc, { kind: 'cluster', id: 'c1' })
    expect(impact.subject).toBe('cluster cluster-a')
    expect(impact.cascade).toEqual(['host a1', 'host a2', 'host a3'])
    expect(impact.unplaced).toEqual(['proxy jump1'])
    expect(deletionImpact(doc, { kind: 'host', id: 'a2' }).preferenceLists).toEqual([
      'device psu1 of a1',
    ])
  })

  it('deletes a host and removes the entries that named it', () => {
    const doc = sampleDocument()
    doc.hosts[0]!.powerManagement!.devices[0]!.proxyPreferences = ['a2']
    deleteNode(doc, { kind: 'host', id: 'a2' })
    expect(doc.hosts.map((h) => h.id)).toEqual(['a1', 'a3'])
    // The only entry went: the device inherits again rather than keeping an empty list.
    expect(doc.hosts[0]!.powerManagement!.devices[0]!.proxyPreferences).toBeUndefined()
  })

  it('renames references to a machine', () => {
    const doc = sampleDocument()
    doc.clusters[0]!.proxyPreferences = ['cluster', 'jump1']
    expect(renameMachineReferences(doc, 'jump1', 'jump-east')).toBe(1)
    expect(doc.clusters[0]!.proxyPreferences).toEqual(['cluster', 'jump-east'])
  })

  it('maps an issue path to its node', () => {
    const doc = sampleDocument()
    expect(nodeOfPath(doc, 'hosts[2].powerManagement.devices[0].params.ip')).toEqual({
      kind: 'host',
      id: 'a3',
    })
    expect(nodeOfPath(doc, 'defaults.proxyPreferences[0]')).toEqual({ kind: 'engine' })
  })

  it('makes unique ids from names', () => {
    expect(uniqueId('Cluster B', ['cluster-b'])).toBe('cluster-b-2')
    const doc = sampleDocument()
    expect(addNode(doc, { kind: 'host', name: 'a1', parentId: 'c1' })).toBe('a1-2')
  })
})

describe('tree rows', () => {
  it('lists engine, data centers, clusters and hosts as expanded, then proxies', () => {
    const doc = sampleDocument()
    const rows = treeRows(doc, new Set(['engine', 'dataCenter:dc1', 'cluster:c1', 'proxies']))
    expect(rows.map((r) => `${r.depth}:${r.label}`)).toEqual([
      '0:engine',
      '1:Default',
      '2:cluster-a',
      '3:a1',
      '3:a2',
      '3:a3',
      '0:Standalone proxies',
      '1:jump1',
    ])
  })

  it('search keeps matches with their ancestors', () => {
    const rows = treeRows(sampleDocument(), new Set(), 'a3')
    expect(rows.map((r) => r.label)).toEqual(['engine', 'Default', 'cluster-a', 'a3'])
  })

  it('knows which nodes to open to reveal a host', () => {
    expect(ancestorKeys(sampleDocument(), { kind: 'host', id: 'a2' })).toEqual([
      'engine',
      'dataCenter:dc1',
      'cluster:c1',
    ])
  })
})
