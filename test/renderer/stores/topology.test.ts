import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import { setServices } from '../../../src-renderer/src/services'
import { useTopologyStore, VALIDATE_DELAY_MS } from '../../../src-renderer/src/stores/topology'
import { servicesOf, startCore } from '../support/coreApi'
import type { TestCore } from '../support/coreApi'
import { sampleDocument } from '../support/sampleLab'

let lab: TestCore

beforeEach(async () => {
  lab = await startCore()
  setServices(servicesOf(lab))
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
    expect(store.file).toBe(lab.core.storeFile)
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
    expect(lab.stored().document?.hosts[1]?.status).toBe('down')
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
    expect(lab.stored().document?.hosts[0]?.address).toBe('a1.lab.example')
  })

  it('validates with the core shortly after an edit', async () => {
    const store = await loaded()
    await vi.waitFor(() => expect(store.validating).toBe(false))
    const before = lab.count('topology.validate')
    store.edit('Bad port', (doc) => (doc.hosts[0]!.ssh = { port: 70000 }))
    store.edit('Bad port', (doc) => (doc.hosts[0]!.ssh = { port: 70001 }))
    // Not at once: after a quiet time.
    expect(lab.count('topology.validate')).toBe(before)
    await new Promise((resolve) => setTimeout(resolve, VALIDATE_DELAY_MS + 10))
    await vi.waitFor(() =>
      expect(store.issuesAt('hosts[0].ssh.port')[0]?.message).toMatch(/port out of range/),
    )
    // The quick edits are validated once, as they ended: the in-between state never is.
    const ports = lab
      .argsOf('topology.validate')
      .slice(before)
      .map((args) => (args[0] as TopologyDocument).hosts[0]?.ssh?.port)
    expect(ports).toContain(70001)
    expect(ports).not.toContain(70000)
  })

  it('validates a burst of edits once, after it ended, and a load once it is on screen', async () => {
    const store = useTopologyStore()
    const loading = store.load()
    await loading
    // Not in the load itself: serialising a big lab would hold back its first frame.
    const atLoad = lab.count('topology.validate')
    await vi.waitFor(() => expect(lab.count('topology.validate')).toBe(atLoad + 1))
    await vi.waitFor(() => expect(store.validating).toBe(false))
    const before = lab.count('topology.validate')
    for (let port = 1; port <= 6; port++)
      store.edit('Port', (doc) => (doc.hosts[0]!.ssh = { port: 70000 + port }), { coalesce: 'p' })
    expect(lab.count('topology.validate')).toBe(before)
    await vi.waitFor(() =>
      expect(store.issuesAt('hosts[0].ssh.port')[0]?.message).toMatch(/port out of range/),
    )
    await new Promise((resolve) => setTimeout(resolve, VALIDATE_DELAY_MS + 50))
    expect(lab.count('topology.validate')).toBe(before + 1)
  })

  it('undoes by writing only what differs: untouched parts stay the same objects', async () => {
    const store = await loaded()
    const clean = store.json
    const untouched = store.document!.hosts[1]
    store.edit('Rename', (doc) => (doc.hosts[0]!.name = 'x'))
    // A key deleted and brought back would move to the end of its object; the JSON must not.
    store.edit('No ssh', (doc) => delete doc.hosts[0]!.ssh)
    store.edit('Drop host', (doc) => doc.hosts.splice(2, 1))
    store.undo()
    store.undo()
    store.undo()
    expect(store.document!.hosts[1]).toBe(untouched)
    expect(store.json).toBe(clean)
    expect(JSON.stringify(store.document)).toBe(clean)
    expect(store.dirty).toBe(false)
    store.redo()
    expect(store.document!.hosts[0]!.name).toBe('x')
    expect(store.document!.hosts[1]).toBe(untouched)
  })

  it('sends plain JSON, never reactive proxies', async () => {
    const store = await loaded()
    store.edit('x', (doc) => (doc.hosts[0]!.name = 'q'))
    await store.save()
    const sent = lab.argsOf('topology.save')[0]?.[0]
    expect(sent).toEqual(JSON.parse(store.json))
  })

  it('saves on the revision it loaded, then on the one each save returned', async () => {
    const store = await loaded()
    // The test lab was saved once before the window opened.
    expect(store.storeRevision).toBe(1)
    store.edit('x', (doc) => (doc.hosts[0]!.name = 'q'))
    expect(await store.save()).toBe(true)
    store.edit('y', (doc) => (doc.hosts[0]!.name = 'r'))
    expect(await store.save()).toBe(true)
    expect(lab.argsOf('topology.save').map((args) => args[1])).toEqual([1, 2])
    expect(store.storeRevision).toBe(3)
    expect(await store.importText(JSON.stringify(sampleDocument()))).toEqual([])
    expect(lab.argsOf('topology.importText')[0]?.[1]).toBe(3)
    expect(store.storeRevision).toBe(4)
    expect(lab.stored().revision).toBe(4)
  })

  it('shows a save refused as changed elsewhere, and keeps the edits', async () => {
    const store = await loaded()
    // Another window saves meanwhile: the core refuses this one's save on the old revision.
    const theirs = sampleDocument()
    theirs.hosts[2]!.status = 'up'
    expect(await lab.saveElsewhere(theirs)).toBe(2)
    store.edit('x', (doc) => (doc.hosts[0]!.name = 'q'))
    await expect(store.save()).rejects.toThrow(
      /^the topology was changed elsewhere \(revision 2, you edited 1\)$/,
    )
    expect(store.saveError).toMatch(/changed elsewhere \(revision 2, you edited 1\)/)
    expect(store.dirty).toBe(true)
    expect(store.document?.hosts[0]?.name).toBe('q')
    expect(store.storeRevision).toBe(1)
    expect(lab.stored().document?.hosts[0]?.name).toBe('a1')
    // The refusal tells the store it is stale (the shell then offers reload / compare / overwrite).
    expect(store.changedElsewhere).toBe(2)
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
