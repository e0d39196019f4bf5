import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DOCUMENT_VERSION, type TopologyDocument } from '../../../../src-main/common/document'
import { createConfBackend } from '../../../../src-main/core/persistence/confBackend'
import { createDocumentStore } from '../../../../src-main/core/persistence/documentStore'
import {
  MIGRATIONS,
  migrateDocument,
  migrateStoreFile,
  NewerVersionError,
  splitSeedPreferences,
  STORE_VERSION,
} from '../../../../src-main/core/persistence/migrations'
import { sampleDocument } from './fixtures/documents'
import { tempDir } from './fixtures/tempDir'

/** The sample document as a version-0 build stored it: seed strings for preference lists. */
function version0File(): { version: number; topology: TopologyDocument } {
  // Version 0 stored the seed string where version 1 has an array.
  const seed = (text: string) => text as unknown as string[]
  const topology = sampleDocument()
  ;(topology as { version: number }).version = 0
  topology.defaults = { proxyPreferences: seed('Cluster, DC') }
  topology.dataCenters[0]!.proxyPreferences = seed(' cluster ,dc,, ')
  topology.clusters[0]!.proxyPreferences = seed('Other_DC, ENGINE')
  const pm = topology.hosts[0]!.powerManagement!
  pm.proxyPreferences = seed('Cluster, Engine')
  pm.devices[0]!.proxyPreferences = seed('cluster,DC')
  pm.devices[1]!.proxyPreferences = seed('H2.lab.example, jump1.lab.example')
  return { version: 0, topology }
}

describe('store migrations', () => {
  it('has one step per version, in order, up to the document version', () => {
    expect(STORE_VERSION).toBe(DOCUMENT_VERSION)
    expect(MIGRATIONS).toHaveLength(STORE_VERSION)
    MIGRATIONS.forEach((step, i) => expect(step.from).toBe(i))
  })

  it('splits seed notation into canonical entries', () => {
    expect(splitSeedPreferences('Cluster, DC')).toEqual(['cluster', 'dc'])
    expect(splitSeedPreferences('Cluster, Engine')).toEqual(['cluster', 'engine'])
    expect(splitSeedPreferences('fqdn1.example.com,192.0.2.7 , Other-DC')).toEqual([
      'fqdn1.example.com',
      '192.0.2.7',
      'other-dc',
    ])
    expect(splitSeedPreferences('other_dc')).toEqual(['other-dc'])
    expect(splitSeedPreferences(' , ')).toEqual([])
  })

  it('0 → 1 turns every seed string into an array, purely', () => {
    const input = version0File()
    const snapshot = structuredClone(input)
    const { file, from, applied } = migrateStoreFile(input)
    expect(input).toEqual(snapshot)
    expect(from).toBe(0)
    expect(applied).toHaveLength(1)
    const t = file.topology as TopologyDocument
    expect(file.version).toBe(1)
    expect(t.version).toBe(1)
    expect(t.defaults?.proxyPreferences).toEqual(['cluster', 'dc'])
    expect(t.dataCenters[0]?.proxyPreferences).toEqual(['cluster', 'dc'])
    expect(t.clusters[0]?.proxyPreferences).toEqual(['other-dc', 'engine'])
    const pm = t.hosts[0]?.powerManagement
    expect(pm?.proxyPreferences).toEqual(['cluster', 'engine'])
    expect(pm?.devices[0]?.proxyPreferences).toEqual(['cluster', 'dc'])
    expect(pm?.devices[1]?.proxyPreferences).toEqual(['H2.lab.example', 'jump1.lab.example'])
  })

  it('leaves a current file alone and refuses a newer one', () => {
    const current: Record<string, unknown> = { version: 1, topology: sampleDocument() }
    expect(migrateStoreFile(current)).toEqual({ file: current, from: 1, applied: [] })
    expect(() => migrateStoreFile({ version: 2 })).toThrow(NewerVersionError)
  })

  it('migrates a bare version-0 document (an old export) the same way', () => {
    const doc = migrateDocument(version0File().topology) as TopologyDocument
    expect(doc.version).toBe(1)
    expect(doc.defaults?.proxyPreferences).toEqual(['cluster', 'dc'])
    expect(migrateDocument('not a document')).toBe('not a document')
  })

  it('loads a version-0 store file migrated, and writes version 1 on the next save', () => {
    const dir = tempDir()
    const path = join(dir, 'config.json')
    const v0 = JSON.stringify(version0File(), null, 2)
    writeFileSync(path, v0)
    const store = createDocumentStore({ backend: createConfBackend({ cwd: dir }) })
    const loaded = store.load()
    expect(loaded.status).toBe('loaded')
    expect(loaded.migratedFrom).toBe(0)
    expect(loaded.problems.join('\n')).toMatch(/Migrated .* 0 → 1/)
    expect(loaded.document?.clusters[0]?.proxyPreferences).toEqual(['other-dc', 'engine'])
    expect(readFileSync(path, 'utf8')).toBe(v0)

    expect(store.save(loaded.document).ok).toBe(true)
    expect((JSON.parse(readFileSync(path, 'utf8')) as { version: number }).version).toBe(1)
    const backups = store.listBackups()
    expect(backups).toHaveLength(1)
    expect(readFileSync(backups[0]!, 'utf8')).toBe(v0)
  })
})
