// History by id or name (issue 7, "History by id returns nothing"): hosts whose id is not their
// name, a rename, lines written before the id was recorded, and the core's own lookup.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HistoryEntry } from '../../../../src-main/common/api'
import type { TopologyDocument } from '../../../../src-main/common/document'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import {
  createHistoryLog,
  historyQuery,
  type HistoryLog,
} from '../../../../src-main/core/fencing/historyLog'

let dir: string
let log: HistoryLog

/** Two hosts whose ids are not their names; `b7`'s name looks like the other's id. */
function lab(): TopologyDocument {
  const host = (id: string, name: string, address: string) => ({
    id,
    name,
    address,
    cluster: 'ca',
    status: 'up' as const,
    canProxy: true,
    powerManagement: {
      enabled: true,
      proxyPreferences: ['engine'],
      devices: [{ id: 'bmc', type: 'sim', order: 1, params: { bmc: `${id}-bmc` } }],
    },
  })
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    dataCenters: [{ id: 'dc1', name: 'Default' }],
    clusters: [{ id: 'ca', name: 'cluster-a', dataCenter: 'dc1' }],
    hosts: [host('a2', 'a2.lab.example', '192.0.2.12'), host('b7', 'b7.lab.example', '192.0.2.17')],
    proxies: [],
  }
}

function entry(host: string, hostId: string | undefined, runId: string): HistoryEntry {
  return {
    host,
    ...(hostId === undefined ? {} : { hostId }),
    action: 'status',
    result: 'ok',
    power: 'on',
    attempts: [],
    at: '2026-11-27T12:00:00.000Z',
    runId,
    dryRun: false,
  }
}

const runIds = (entries: HistoryEntry[]) => entries.map((e) => e.runId)

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fencepost-history-'))
  log = createHistoryLog(join(dir, 'history.jsonl'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('history by id or name', () => {
  it('finds a host by its id and by its name, the same entries either way', () => {
    log.append(entry('a2.lab.example', 'a2', 'r1'))
    log.append(entry('b7.lab.example', 'b7', 'r2'))
    log.append(entry('a2.lab.example', 'a2', 'r3'))
    const doc = lab()
    const byId = log.read(historyQuery(doc, 'a2'))
    const byName = log.read(historyQuery(doc, 'a2.lab.example'))
    expect(runIds(byId)).toEqual(['r3', 'r1'])
    expect(byName).toEqual(byId)
    expect(runIds(log.read(historyQuery(doc, 'b7')))).toEqual(['r2'])
    expect(runIds(log.read())).toEqual(['r3', 'r2', 'r1'])
  })

  it('follows a renamed host through its id', () => {
    log.append(entry('a2.lab.example', 'a2', 'before'))
    const doc = lab()
    doc.hosts[0]!.name = 'a2-new.lab.example'
    log.append(entry('a2-new.lab.example', 'a2', 'after'))
    expect(runIds(log.read(historyQuery(doc, 'a2-new.lab.example')))).toEqual(['after', 'before'])
    expect(runIds(log.read(historyQuery(doc, 'a2')))).toEqual(['after', 'before'])
    // The old name is no host of the document any more: what was recorded under it is found.
    expect(runIds(log.read(historyQuery(doc, 'a2.lab.example')))).toEqual(['before'])
  })

  it('reads lines written before the id was recorded, by the host name', () => {
    log.append(entry('a2.lab.example', undefined, 'old'))
    log.append(entry('a2.lab.example', 'a2', 'new'))
    const doc = lab()
    expect(runIds(log.read(historyQuery(doc, 'a2')))).toEqual(['new', 'old'])
    expect(runIds(log.read(historyQuery(doc, 'a2.lab.example')))).toEqual(['new', 'old'])
    expect(log.read(historyQuery(doc, 'b7'))).toEqual([])
  })

  it("does not mix up a host whose name is another host's id", () => {
    const doc = lab()
    doc.hosts[1]!.name = 'a2x'
    doc.hosts[0]!.name = 'b7'
    log.append(entry('b7', 'a2', 'of-a2'))
    log.append(entry('a2x', 'b7', 'of-b7'))
    // `b7` is an id first (as the CLI's HOST is), so it is the host with id b7.
    expect(runIds(log.read(historyQuery(doc, 'b7')))).toEqual(['of-b7'])
    expect(runIds(log.read(historyQuery(doc, 'a2')))).toEqual(['of-a2'])
  })

  it('without a document, matches the id or the name an entry holds', () => {
    log.append(entry('a2.lab.example', 'a2', 'r1'))
    expect(runIds(log.read(historyQuery(undefined, 'a2')))).toEqual(['r1'])
    expect(runIds(log.read(historyQuery(undefined, 'a2.lab.example')))).toEqual(['r1'])
    expect(log.read(historyQuery(undefined, 'nope'))).toEqual([])
  })

  it('skips damaged lines and lines that are no entry', () => {
    log.append(entry('a2.lab.example', 'a2', 'r1'))
    appendFileSync(join(dir, 'history.jsonl'), '{"host":"a2.lab.exa\n42\n{"nothing":1}\n')
    log.append(entry('a2.lab.example', 'a2', 'r2'))
    expect(runIds(log.read())).toEqual(['r2', 'r1'])
  })
})

describe('the core records the id and looks up by either', () => {
  it('fencing.history(id) and fencing.history(name) find the action run by name', async () => {
    const core = await createNodeCore({ dataDir: dir, env: {} })
    try {
      const imported = await core.importDocument(lab())
      expect(imported.ok).toBe(true)
      const result = await core.api.fencing.run({
        host: 'a2.lab.example',
        action: 'status',
        dryRun: false,
      })
      expect(result.result).toBe('ok')
      const line = JSON.parse(readFileSync(join(dir, 'history.jsonl'), 'utf8').trim())
      expect(line).toMatchObject({ host: 'a2.lab.example', hostId: 'a2' })
      const byId = await core.api.fencing.history('a2')
      const byName = await core.api.fencing.history('a2.lab.example')
      expect(byId).toHaveLength(1)
      expect(byName).toEqual(byId)
      expect(await core.api.fencing.history('b7')).toEqual([])
    } finally {
      await core.close()
    }
  })
})
