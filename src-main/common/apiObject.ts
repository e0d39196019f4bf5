/**
 * The API object a transport hands the UI, built once from {@link API_METHODS}: the preload (over
 * Electron IPC) and the renderer's browser-mode bridge (over HTTP) give only how one call travels
 * and their push events, so a method cannot be missing from one transport.
 */
import { API_METHODS } from './api'
import type { ApiDomain, FencepostApi } from './api'

/** Sends one request method's call and resolves with its answer. */
export type ApiCall = (domain: ApiDomain, method: string, args: unknown[]) => Promise<unknown>

/** The members of each domain that are not request methods: the push events (`onX`). */
export type ApiPushEvents = {
  [D in ApiDomain]: Omit<FencepostApi[D], (typeof API_METHODS)[D][number]>
}

/** The request methods of one domain, each sending its call through `call`. */
export function requestMethods(
  domain: ApiDomain,
  call: ApiCall,
): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  for (const method of API_METHODS[domain] as readonly string[]) {
    methods[method] = (...args: unknown[]) => call(domain, method, args)
  }
  return methods
}

/** The whole API: every method of API_METHODS through `call`, beside the transport's `events`. */
export function buildApiObject(call: ApiCall, events: ApiPushEvents): FencepostApi {
  const api: Record<string, unknown> = {}
  for (const domain of Object.keys(API_METHODS) as ApiDomain[]) {
    api[domain] = { ...events[domain], ...requestMethods(domain, call) }
  }
  return api as unknown as FencepostApi
}
