import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import { createConfBackend } from '../../../../src-main/core/persistence/confBackend'
import { createDocumentStore } from '../../../../src-main/core/persistence/documentStore'
import { validateDocument } from '../../../../src-main/core/validation/validateDocument'
import {
  exactJsonText,
  memoizeValidation,
} from '../../../../src-main/core/validation/validationMemo'
import { tempDir } from '../persistence/fixtures/tempDir'
import { validDocument, type LooseDocument } from './fixtures'

/** A memoized validateDocument and a count of the real validations. */
function counted() {
  const real = vi.fn((input: unknown) => validateDocument(input))
  return { real, validate: memoizeValidation(real) }
}

describe('memoizeValidation', () => {
  it('validates an equal input once and answers with a copy each time', () => {
    const { real, validate } = counted()
    const first = validate(validDocument())
    const again = validate(validDocument())
    expect(real).toHaveBeenCalledTimes(1)
    expect(validate.hits).toBe(1)
    expect(again).toEqual(first)
    expect(again).toEqual(validateDocument(validDocument()))
    // A caller that edits its answer changes nobody else's.
    if (!again.ok) throw new Error('expected a valid document')
    again.document.engine.name = 'edited'
    const third = validate(validDocument())
    expect(third.ok && third.document.engine.name).toBe('engine')
    expect(third).not.toBe(again)
  })

  it('validates again when the input changed, and remembers the old one beside it', () => {
    const { real, validate } = counted()
    expect(validate(validDocument()).ok).toBe(true)
    const broken = validDocument()
    broken.hosts[0].address = 'not an address!'
    const result = validate(broken)
    expect(real).toHaveBeenCalledTimes(2)
    expect(result.ok).toBe(false)
    expect(result).toEqual(validateDocument(broken))
    expect(validate(validDocument()).ok).toBe(true)
    expect(real).toHaveBeenCalledTimes(2)
  })

  it('does not remember inputs that JSON text does not describe exactly', () => {
    const { real, validate } = counted()
    const withUndefined = { ...validDocument(), proxies: undefined }
    validate(withUndefined)
    validate(withUndefined)
    expect(real).toHaveBeenCalledTimes(2)
    expect(exactJsonText({ a: Number.NaN })).toBeUndefined()
    expect(exactJsonText({ a: new Date(0) })).toBeUndefined()
    const holey: number[] = [1]
    holey[2] = 3
    expect(exactJsonText(holey)).toBeUndefined()
    expect(exactJsonText({ a: [1, 'x', null, { b: true }] })).toBe('{"a":[1,"x",null,{"b":true}]}')
  })

  it('keeps only the last few inputs', () => {
    const { real, validate } = counted()
    const named = (n: number) => ({
      ...validDocument(),
      engine: { ...validDocument().engine, name: `e${n}` },
    })
    for (let n = 0; n < 6; n++) validate(named(n))
    validate(named(0))
    expect(real).toHaveBeenCalledTimes(7)
    validate(named(5))
    expect(real).toHaveBeenCalledTimes(7)
  })
})

describe('a document store with a memoized validator', () => {
  it('loads a validated file once, and the new document when the file changed elsewhere', () => {
    const dir = tempDir()
    const { real, validate } = counted()
    const store = createDocumentStore({
      backend: createConfBackend({ cwd: dir, configName: 'config' }),
      validate,
    })
    const saved = store.save(validDocument())
    expect(saved.ok).toBe(true)
    expect(store.load().document?.engine.name).toBe('engine')
    expect(store.load().document?.engine.name).toBe('engine')
    expect(real).toHaveBeenCalledTimes(1)

    // Another process writes the file (same revision even): the next load sees its document.
    const file = JSON.parse(readFileSync(store.path, 'utf8')) as {
      topology: { engine: { name: string } }
    }
    file.topology.engine.name = 'renamed-elsewhere'
    writeFileSync(store.path, JSON.stringify(file))
    const loaded = store.load()
    expect(real).toHaveBeenCalledTimes(2)
    expect(loaded.status).toBe('loaded')
    expect(loaded.document?.engine.name).toBe('renamed-elsewhere')

    // And an edit saved through the store is what the next load returns.
    const next = validDocument()
    next.engine.name = 'saved-again'
    expect(store.save(next).ok).toBe(true)
    expect(store.load().document?.engine.name).toBe('saved-again')
  })
})

describe('exactJsonText', () => {
  it('answers undefined for a cyclic input, and the text for shared parts', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    expect(exactJsonText(cyclic)).toBeUndefined()
    const shared = { x: 1 }
    expect(exactJsonText({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}')
  })
})

describe('the core with its validation memo', () => {
  it('answers load and validate from the memo, and follows every change of the store', async () => {
    const dataDir = tempDir()
    const core = await createNodeCore({ dataDir, keyring: null, env: {} })
    try {
      const doc = validDocument()
      expect((await core.api.topology.save(doc)).ok).toBe(true)
      const loaded = await core.api.topology.load()
      expect(loaded.origin).toBe('store')
      expect((await core.api.topology.validate(loaded.document)).ok).toBe(true)

      // An invalid edit is reported, not answered from the memo of the valid one.
      const broken = structuredClone(loaded.document) as LooseDocument
      broken.hosts[0].cluster = 'no-such-cluster'
      const checked = await core.api.topology.validate(broken)
      expect(checked.ok).toBe(false)

      // Another process rewrites the store: the next load returns its document.
      const file = JSON.parse(readFileSync(core.storeFile, 'utf8')) as {
        revision: number
        topology: { engine: { name: string } }
      }
      file.topology.engine.name = 'written-elsewhere'
      file.revision += 1
      writeFileSync(core.storeFile, JSON.stringify(file))
      const again = await core.api.topology.load()
      expect(again.document.engine.name).toBe('written-elsewhere')
      expect(again.revision).toBe(file.revision)
    } finally {
      await core.close()
    }
  })
})
