// The one module that touches window.* or the browser-mode transport. In Electron the preload has
// put the API on window.fencepost; in browser mode the same API goes over HTTP + WebSocket to the
// local server, with the token the server printed in the URL.
import {
  EVENTS_PROTOCOL,
  EVENTS_TOKEN_PROTOCOL_PREFIX,
  FENCING_EVENT_CHANNEL,
  TOPOLOGY_CHANGED_CHANNEL,
} from '../../src-main/common/api'
import type {
  ApiDomain,
  FencepostApi,
  FencingEvent,
  TopologyChanged,
} from '../../src-main/common/api'
import { buildApiObject } from '../../src-main/common/apiObject'
import { ApiError, isApiError } from '../../src-main/common/errors'
import type { ApiErrorCode } from '../../src-main/common/errors'
import { withRevivedApiErrors } from '../../src-main/common/ipcResult'
import type { Mode, Platform } from './services'

/**
 * What public/early.js started before the modules loaded (browser mode): the event socket and the
 * answers of the start-up calls, by `domain.method`; `stale` once an event arrived before they
 * were taken.
 */
interface EarlyStart {
  socket: WebSocket | undefined
  answers: Map<string, Promise<Response>>
  stale: boolean
  startedAt: number
}

declare global {
  interface Window {
    fencepost?: FencepostApi
    __fencepostEarly?: EarlyStart
  }
}

/** How long after the page started an early answer is still taken (a slow start asks again). */
const EARLY_ANSWER_MS = 15_000

/**
 * The early answer of an argument-less call, once: undefined when there is none, it went stale (an
 * event arrived first) or it is too old.
 */
function takeEarlyAnswer(
  domain: ApiDomain,
  method: string,
  args: unknown[],
): Promise<Response> | undefined {
  const early = window.__fencepostEarly
  if (!early || args.length > 0) return undefined
  const key = `${domain}.${method}`
  const answer = early.answers.get(key)
  early.answers.delete(key)
  if (early.stale || performance.now() - early.startedAt > EARLY_ANSWER_MS) return undefined
  return answer
}

/** The event socket early.js opened, if it is still usable; undefined otherwise. */
function adoptEarlySocket(): WebSocket | undefined {
  const early = window.__fencepostEarly
  const socket = early?.socket
  if (!early || !socket) return undefined
  early.socket = undefined
  socket.onmessage = null
  socket.onclose = null
  if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN)
    return socket
  return undefined
}

/** From now on an answer early.js holds is not taken (an event may have changed what it says). */
function earlyAnswersStale(): void {
  const early = window.__fencepostEarly
  if (!early || early.stale) return
  early.stale = true
  early.answers.clear()
}

function browserToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token')
  if (fromUrl) {
    sessionStorage.setItem('fencepost-token', fromUrl)
    // Keep the token out of the visible address and of history entries.
    window.history.replaceState(null, '', window.location.pathname + window.location.hash)
    return fromUrl
  }
  return sessionStorage.getItem('fencepost-token') ?? ''
}

/** What an error answer of the server carries (see src-main/server/apiErrors.ts). */
interface ErrorAnswer {
  error?: string
  code?: ApiErrorCode
  details?: Record<string, unknown>
  ok?: false
  issues?: unknown[]
}

/**
 * Turns an answer back into what the API contract says: the result; a refused save or import
 * (422) as its `{ ok: false, issues }`; a refusal (409 busy, …) as the core's ApiError; else an
 * Error with the server's text.
 */
async function resultOf(response: Response, what: string): Promise<unknown> {
  let body: ({ result?: unknown } & ErrorAnswer) | undefined
  try {
    body = (await response.json()) as { result?: unknown } & ErrorAnswer
  } catch {
    body = undefined
  }
  if (response.ok) return body?.result
  if (response.status === 422 && body?.ok === false && Array.isArray(body.issues)) {
    return { ok: false, issues: body.issues }
  }
  const message = body?.error ?? `${what} failed (HTTP ${response.status})`
  const refusal = { name: 'ApiError', code: body?.code, message }
  if (isApiError(refusal)) throw new ApiError(refusal.code, message, body?.details)
  throw new Error(message)
}

function createBrowserApi(): FencepostApi {
  const token = browserToken()
  const call = async (domain: ApiDomain, method: string, args: unknown[]): Promise<unknown> => {
    const early = await takeEarlyAnswer(domain, method, args)?.catch(() => undefined)
    // Only a success is taken: any refusal is asked again, so it comes from the usual path.
    if (early?.ok) return resultOf(early, `${domain}.${method}`)
    const response = await fetch(`/api/${domain}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ args }),
    })
    return resultOf(response, `${domain}.${method}`)
  }
  const listeners = new Set<(event: FencingEvent) => void>()
  const changeListeners = new Set<(event: TopologyChanged) => void>()
  let socket: WebSocket | undefined
  let lostSocket = false
  // Saves made while the socket was down sent no event: after a reconnect, the store's revision
  // is read once and handed to the listeners (who ignore a revision they already know).
  const catchUp = async (): Promise<void> => {
    if (changeListeners.size === 0) return
    try {
      const { revision } = (await call('topology', 'load', [])) as { revision: number }
      changeListeners.forEach((l) => l({ revision }))
    } catch {
      // The next change event or a refused save tells the same.
    }
  }
  const connect = (): void => {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
    // A WebSocket cannot carry an Authorization header: the token rides as a subprotocol.
    socket =
      adoptEarlySocket() ??
      new WebSocket(`${scheme}://${window.location.host}/events`, [
        EVENTS_PROTOCOL,
        EVENTS_TOKEN_PROTOCOL_PREFIX + token,
      ])
    socket.onmessage = (message) => {
      earlyAnswersStale()
      const data = JSON.parse(String(message.data)) as { channel: string; payload: unknown }
      if (data.channel === FENCING_EVENT_CHANNEL)
        listeners.forEach((l) => l(data.payload as FencingEvent))
      if (data.channel === TOPOLOGY_CHANGED_CHANNEL)
        changeListeners.forEach((l) => l(data.payload as TopologyChanged))
    }
    socket.onopen = () => {
      if (lostSocket) void catchUp()
      lostSocket = false
    }
    socket.onclose = () => {
      earlyAnswersStale()
      socket = undefined
      lostSocket = true
      if (listeners.size + changeListeners.size > 0) setTimeout(connect, 1000)
    }
  }
  return buildApiObject(call, {
    topology: {
      onChanged(listener: (event: TopologyChanged) => void): () => void {
        changeListeners.add(listener)
        if (!socket) connect()
        return () => changeListeners.delete(listener)
      },
    },
    plan: {},
    fencing: {
      onEvent(listener: (event: FencingEvent) => void): () => void {
        listeners.add(listener)
        if (!socket) connect()
        return () => listeners.delete(listener)
      },
    },
    plugins: {},
    demo: {},
    settings: {},
    // Browser mode has no app menu: the UI's own toolbar and shortcuts do its work.
    shell: { onMenuCommand: () => () => {} },
  })
}

/** Platform services over the browser's own APIs (the same in Electron's sandboxed page). */
export const platform: Platform = {
  downloadText(fileName, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  },
  pickTextFiles(accept) {
    return new Promise((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = accept
      input.multiple = true
      input.addEventListener('change', () => {
        const files = [...(input.files ?? [])]
        resolve(
          files.map((file) => ({ name: file.name, size: file.size, text: () => file.text() })),
        )
      })
      input.addEventListener('cancel', () => resolve([]))
      input.click()
    })
  },
  readPreference(key) {
    try {
      return window.localStorage.getItem(`fencepost.${key}`) ?? undefined
    } catch {
      return undefined
    }
  },
  writePreference(key, value) {
    try {
      window.localStorage.setItem(`fencepost.${key}`, value)
    } catch {
      // Storage may be unavailable (private mode); the preference just is not remembered.
    }
  },
  guardUnload(shouldWarn) {
    const handler = (event: BeforeUnloadEvent): void => {
      if (!shouldWarn()) return
      event.preventDefault()
      // Older engines need returnValue set to show the prompt.
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', handler)
    return () => window.removeEventListener('beforeunload', handler)
  },
}

/** Electron when the preload is there, else browser mode. */
export const mode: Mode = window.fencepost ? 'electron' : 'browser'

/** The API, whichever transport carries it. */
export const api: FencepostApi = window.fencepost
  ? // The preload rejects with an ApiError as plain data (see src-main/common/ipcResult.ts).
    withRevivedApiErrors(window.fencepost)
  : createBrowserApi()
