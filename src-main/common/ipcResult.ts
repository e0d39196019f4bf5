/**
 * How an API call's outcome crosses Electron IPC. `ipcRenderer.invoke` carries only the message of
 * an error thrown in the main process, and the contextBridge copies only the message of an `Error`
 * object, so handlers never throw: they answer with an {@link IpcResult}, and an {@link ApiError}
 * travels as plain data the renderer's bridge turns back into an `ApiError`.
 */
import type { FencepostApi } from './api'
import { buildApiObject } from './apiObject'
import { ApiError, isApiError } from './errors'
import type { ApiErrorCode } from './errors'

/** An {@link ApiError} as plain data (what `isApiError` also recognises). */
export interface SerializedApiError {
  name: 'ApiError'
  code: ApiErrorCode
  message: string
  details?: Record<string, unknown>
}

/** A failed call: the {@link ApiError} as data, or only the message of any other error. */
export type IpcFailure = { apiError: SerializedApiError } | { message: string }

/** The answer of every IPC handler. */
export type IpcResult<T = unknown> = { ok: true; value: T } | { ok: false; error: IpcFailure }

/** The plain-data form of an {@link ApiError} (or of anything {@link isApiError} accepts). */
export function serializeApiError(error: ApiError): SerializedApiError {
  return {
    name: 'ApiError',
    code: error.code,
    message: error.message,
    ...(error.details === undefined ? {} : { details: error.details }),
  }
}

/** The failed {@link IpcResult} of `error`: an ApiError with its code and details, else the message. */
export function ipcFailure(error: unknown): IpcResult<never> {
  if (isApiError(error)) return { ok: false, error: { apiError: serializeApiError(error) } }
  return { ok: false, error: { message: error instanceof Error ? error.message : String(error) } }
}

/**
 * The value of a successful result. A failed one throws: the {@link SerializedApiError} itself for
 * an ApiError (plain data survives the contextBridge, an `Error`'s extra fields do not; the
 * renderer's bridge rebuilds it with {@link reviveApiError}), an `Error` with the message otherwise.
 */
export function unwrapIpcResult<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value
  if ('apiError' in result.error) throw result.error.apiError
  throw new Error(result.error.message)
}

/** An {@link ApiError} again from its plain-data form; anything else is returned as it is. */
export function reviveApiError(error: unknown): unknown {
  if (error instanceof ApiError || !isApiError(error)) return error
  const { code, message, details } = error as SerializedApiError
  return new ApiError(code, String(message), details)
}

/**
 * The same API with every request method's rejection passed through {@link reviveApiError}: what
 * the renderer's bridge puts over the preload's object, so UI code gets a real `ApiError`.
 */
export function withRevivedApiErrors(api: FencepostApi): FencepostApi {
  return buildApiObject(
    (domain, method, args) =>
      (api[domain] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(
        ...args,
      ).catch((error: unknown) => {
        throw reviveApiError(error)
      }),
    // The push events of the source object, kept as they are.
    api,
  )
}
