// Backups hold the documents an open window may undo to, and so keep their secrets alive: they are
// private, never torn, and kept by count and by age.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createConfBackend } from '../../../../src-main/core/persistence/confBackend'
import { createDocumentStore } from '../../../../src-main/core/persistence/documentStore'
import { sampleDocument } from './fixtures/documents'
import { tempDir } from './fixtures/tempDir'

const posix = process.platform !== 'win32'
const HOUR = 60 * 60_000

/** A clock the test moves. */
function clock(start = Date.UTC(2025, 0, 1)) {
  let t = start
  return {
    now: () => new Date(t),
    advance: (ms: number) => void (t += ms),
  }
}

function engineOf(path: string): string {
  return (JSON.parse(readFileSync(path, 'utf8')) as { topology: { engine: { name: string } } })
    .topology.engine.name
}

describe('backups', () => {
  it.runIf(posix)('are private: the folder 0700, each file 0600', () => {
    const dir = tempDir()
    const store = createDocumentStore({ backend: createConfBackend({ cwd: dir }) })
    expect(store.save(sampleDocument('one')).ok).toBe(true)
    expect(store.save(sampleDocument('two')).ok).toBe(true)
    expect(statSync(store.backupDir).mode & 0o777).toBe(0o700)
    const [backup] = store.listBackups()
    expect(statSync(backup!).mode & 0o777).toBe(0o600)
    // Published whole: no temp file stays beside it.
    expect(readdirSync(store.backupDir)).toEqual([backup!.split('/').pop()])
  })

  it('keep the newest 10, and with an age limit every younger one up to the cap', () => {
    const dir = tempDir()
    const time = clock()
    const store = createDocumentStore({
      backend: createConfBackend({ cwd: dir }),
      now: time.now,
      keepBackupsForMs: 24 * HOUR,
      maxBackups: 25,
    })
    // 15 saves two days ago, then 15 saves today, a minute apart.
    for (let i = 0; i < 15; i++) {
      store.save(sampleDocument(`old-${i}`))
      time.advance(60_000)
    }
    time.advance(48 * HOUR)
    for (let i = 0; i < 15; i++) {
      store.save(sampleDocument(`new-${i}`))
      time.advance(60_000)
    }
    const names = store.listBackups().map(engineOf)
    // The 15 backups made today (the first backed up old-14); those of two days ago are gone,
    // though 10 would have been kept by count alone.
    expect(names).toEqual(['old-14', ...Array.from({ length: 14 }, (_, i) => `new-${i}`)])

    // The cap: 40 saves within the day keep 25.
    for (let i = 0; i < 40; i++) {
      store.save(sampleDocument(`burst-${i}`))
      time.advance(1000)
    }
    expect(store.listBackups()).toHaveLength(25)
    expect(store.listBackups().map(engineOf).at(-1)).toBe('burst-38')
  })

  it('without an age limit keep exactly the newest 10', () => {
    const dir = tempDir()
    const time = clock()
    const store = createDocumentStore({ backend: createConfBackend({ cwd: dir }), now: time.now })
    for (let i = 0; i < 14; i++) {
      store.save(sampleDocument(`e-${i}`))
      time.advance(1000)
    }
    expect(store.listBackups().map(engineOf)).toEqual(
      Array.from({ length: 10 }, (_, i) => `e-${i + 3}`),
    )
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(10)
  })
})
