// What a process does when it starts using the data folder: leftover temp files, a private
// backups folder, and orphan secrets — with other processes alive or not.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { processStartOf } from '../../../../src-main/core/locks/processes'
import { createConfBackend } from '../../../../src-main/core/persistence/confBackend'
import { createDocumentStore } from '../../../../src-main/core/persistence/documentStore'
import { startHousekeeping } from '../../../../src-main/core/persistence/housekeeping'
import { importDocument } from '../../../../src-main/core/persistence/importExport'
import { createFileSecretStore } from '../../../../src-main/core/secrets/fileSecretStore'
import { sampleDocument } from './fixtures/documents'
import { tempDir } from './fixtures/tempDir'

const posix = process.platform !== 'win32'
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

function setup() {
  const dir = tempDir('fencepost-housekeeping-')
  const store = createDocumentStore({ backend: createConfBackend({ cwd: dir }) })
  const secrets = createFileSecretStore({ dir })
  return { dir, store, secrets }
}

/** A live process that is not this one (another app, browser mode or CLI). */
function otherProcess(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
  children.push(child)
  return child.pid!
}

function mark(dir: string, kind: string, pid: number): void {
  mkdirSync(join(dir, 'run'), { recursive: true })
  const name = `${kind}-${pid}-${randomUUID().replace(/-/g, '').slice(0, 12)}`
  writeFileSync(join(dir, 'run', name), processStartOf(pid))
}

/** A pid no process has (the kernel's limit is far below). */
const DEAD_PID = 2 ** 30 - 3

function leftovers(dir: string): string[] {
  mkdirSync(join(dir, 'backups'), { recursive: true })
  mkdirSync(join(dir, 'secrets'), { recursive: true })
  const files = [
    join(dir, '.config.json.0123456789ab.tmp'),
    join(dir, 'config.json.tmp-1234567890abcdef'),
    join(dir, '.secrets.json.abcdefabcdef.tmp'),
    join(dir, 'secret.key.0a1b2c3d4e5f.tmp'),
    join(dir, 'backups', '.config.0123456789ab.tmp'),
    join(dir, 'secrets', '.s-abc.json.0123456789ab.tmp'),
  ]
  for (const file of files) writeFileSync(file, 'partial')
  return files
}

describe('startHousekeeping', () => {
  it('removes every temp file a killed writer left when no other process uses the folder', async () => {
    const { dir, store, secrets } = setup()
    expect((await importDocument(sampleDocument(), { store, secrets })).ok).toBe(true)
    const temps = leftovers(dir)
    const lockTemp = join(dir, `.config.json.lock.${DEAD_PID}-${randomUUID()}.tmp`)
    writeFileSync(lockTemp, '{}')
    mark(dir, 'process', DEAD_PID)

    const started = await startHousekeeping({ dataDir: dir, store, secrets })
    started.close()
    expect(started.removedTempFiles.sort()).toEqual([...temps, lockTemp].sort())
    for (const file of [...temps, lockTemp]) expect(existsSync(file)).toBe(false)
    // What is not a temp file stays; the dead process's marker is gone.
    expect(store.load().status).toBe('loaded')
    expect(await secrets.list()).toHaveLength(2)
    expect(readdirSync(join(dir, 'run'))).toEqual([])
  })

  it('keeps young temp files while another process uses the folder, removes old ones', async () => {
    const { dir, store, secrets } = setup()
    mark(dir, 'process', otherProcess())
    const young = join(dir, '.config.json.0123456789ab.tmp')
    const old = join(dir, 'config.json.tmp-1234567890abcdef')
    const deadLock = join(dir, `.config.json.lock.${DEAD_PID}-${randomUUID()}.tmp`)
    for (const file of [young, old, deadLock]) writeFileSync(file, 'x')
    const past = new Date(Date.now() - 5 * 60_000)
    utimesSync(old, past, past)

    const started = await startHousekeeping({ dataDir: dir, store, secrets })
    started.close()
    expect(existsSync(young)).toBe(true)
    expect(existsSync(old)).toBe(false)
    // A lock's temp file names its process: that one is gone, so is the file.
    expect(existsSync(deadLock)).toBe(false)
  })

  it.runIf(posix)('makes a backups folder of an older build private (0700)', async () => {
    const { dir, store, secrets } = setup()
    mkdirSync(join(dir, 'backups'), { mode: 0o755 })
    chmodSync(join(dir, 'backups'), 0o755)
    ;(await startHousekeeping({ dataDir: dir, store, secrets })).close()
    expect(statSync(join(dir, 'backups')).mode & 0o777).toBe(0o700)
  })

  it('collects orphans at start, keeping what the store, a backup or a moved-aside file names', async () => {
    const { dir, store, secrets } = setup()
    const first = await importDocument(sampleDocument('one', 'first-pw'), { store, secrets })
    const second = await importDocument(sampleDocument('two', 'second-pw'), { store, secrets })
    if (!first.ok || !second.ok) throw new Error('import failed')
    const orphan = await secrets.set('left by a killed import')
    const aside = await secrets.set('named by a corrupt file')
    writeFileSync(join(dir, 'config.corrupt-2025.json'), `{"x": {"ref": "${aside}"`)

    const started = await startHousekeeping({ dataDir: dir, store, secrets })
    started.close()
    expect(started.collected).toMatchObject({ removed: [orphan], skipped: false })
    // Both documents' secrets stay: the store names the second's, the backup the first's.
    expect(await secrets.list()).toHaveLength(5)
    expect(await secrets.get(aside)).toBe('named by a corrupt file')
  })

  it('collects nothing while another process imports; a killed importer does not block it', async () => {
    const { dir, store, secrets } = setup()
    const orphan = await secrets.set('made by an import still running')
    const importer = otherProcess()
    mark(dir, 'import', importer)
    const during = await startHousekeeping({ dataDir: dir, store, secrets })
    during.close()
    expect(during.collected.skipped).toBe(true)
    expect(during.collected.problems.join()).toMatch(/an import is running/)
    expect(await secrets.get(orphan)).toBeDefined()

    children.find((c) => c.pid === importer)!.kill('SIGKILL')
    await new Promise((done) => children.find((c) => c.pid === importer)!.once('exit', done))
    const after = await startHousekeeping({ dataDir: dir, store, secrets })
    after.close()
    expect(after.collected.removed).toEqual([orphan])
  })
})
