// The one dispatcher behind Electron IPC and browser mode: which names are methods, the argument
// check before the core, the transport's own refusal, and one mapping of the core's errors — and
// the same call answered alike over both transports.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_METHODS } from '../../../src-main/common/api'
import type { ApiDomain, FencepostApi } from '../../../src-main/common/api'
import { ApiError } from '../../../src-main/common/errors'
import type { IpcResult } from '../../../src-main/common/ipcResult'
import { PlanError } from '../../../src-main/common/planner/planHost'
import {
  allApiMethods,
  createApiDispatcher,
  findApiMethod,
} from '../../../src-main/core/apiDispatcher'
import { ActionRefused } from '../../../src-main/core/fencing/orchestrator'
import { registerApiHandlers } from '../../../src-main/electron/ipc'
import { startBrowserServer } from '../../../src-main/server/browserServer'
import type { BrowserServer } from '../../../src-main/server/browserServer'
import { callApi } from '../server/httpClient'

type Calls = { domain: string; method: string; args: unknown[] }[]

/** An API whose every method records its call and throws what `fail` gives, else answers 'ok'. */
function recordingApi(calls: Calls, fail: (method: string) => unknown = () => undefined) {
  const api: Record<string, Record<string, unknown>> = {}
  for (const domain of Object.keys(API_METHODS) as ApiDomain[]) {
    api[domain] = {}
    for (const method of API_METHODS[domain] as readonly string[]) {
      api[domain]![method] = async (...args: unknown[]) => {
        calls.push({ domain, method, args })
        const error = fail(method)
        if (error !== undefined) throw error
        return 'ok'
      }
    }
  }
  // What the browser server subscribes to.
  api.topology!.onChanged = () => () => {}
  api.fencing!.onEvent = () => () => {}
  return api as unknown as FencepostApi
}

const RUN = { domain: 'fencing', method: 'run' } as const
const OFF = { host: 'h1', action: 'off', dryRun: false }

describe('findApiMethod', () => {
  it('finds what API_METHODS lists and nothing inherited', () => {
    expect(findApiMethod('fencing', 'run')).toEqual(RUN)
    for (const [domain, method] of [
      ['fencing', 'explode'],
      ['nope', 'load'],
      ['__proto__', 'load'],
      ['topology', 'constructor'],
      ['topology', 'toString'],
      ['constructor', 'name'],
    ]) {
      expect(findApiMethod(domain!, method!), `${domain}.${method}`).toBeUndefined()
    }
    expect(allApiMethods()).toHaveLength(Object.values(API_METHODS).flat().length)
  })
})

describe('dispatch', () => {
  it('refuses bad arguments naming the argument, before the core', async () => {
    const calls: Calls = []
    const outcome = await createApiDispatcher(recordingApi(calls)).dispatch(RUN, [
      { ...OFF, action: 'explode' },
    ])
    expect(outcome.ok).toBe(false)
    const refusal = (outcome as { refusal: ApiError }).refusal
    expect(refusal).toBeInstanceOf(ApiError)
    expect(refusal.code).toBe('bad-arguments')
    expect(refusal.message).toMatch(/fencing\.run: bad arguments \(argument 0\.action\)/)
    expect(calls).toEqual([])
  })

  it("asks the transport's refusal with the checked arguments, before the core", async () => {
    const calls: Calls = []
    const asked: unknown[] = []
    const dispatcher = createApiDispatcher(recordingApi(calls), {
      refuse: (target, args) => {
        asked.push([target, args])
        return target.method === 'run' ? new ApiError('bad-arguments', 'not here') : undefined
      },
    })
    expect(await dispatcher.dispatch(RUN, [OFF])).toMatchObject({
      ok: false,
      refusal: { code: 'bad-arguments', message: 'not here' },
    })
    expect(calls).toEqual([])
    expect(await dispatcher.dispatch({ domain: 'fencing', method: 'history' }, ['h2'])).toEqual({
      ok: true,
      value: 'ok',
    })
    expect(calls).toEqual([{ domain: 'fencing', method: 'history', args: ['h2'] }])
    expect(asked).toEqual([
      [RUN, [OFF]],
      [{ domain: 'fencing', method: 'history' }, ['h2']],
    ])
  })

  it('maps the core errors once: refusals with a code, anything else a failure', async () => {
    const thrown: Record<string, unknown> = {
      run: new ActionRefused('h1 has no fence devices'),
      history: new ApiError('busy', 'h1 is busy', { pid: 7 }),
      reachability: new PlanError('no host "zz"', 'unknown-host', 'zz'),
      knownPower: new TypeError('boom'),
      test: 'a string',
    }
    const dispatcher = createApiDispatcher(recordingApi([], (method) => thrown[method]))
    const outcomeOf = (method: string, args: unknown[]) =>
      dispatcher.dispatch({ domain: 'fencing', method }, args)
    expect(await outcomeOf('run', [OFF])).toMatchObject({
      refusal: { code: 'refused', message: 'h1 has no fence devices' },
    })
    expect(await outcomeOf('history', [])).toMatchObject({
      refusal: { code: 'busy', details: { pid: 7 } },
    })
    expect(await outcomeOf('reachability', ['zz'])).toMatchObject({
      refusal: { code: 'not-found', message: 'no host "zz"' },
    })
    const failure = await outcomeOf('knownPower', [])
    expect(failure).toMatchObject({ ok: false, failure: { message: 'boom' } })
    expect('refusal' in failure).toBe(false)
    expect(await outcomeOf('test', ['h1'])).toMatchObject({ failure: { message: 'a string' } })
  })
})

describe('both transports, one dispatcher', () => {
  const thrown: Record<string, unknown> = {
    run: new ActionRefused('power management is not enabled for h1'),
    reachability: new PlanError('no host "zz"', 'unknown-host', 'zz'),
  }
  let server: BrowserServer
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<IpcResult>>()

  beforeAll(async () => {
    const api = recordingApi([], (method) => thrown[method])
    const staticDir = mkdtempSync(join(tmpdir(), 'fencepost-dispatch-'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Fencepost</title>')
    server = await startBrowserServer({ api, staticDir, token: 'T', log: () => {} })
    registerApiHandlers(
      { handle: (channel, handler) => void handlers.set(channel, handler as never) },
      api,
      () => true,
    )
  })
  afterAll(() => server.close())

  it('answers a bad call, a refused action and an unknown host with the same code and message', async () => {
    for (const [method, args] of [
      ['run', [{ ...OFF, action: 'explode' }]],
      ['run', [OFF]],
      ['reachability', ['zz']],
    ] as const) {
      const ipc = await handlers.get(`fencing:${method}`)!({}, ...args)
      const http = JSON.parse((await callApi(server.port, 'T', 'fencing', method, [...args])).text)
      expect(ipc.ok).toBe(false)
      const apiError = (ipc as { error: { apiError: { code: string; message: string } } }).error
        .apiError
      expect({ code: http.code, message: http.error }, method).toEqual({
        code: apiError.code,
        message: apiError.message,
      })
    }
  })
})
