/**
 * Errors the API reports by kind, so every host maps them the same way: browser mode to an HTTP
 * status, Electron IPC and the CLI to a message and an exit code.
 */

/** What kind of refusal an {@link ApiError} is. */
export type ApiErrorCode =
  /** The arguments are malformed (HTTP 400). */
  | 'bad-arguments'
  /** No such host, device or backup (HTTP 404). */
  | 'not-found'
  /** Another action holds the host, on this or another process (HTTP 409). */
  | 'busy'
  /** The store moved on since the revision the save was based on (HTTP 409). */
  | 'changed-elsewhere'
  /** The document fails validation (HTTP 422). */
  | 'invalid-document'
  /**
   * The action cannot run as the saved topology stands, though it is valid (a preference entry
   * that matches no machine, see unknownEntries.ts); nothing was run (HTTP 409, CLI exit 1).
   */
  | 'refused'

/** The HTTP status of each code. */
export const API_ERROR_STATUS: Record<ApiErrorCode, number> = {
  'bad-arguments': 400,
  'not-found': 404,
  busy: 409,
  'changed-elsewhere': 409,
  'invalid-document': 422,
  refused: 409,
}

/** An expected refusal with a message meant for the user. */
export class ApiError extends Error {
  /** The kind of refusal. */
  readonly code: ApiErrorCode
  /** Extra data for the UI (the lock holder, the current revision, …); plain JSON. */
  readonly details: Record<string, unknown> | undefined

  constructor(code: ApiErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.details = details
  }
}

/** True for an {@link ApiError}, also one rebuilt from JSON (`{ code, message }`). */
export function isApiError(value: unknown): value is ApiError {
  return (
    value instanceof ApiError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { name?: unknown }).name === 'ApiError' &&
      typeof (value as { code?: unknown }).code === 'string' &&
      (value as { code: string }).code in API_ERROR_STATUS)
  )
}
