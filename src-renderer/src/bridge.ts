// The one module that touches window.* or the browser-mode transport. In Electron the preload has
// put the API on window.fencepost; in browser mode the same API goes over HTTP + WebSocket to the
// local server, with the token the server printed in the URL.
import { API_METHODS, FENCING_EVENT_CHANNEL } from '../../src-main/common/api'
import type { ApiDomain, FencepostApi, FencingEvent } from '../../src-main/common/api'
import type { Mode, Platform } from './services'

declare global {
  interface Window {
    fencepost?: FencepostApi
  }
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

function createBrowserApi(): FencepostApi {
  const token = browserToken()
  const call = async (domain: ApiDomain, method: string, args: unknown[]): Promise<unknown> => {
    const response = await fetch(`/api/${domain}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ args }),
    })
    const body = (await response.json()) as { result?: unknown; error?: string }
    if (!response.ok)
      throw new Error(body.error ?? `${domain}.${method} failed (${response.status})`)
    return body.result
  }
  const listeners = new Set<(event: FencingEvent) => void>()
  let socket: WebSocket | undefined
  const connect = (): void => {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
    socket = new WebSocket(
      `${scheme}://${window.location.host}/events?token=${encodeURIComponent(token)}`,
    )
    socket.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as { channel: string; payload: FencingEvent }
      if (data.channel === FENCING_EVENT_CHANNEL) listeners.forEach((l) => l(data.payload))
    }
    socket.onclose = () => {
      socket = undefined
      if (listeners.size > 0) setTimeout(connect, 1000)
    }
  }
  const domain = (name: ApiDomain): Record<string, (...args: unknown[]) => Promise<unknown>> =>
    Object.fromEntries(
      API_METHODS[name].map((method) => [method, (...args: unknown[]) => call(name, method, args)]),
    )
  const api = {
    topology: domain('topology'),
    plan: domain('plan'),
    fencing: {
      ...domain('fencing'),
      onEvent(listener: (event: FencingEvent) => void): () => void {
        listeners.add(listener)
        if (!socket) connect()
        return () => listeners.delete(listener)
      },
    },
    plugins: domain('plugins'),
    demo: domain('demo'),
    settings: domain('settings'),
    // Browser mode has no app menu: the UI's own toolbar and shortcuts do its work.
    shell: { onMenuCommand: () => () => {} },
  }
  return api as unknown as FencepostApi
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
  pickTextFile(accept) {
    return new Promise((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = accept
      input.addEventListener('change', () => {
        const file = input.files?.[0]
        if (!file) return resolve(undefined)
        file.text().then(
          (text) => resolve({ name: file.name, text }),
          () => resolve(undefined),
        )
      })
      input.addEventListener('cancel', () => resolve(undefined))
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
export const api: FencepostApi = window.fencepost ?? createBrowserApi()
