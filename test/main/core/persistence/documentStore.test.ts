import Conf from 'conf'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createConfBackend } from '../../../../src-main/core/persistence/confBackend'
import {
  createDocumentStore,
  type DocumentStore,
} from '../../../../src-main/core/persistence/documentStore'
import { NewerVersionError } from '../../../../src-main/core/persistence/migrations'
import { sampleDocument } from './fixtures/documents'
import { tempDir } from './fixtures/tempDir'

function storeIn(dir: string, now?: () => Date): DocumentStore {
  return createDocumentStore({
    backend: createConfBackend({ cwd: dir, configName: 'config' }),
    now,
  })
}

/** A clock that moves one second per call, so backup names are distinct and ordered. */
function steppingClock(start = Date.UTC(2025, 0, 1)): () => Date {
  let t = start
  return () => new Date((t += 1000))
}

function engineNameOf(path: string): string {
  return (JSON.parse(readFileSync(path, 'utf8')) as { topology: { engine: { name: string } } })
    .topology.engine.name
}

describe('DocumentStore over conf', () => {
  it('starts empty when there is no file, and creates none on load', () => {
    const dir = tempDir()
    expect(storeIn(dir).load()).toEqual({ status: 'empty', problems: [], revision: 0 })
    expect(readdirSync(dir)).toEqual([])
  })

  it('saves { version, revision, topology } privately and loads it back', () => {
    const dir = tempDir()
    const store = storeIn(dir)
    const saved = store.save(sampleDocument())
    expect(saved.ok).toBe(true)
    const file = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(Object.keys(file)).toEqual(['version', 'revision', 'topology'])
    expect(file.version).toBe(1)
    expect(file.topology).toEqual(sampleDocument())
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600)
    expect(file.revision).toBe(1)
    expect(store.load()).toEqual({
      status: 'loaded',
      document: sampleDocument(),
      problems: [],
      revision: 1,
    })
    // conf reads the very same file.
    const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'config' })
    expect(conf.store.topology).toEqual(sampleDocument())
  })

  it('keeps the last 10 backups: 11 saves leave 10, and the oldest goes first', () => {
    const dir = tempDir()
    const store = storeIn(dir, steppingClock())
    for (let i = 1; i <= 11; i++) expect(store.save(sampleDocument(`engine-${i}`)).ok).toBe(true)
    let backups = store.listBackups()
    expect(backups).toHaveLength(10)
    // Each backup is the file as it was before a save: saves 1..10.
    expect(backups.map(engineNameOf)).toEqual(
      Array.from({ length: 10 }, (_, i) => `engine-${i + 1}`),
    )
    expect(store.save(sampleDocument('engine-12')).ok).toBe(true)
    backups = store.listBackups()
    expect(backups).toHaveLength(10)
    expect(engineNameOf(backups[0]!)).toBe('engine-2')
    expect(engineNameOf(backups[9]!)).toBe('engine-11')
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(10)
  })

  it('rotates correctly when every save has the same timestamp', () => {
    const dir = tempDir()
    const frozen = new Date(Date.UTC(2025, 5, 1, 12))
    const store = storeIn(dir, () => frozen)
    for (let i = 1; i <= 13; i++) expect(store.save(sampleDocument(`engine-${i}`)).ok).toBe(true)
    const backups = store.listBackups()
    expect(backups).toHaveLength(10)
    expect(backups.map(engineNameOf)).toEqual(
      Array.from({ length: 10 }, (_, i) => `engine-${i + 3}`),
    )
  })

  it('refuses a file of a newer version and leaves it untouched', () => {
    const dir = tempDir()
    const path = join(dir, 'config.json')
    const bytes = JSON.stringify({ version: 7, topology: { shiny: true } })
    writeFileSync(path, bytes)
    const store = storeIn(dir)
    expect(() => store.load()).toThrow(NewerVersionError)
    expect(() => store.load()).toThrow(
      /newer Fencepost \(store version 7; this build reads up to 1\)/,
    )
    expect(() => store.save(sampleDocument())).toThrow(NewerVersionError)
    expect(readFileSync(path, 'utf8')).toBe(bytes)
    expect(readdirSync(dir)).toEqual(['config.json'])
  })

  it('moves a file that is not JSON aside, byte for byte, and reports it', () => {
    const dir = tempDir()
    const path = join(dir, 'config.json')
    const bytes = Buffer.from(
      '{"version": 1, "topology": {"engine": \u00ff\u0000 truncated',
      'latin1',
    )
    writeFileSync(path, bytes)
    const result = storeIn(dir).load()
    expect(result.status).toBe('recovered')
    expect(result.document).toBeUndefined()
    expect(result.movedTo).toMatch(/[\\/]config\.corrupt-\d{4}-\d\d-\d\dT[\d-]+\.\d{3}Z\.json$/)
    expect(readFileSync(result.movedTo!)).toEqual(bytes)
    expect(existsSync(path)).toBe(false)
    expect(result.problems.join('\n')).toMatch(/is not valid JSON/)
    expect(result.problems.join('\n')).toContain(result.movedTo!)
    expect(storeIn(dir).load().status).toBe('empty')
  })

  it('moves a file whose document fails validation aside, listing the issues', () => {
    const dir = tempDir()
    const path = join(dir, 'config.json')
    const broken = sampleDocument() as unknown as { hosts: { address: string }[] }
    broken.hosts[0]!.address = 'not an address!'
    const bytes = JSON.stringify({ version: 1, topology: broken }, null, 2)
    writeFileSync(path, bytes)
    const result = storeIn(dir).load()
    expect(result.status).toBe('recovered')
    expect(result.problems.join('\n')).toContain('topology.hosts[0].address')
    expect(readFileSync(result.movedTo!, 'utf8')).toBe(bytes)
  })

  it('moves aside JSON that is not a store file (an array, a bad version)', () => {
    for (const content of ['[1, 2]', '{"version": "one", "topology": {}}', '{"version": -1}']) {
      const dir = tempDir()
      writeFileSync(join(dir, 'config.json'), content)
      const result = storeIn(dir).load()
      expect(result.status, content).toBe('recovered')
      expect(readFileSync(result.movedTo!, 'utf8')).toBe(content)
    }
  })

  it('treats {} (a fresh conf/electron-store file) as empty', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'config.json'), '{}')
    expect(storeIn(dir).load()).toEqual({ status: 'empty', problems: [], revision: 0 })
  })

  it('rejects an invalid document whole: issues by path, nothing written', () => {
    const dir = tempDir()
    const store = storeIn(dir)
    const invalid = sampleDocument() as unknown as Record<string, unknown>
    ;(invalid.hosts as { address: string }[])[0]!.address = 'bad address!'
    invalid.clusters = [{ id: 'c1', name: 'x', dataCenter: 'nope' }]

    const first = store.save(invalid)
    expect(first.ok).toBe(false)
    expect(readdirSync(dir)).toEqual([])

    expect(store.save(sampleDocument()).ok).toBe(true)
    const before = readFileSync(store.path)
    const second = store.save(invalid)
    if (second.ok) throw new Error('expected a rejection')
    const paths = second.issues.map((issue) => issue.path)
    expect(paths).toContain('hosts[0].address')
    expect(paths.some((p) => p.startsWith('clusters[0]'))).toBe(true)
    expect(readFileSync(store.path)).toEqual(before)
    expect(store.listBackups()).toEqual([])
  })

  it('moves a file it does not understand aside when saving over it, never into rotation', () => {
    for (const content of ['garbage{', '[1, 2]', '{"settings": {}}']) {
      const dir = tempDir()
      writeFileSync(join(dir, 'config.json'), content)
      const store = storeIn(dir)
      const saved = store.save(sampleDocument())
      if (!saved.ok) throw new Error('expected a save')
      expect(saved.problems.join('\n'), content).toMatch(/config\.corrupt-/)
      const corrupt = readdirSync(dir).filter((name) => name.startsWith('config.corrupt-'))
      expect(corrupt).toHaveLength(1)
      expect(readFileSync(join(dir, corrupt[0]!), 'utf8')).toBe(content)
      expect(store.listBackups()).toEqual([])
      expect(store.load().status).toBe('loaded')
    }
  })

  it('keeps top-level keys that belong to other stores', () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ version: 1, topology: sampleDocument(), settings: { theme: 'dark' } }),
    )
    expect(storeIn(dir).save(sampleDocument('other')).ok).toBe(true)
    const file = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(file.settings).toEqual({ theme: 'dark' })
    expect(engineNameOf(join(dir, 'config.json'))).toBe('other')
  })

  it("documents why we read the file ourselves: conf's constructor throws on corrupt JSON", () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'config.json'), '{ nope')
    expect(() => new Conf({ cwd: dir, configName: 'config' })).toThrow(SyntaxError)
  })
})
