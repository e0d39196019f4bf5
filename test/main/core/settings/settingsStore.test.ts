import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../../src-main/common/settings'
import {
  InvalidSettingsError,
  createSettingsStore,
} from '../../../../src-main/core/settings/settingsStore'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fencepost-settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('settings store', () => {
  it('gives defaults on a new install and keeps what was saved', () => {
    const store = createSettingsStore(join(dir, 'settings.json'))
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    const saved = store.set({
      ssh: { user: 'fence', port: 2222, identityFile: '~/.ssh/lab', agent: true },
      fencing: { agentTimeoutMs: 20_000, verifyRetries: 3, verifyDelayMs: 500, hedgeAfterMs: 800 },
    })
    expect(createSettingsStore(join(dir, 'settings.json')).get()).toEqual(saved)
  })

  it('rejects bad settings naming every bad field, and writes nothing', () => {
    const store = createSettingsStore(join(dir, 'settings.json'))
    store.set(DEFAULT_SETTINGS)
    const before = readFileSync(join(dir, 'settings.json'), 'utf8')
    let error: unknown
    try {
      store.set({
        ssh: { user: '', port: 70000, agent: false },
        fencing: { agentTimeoutMs: 5, verifyRetries: 1, verifyDelayMs: 1, hedgeAfterMs: 20 },
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InvalidSettingsError)
    expect((error as InvalidSettingsError).issues.map((i) => i.path)).toEqual([
      'ssh.user',
      'ssh.port',
      'fencing.agentTimeoutMs',
      'fencing.hedgeAfterMs',
    ])
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before)
  })

  it('reads a file from before the hedge setting with its default, and names a bad one', () => {
    const file = join(dir, 'settings.json')
    writeFileSync(
      file,
      JSON.stringify({ fencing: { agentTimeoutMs: 20_000, verifyRetries: 3, verifyDelayMs: 500 } }),
    )
    expect(createSettingsStore(file).get().fencing.hedgeAfterMs).toBe(1_500)
    const store = createSettingsStore(file)
    expect(() =>
      store.set({
        ...DEFAULT_SETTINGS,
        fencing: { ...DEFAULT_SETTINGS.fencing, hedgeAfterMs: 1.5 },
      }),
    ).toThrow(/fencing\.hedgeAfterMs/)
    expect(() =>
      store.set({
        ...DEFAULT_SETTINGS,
        fencing: { ...DEFAULT_SETTINGS.fencing, hedgeAfterMs: 120_000 },
      }),
    ).toThrow(/fencing\.hedgeAfterMs: at most 60 s/)
  })

  it('reads and takes settings from before the budget limit with its default', () => {
    const file = join(dir, 'settings.json')
    const before = {
      ssh: { user: 'fence', port: 22, agent: false },
      fencing: { agentTimeoutMs: 20_000, verifyRetries: 3, verifyDelayMs: 500, hedgeAfterMs: 800 },
    }
    writeFileSync(file, JSON.stringify(before))
    const store = createSettingsStore(file)
    expect(store.get().fencing).toEqual({ ...before.fencing, budgetLimitMs: 600_000 })
    expect(store.problem()).toBeUndefined()
    expect(store.set(before).fencing.budgetLimitMs).toBe(600_000)
    expect(() =>
      store.set({ ...before, fencing: { ...before.fencing, budgetLimitMs: 10 } }),
    ).toThrow(/fencing\.budgetLimitMs: at least 1 s/)
  })

  it('reports a damaged file and falls back to defaults without overwriting it', () => {
    writeFileSync(join(dir, 'settings.json'), '{ not json')
    const store = createSettingsStore(join(dir, 'settings.json'))
    expect(store.get()).toEqual(DEFAULT_SETTINGS)
    expect(store.problem()).toMatch(/not readable JSON/)
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{ not json')
  })
})
