import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../src-main/common/errors'
import { setServices } from '../../../src-renderer/src/services'
import { useTopologyStore, VALIDATE_DELAY_MS } from '../../../src-renderer/src/stores/topology'
import { createFakeApi, fakeServices, sampleDocument } from '../fakeApi'
import type { FakeApi } from '../fakeApi'

let fake: FakeApi

beforeEach(() => {
  fake = createFakeApi()
  setServices(fakeServices(fake))
  setActivePinia(createPinia())
})

afterEach(() => {
  vi.useRealTimers()
})

async function loaded() {
  const store = useTopologyStore()
  await store.load()
  return store
}

describe('topology store', () => {
  it('loads the stored document clean, with the store file', async () => {
    const store = await loaded()
    expect(store.document?.hosts.map((h) => h.id)).toEqual(['a1', 'a2', 'a3'])
    expect(store.dirty).toBe(false)
    expect(store.file).toContain('topology.json')
    expect(store.canUndo).toBe(false)
  })

  it('marks the document dirty after an edit and clean again after undo', async () => {
    const store = await loaded()
    store.edit('Rename host', (doc) => (doc.hosts[0]!.name = 'a1-new'))
    expect(store.dirty).toBe(true)
    expect(store.undoLabel).toBe('Rename host')
    expect(store.undo()).toBe('Rename host')
    expect(store.document?.hosts[0]?.name).toBe('a1')
    expect(store.dirty).toBe(false)
  })

  it('redoes what was undone, and a new edit clears the redo stack', async () => {
    const store = await loaded()
    store.edit('Rename', (doc) => (doc.hosts[0]!.name = 'x'))
    store.edit('Status', (doc) => (doc.hosts[1]!.status = 'down'))
    store.undo()
    store.undo()
    expect(store.document?.hosts[1]?.status).toBe('up')
    store.redo()
    expect(store.document?.hosts[0]?.name).toBe('x')
    expect(store.document?.hosts[1]?.status).toBe('up')
    expect(store.canRedo).toBe(true)
    store.edit('Other', (doc) => (doc.hosts[2]!.name = 'z'))
    expect(store.canRedo).toBe(false)
  })

  it('merges quick edits of one field into one undo step', async () => {
    const store = await loaded()
    for (const name of ['a', 'ab', 'abc'])
      store.edit('Edit name', (doc) => (doc.hosts[0]!.name = name), { coalesce: 'hosts[0].name' })
    store.edit('Edit address', (doc) => (doc.hosts[0]!.address = 'x.lab'), {
      coalesce: 'hosts[0].address',
    })
    expect(store.undoStack).toHaveLength(2)
    store.undo()
    expect(store.document?.hosts[0]?.name).toBe('abc')
    store.undo()
    expect(store.document?.hosts[0]?.name).toBe('a1')
  })

  it('leaves no undo step for an edit that changes nothing', async () => {
    const store = await loaded()
    store.edit('Nothing', (doc) => (doc.hosts[0]!.name = 'a1'))
    expect(store.canUndo).toBe(false)
    expect(store.dirty).toBe(false)
  })

  it('saves: the store gets the document and the dirty flag clears', async () => {
    const store = await loaded()
    store.edit('Status', (doc) => (doc.hosts[1]!.status = 'down'))
    expect(await store.save()).toBe(true)
    expect(store.dirty).toBe(false)
    expect(fake.stored.document?.hosts[1]?.status).toBe('down')
    // Undo after a save is still possible and makes the document dirty again.
    store.undo()
    expect(store.dirty).toBe(true)
  })

  it('refuses to save an invalid document and lists the issues by path', async () => {
    const store = await loaded()
    store.edit('Bad address', (doc) => (doc.hosts[0]!.address = 'not an address!'))
    expect(await store.save()).toBe(false)
    expect(store.issuesAt('hosts[0].address')[0]?.message).toMatch(/IP address or FQDN/)
    expect(store.issuesUnder('hosts[0]')).toHaveLength(1)
    expect(store.dirty).toBe(true)
    expect(fake.stored.document?.hosts[0]?.address).toBe('a1.lab.example')
  })

  it('validates with the core shortly after an edit', async () => {
    vi.useFakeTimers()
    const store = await loaded()
    await vi.runAllTimersAsync()
    const before = fake.count('topology.validate')
    store.edit('Bad port', (doc) => (doc.hosts[0]!.ssh = { port: 70000 }))
    store.edit('Bad port', (doc) => (doc.hosts[0]!.ssh = { port: 70001 }))
    await vi.advanceTimersByTimeAsync(VALIDATE_DELAY_MS + 10)
    expect(fake.count('topology.validate')).toBe(before + 1)
    expect(store.issuesAt('hosts[0].ssh.port')[0]?.message).toMatch(/port out of range/)
  })

  it('sends plain JSON, never reactive proxies', async () => {
    const store = await loaded()
    store.edit('x', (doc) => (doc.hosts[0]!.name = 'q'))
    await store.save()
    const sent = fake.calls.find((c) => c.method === 'topology.save')?.args[0]
    expect(sent).toEqual(JSON.parse(store.json))
  })

  it('saves on the revision it loaded, then on the one each save returned', async () => {
    const store = await loaded()
    expect(store.storeRevision).toBe(7)
    store.edit('x', (doc) => (doc.hosts[0]!.name = 'q'))
    expect(await store.save()).toBe(true)
    store.edit('y', (doc) => (doc.hosts[0]!.name = 'r'))
    expect(await store.save()).toBe(true)
    const bases = fake.calls.filter((c) => c.method === 'topology.save').map((c) => c.args[1])
    expect(bases).toEqual([7, 8])
    expect(store.storeRevision).toBe(9)
    expect(await store.importText(JSON.stringify(sampleDocument()))).toEqual([])
    expect(fake.calls.find((c) => c.method === 'topology.importText')?.args[1]).toBe(9)
    expect(store.storeRevision).toBe(10)
  })

  it('shows a save refused as changed elsewhere, and keeps the edits', async () => {
    const store = await loaded()
    fake.api.topology.save = async () => {
      throw new ApiError(
        'changed-elsewhere',
        'the topology was changed elsewhere (revision 8, you edited 7)',
        { revision: 8 },
      )
    }
    store.edit('x', (doc) => (doc.hosts[0]!.name = 'q'))
    await expect(store.save()).rejects.toThrow(
      /^the topology was changed elsewhere \(revision 8, you edited 7\)$/,
    )
    expect(store.saveError).toMatch(/changed elsewhere \(revision 8, you edited 7\)/)
    expect(store.dirty).toBe(true)
    expect(store.document?.hosts[0]?.name).toBe('q')
    expect(store.storeRevision).toBe(7)
    // The refusal tells the store it is stale (the shell then offers reload / compare / overwrite).
    expect(store.changedElsewhere).toBe(8)
    expect(store.saving).toBe(false)
  })

  it('imports a document; undo brings back the one before', async () => {
    const store = await loaded()
    const other = sampleDocument()
    other.hosts = other.hosts.slice(0, 1)
    expect(await store.importText(JSON.stringify(other))).toEqual([])
    expect(store.document?.hosts).toHaveLength(1)
    expect(store.dirty).toBe(false)
    store.undo()
    expect(store.document?.hosts).toHaveLength(3)
  })

  it('reports import issues without touching the document', async () => {
    const store = await loaded()
    const issues = await store.importText('{"version": 2}')
    expect(issues.length).toBeGreaterThan(0)
    expect(store.document?.hosts).toHaveLength(3)
  })
})
