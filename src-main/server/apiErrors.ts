// How an API call's outcome becomes an HTTP answer. Refusals the user can act on keep their
// message and code (ApiError → its status); anything else is a bug: logged here, and the client
// reads only that something went wrong, never an internal message or a stack.
import { API_ERROR_STATUS, isApiError } from '../common/errors'
import type { ApiErrorCode } from '../common/errors'
import { ActionRefused } from '../core/fencing/orchestrator'

/** An HTTP answer: status and JSON body. */
export interface HttpAnswer {
  status: number
  body: unknown
}

/** The body of an error answer. */
export interface ErrorBody {
  error: string
  code?: ApiErrorCode
  details?: Record<string, unknown>
}

/** Methods whose `{ ok: false, issues }` answer is a refusal (422), not an answer to a question. */
const REFUSING_METHODS = new Set(['topology.save', 'topology.importText'])

function isRefusedSave(value: unknown): value is { ok: false; issues: unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { ok?: unknown }).ok === false &&
    Array.isArray((value as { issues?: unknown }).issues)
  )
}

/**
 * The answer to a call that returned. `topology.save` and `topology.importText` with issues are
 * 422 with the same `{ ok: false, issues }` body; `topology.validate` asks a question and answers
 * it with 200 either way.
 */
export function answerOfResult(domain: string, method: string, result: unknown): HttpAnswer {
  if (REFUSING_METHODS.has(`${domain}.${method}`) && isRefusedSave(result)) {
    return { status: 422, body: { ok: false, issues: result.issues } }
  }
  return { status: 200, body: { result: result ?? null } }
}

/** A planner's "no such host/device" (the core's PlanError), by shape. */
function isUnknownReference(error: unknown): error is Error {
  return (
    error instanceof Error &&
    error.name === 'PlanError' &&
    ['unknown-host', 'unknown-device'].includes((error as { code?: unknown }).code as string)
  )
}

/** The answer to a call that threw; `log` gets the message of anything that is not a refusal. */
export function answerOfError(error: unknown, log: (line: string) => void): HttpAnswer {
  if (isApiError(error)) {
    const body: ErrorBody = { error: error.message, code: error.code }
    if (error.details !== undefined) body.details = error.details
    if (error.code === 'invalid-document') {
      const issues = Array.isArray(error.details?.issues) ? error.details.issues : []
      return { status: 422, body: { ok: false, issues, ...body } }
    }
    return { status: API_ERROR_STATUS[error.code], body }
  }
  if (error instanceof ActionRefused) {
    // The action cannot start as the topology stands (power management off, no devices, …).
    return { status: 409, body: { error: error.message } satisfies ErrorBody }
  }
  if (isUnknownReference(error)) {
    return { status: 404, body: { error: error.message, code: 'not-found' } satisfies ErrorBody }
  }
  log(`browser mode: internal error: ${error instanceof Error ? error.message : String(error)}`)
  return {
    status: 500,
    body: { error: 'internal error in the Fencepost server (see its log)' } satisfies ErrorBody,
  }
}
