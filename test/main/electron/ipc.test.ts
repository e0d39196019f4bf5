// IPC registration and the way an outcome crosses to the renderer: registered handler → preload
// (with the stand-in electron module) → the renderer bridge's reviver.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  API_METHODS,
  EXPORT_SECRETS_CONFIRMATION,
  FENCING_EVENT_CHANNEL,
  MENU_COMMAND_CHANNEL,
  TOPOLOGY_CHANGED_CHANNEL,
  channelOf,
} from '../../../src-main/common/api'
import type { ApiDomain, FencepostApi } from '../../../src-main/common/api'
import { ApiError, isApiError } from '../../../src-main/common/errors'
import { withRevivedApiErrors } from '../../../src-main/common/ipcResult'
import type { IpcResult } from '../../../src-main/common/ipcResult'
import {
  REFUSED_SENDER,
  SECRETS_STAY_IN_MAIN,
  apiChannels,
  registerApiHandlers,
} from '../../../src-main/electron/ipc'
import * as fake from './fakeElectron'

vi.mock('electron', () => import('./fakeElectron'))

type Calls = { domain: string; method: string; args: unknown[] }[]

/** An API whose every method records its call and answers what `answer` says. */
function recordingApi(calls: Calls, answer: (method: string) => unknown): FencepostApi {
  const api: Record<string, Record<string, unknown>> = {}
  for (const domain of Object.keys(API_METHODS) as ApiDomain[]) {
    api[domain] = {}
    for (const method of API_METHODS[domain] as readonly string[]) {
      api[domain]![method] = async (...args: unknown[]) => {
        calls.push({ domain, method, args })
        const result = answer(method)
        if (result instanceof Error) throw result
        return result
      }
    }
  }
  return api as unknown as FencepostApi
}

const allowed = { sender: 'own', senderFrame: null }

function handlerOf(channel: string): (event: unknown, ...args: unknown[]) => Promise<IpcResult> {
  const found = fake.ipcMain.handled.find((h) => h.channel === channel)
  if (!found) throw new Error(`no handler for ${channel}`)
  return found.handler as (event: unknown, ...args: unknown[]) => Promise<IpcResult>
}

beforeEach(() => fake.resetFakeElectron())

describe('IPC registration', () => {
  it('registers every API_METHODS entry under channelOf, once, and nothing else', () => {
    registerApiHandlers(
      fake.ipcMain as never,
      recordingApi([], () => 1),
      () => true,
    )
    const expected = (Object.keys(API_METHODS) as ApiDomain[]).flatMap((d) =>
      API_METHODS[d].map((m) => channelOf(d, m)),
    )
    const channels = fake.ipcMain.handled.map((h) => h.channel)
    expect(channels).toEqual(expected)
    expect(new Set(channels).size).toBe(channels.length)
    expect(apiChannels()).toEqual(expected)
    expect(channels).toContain('settings:forgetHost')
  })

  it('a refused sender reaches nothing in the core', async () => {
    const calls: Calls = []
    const events: unknown[] = []
    registerApiHandlers(
      fake.ipcMain as never,
      recordingApi(calls, () => 'x'),
      (event) => {
        events.push(event)
        return false
      },
    )
    const result = await handlerOf('fencing:run')(allowed, {
      host: 'h1',
      action: 'off',
      dryRun: false,
    })
    expect(result).toEqual({ ok: false, error: { message: REFUSED_SENDER } })
    expect(calls).toEqual([])
    expect(events).toEqual([allowed])
  })

  it('checks arguments before the core and names the bad one (bad-arguments)', async () => {
    const calls: Calls = []
    registerApiHandlers(
      fake.ipcMain as never,
      recordingApi(calls, () => 'x'),
      () => true,
    )
    const result = await handlerOf('fencing:run')(allowed, {
      host: 'h1',
      action: 'explode',
      dryRun: false,
    })
    expect(result.ok).toBe(false)
    const error = (result as { error: { apiError: { code: string; message: string } } }).error
    expect(error.apiError.code).toBe('bad-arguments')
    expect(error.apiError.message).toMatch(/fencing\.run: bad arguments \(argument 0\.action\)/)
    expect(calls).toEqual([])
  })

  it('passes checked arguments to the core and answers its value', async () => {
    const calls: Calls = []
    registerApiHandlers(
      fake.ipcMain as never,
      recordingApi(calls, () => ['entry']),
      () => true,
    )
    expect(await handlerOf('fencing:history')(allowed, 'h2')).toEqual({
      ok: true,
      value: ['entry'],
    })
    expect(calls).toEqual([{ domain: 'fencing', method: 'history', args: ['h2'] }])
  })

  it('an ApiError keeps its code and details; another error only its message', async () => {
    const busy = new ApiError('busy', 'h1 is busy: off by fencepost (pid 42)', { pid: 42 })
    registerApiHandlers(
      fake.ipcMain as never,
      recordingApi([], (method) => (method === 'run' ? busy : new TypeError('boom'))),
      () => true,
    )
    expect(
      await handlerOf('fencing:run')(allowed, { host: 'h1', action: 'off', dryRun: false }),
    ).toEqual({
      ok: false,
      error: {
        apiError: { name: 'ApiError', code: 'busy', message: busy.message, details: { pid: 42 } },
      },
    })
    expect(await handlerOf('plugins:list')(allowed)).toEqual({
      ok: false,
      error: { message: 'boom' },
    })
  })
})

describe('preload', () => {
  async function loadPreload(
    calls: Calls,
    answer: (method: string) => unknown,
  ): Promise<FencepostApi> {
    // A fresh preload; `electron` is the stand-in it imports (the mock outlives resetModules).
    vi.resetModules()
    const electron = (await import('electron')) as unknown as typeof fake
    electron.resetFakeElectron()
    registerApiHandlers(electron.ipcMain as never, recordingApi(calls, answer), () => true)
    // invoke → the registered handler, as Electron routes it.
    electron.ipcRenderer.invoke.mockImplementation((...args: unknown[]) => {
      const [channel, ...rest] = args as [string, ...unknown[]]
      const found = electron.ipcMain.handled.find((h) => h.channel === channel)
      if (!found) return Promise.reject(new Error(`No handler registered for '${channel}'`))
      return Promise.resolve(found.handler(allowed, ...rest))
    })
    await import('../../../src-main/preload/index')
    const exposed = electron.contextBridge.exposed.get('fencepost')
    expect(exposed).toBeDefined()
    return exposed as FencepostApi
  }

  it('exposes one object per API domain with every listed method', async () => {
    const api = await loadPreload([], () => 1)
    expect(Object.keys(api).sort()).toEqual(Object.keys(API_METHODS).sort())
    for (const domain of Object.keys(API_METHODS) as ApiDomain[]) {
      for (const method of API_METHODS[domain] as readonly string[]) {
        expect(typeof (api[domain] as unknown as Record<string, unknown>)[method], method).toBe(
          'function',
        )
      }
    }
    expect(typeof api.fencing.onEvent).toBe('function')
    expect(typeof api.shell.onMenuCommand).toBe('function')
  })

  it('push events reach their subscribers until they unsubscribe', async () => {
    const api = await loadPreload([], () => 1)
    const electron = (await import('electron')) as unknown as typeof fake
    const got: unknown[] = []
    const off = [
      api.fencing.onEvent((e) => got.push(['fencing', e])),
      api.shell.onMenuCommand((c) => got.push(['menu', c])),
      api.topology.onChanged((e) => got.push(['topology', e])),
    ]
    electron.ipcRenderer.emit(
      FENCING_EVENT_CHANNEL,
      {},
      { kind: 'message', runId: 'r', text: 'hi' },
    )
    electron.ipcRenderer.emit(MENU_COMMAND_CHANNEL, {}, 'save')
    electron.ipcRenderer.emit(TOPOLOGY_CHANGED_CHANNEL, {}, { revision: 3 })
    off.forEach((unsubscribe) => unsubscribe())
    electron.ipcRenderer.emit(MENU_COMMAND_CHANNEL, {}, 'undo')
    expect(got).toEqual([
      ['fencing', { kind: 'message', runId: 'r', text: 'hi' }],
      ['menu', 'save'],
      ['topology', { revision: 3 }],
    ])
  })

  it('resolves with the value; an ApiError arrives as data the bridge turns back into an ApiError', async () => {
    const calls: Calls = []
    const api = await loadPreload(calls, (method) =>
      method === 'save'
        ? new ApiError('changed-elsewhere', 'the store moved on', { revision: 9 })
        : method === 'list'
          ? new Error('disk full')
          : { loaded: true },
    )
    await expect(api.topology.load()).resolves.toEqual({ loaded: true })
    // What crosses the contextBridge: plain data (an Error would lose code and details there).
    const raw = await api.topology.save({ version: 1 }).catch((e: unknown) => e)
    expect(raw).not.toBeInstanceOf(Error)
    expect(isApiError(raw)).toBe(true)
    const bridged = withRevivedApiErrors(api)
    const revived = await bridged.topology.save({ version: 1 }).catch((e: unknown) => e)
    expect(revived).toBeInstanceOf(ApiError)
    expect(revived).toMatchObject({ code: 'changed-elsewhere', details: { revision: 9 } })
    const plain = await bridged.plugins.list().catch((e: unknown) => e)
    expect(plain).toBeInstanceOf(Error)
    expect((plain as Error).message).toBe('disk full')
    expect(calls.map((c) => c.method)).toEqual(['load', 'save', 'save', 'list'])
  })
})

describe('secrets stay in the main process', () => {
  it('refuses an export with secrets asked for by the page, and still serves one without', async () => {
    const calls: Calls = []
    registerApiHandlers(
      fake.ipcMain as never,
      recordingApi(calls, () => '{}'),
      () => true,
    )
    const exportText = handlerOf(channelOf('topology', 'exportText'))
    const refused = await exportText(allowed, {
      includeSecrets: true,
      confirm: EXPORT_SECRETS_CONFIRMATION,
    })
    expect(refused.ok).toBe(false)
    expect(JSON.stringify(refused)).toContain(SECRETS_STAY_IN_MAIN)
    expect(calls).toEqual([])
    expect(await exportText(allowed)).toEqual({ ok: true, value: '{}' })
    expect(calls).toHaveLength(1)
  })
})
