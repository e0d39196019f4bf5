// How an API call's outcome becomes an HTTP answer. Refusals the user can act on keep their
// message and code (ApiError → its status); anything else is a bug: logged here, and the client
// reads only that something went wrong, never an internal message or a stack.
import { API_ERROR_STATUS } from '../common/errors'
import type { ApiErrorCode } from '../common/errors'
import { refusalOf } from '../core/apiDispatcher'
import type { ApiTarget, DispatchOutcome } from '../core/apiDispatcher'

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

/**
 * The answer to a call that threw: a refusal (see `refusalOf` in core/apiDispatcher.ts) with its
 * status, message and code; anything else is logged with `log` and answered 500 without its text.
 */
export function answerOfError(error: unknown, log: (line: string) => void): HttpAnswer {
  const refusal = refusalOf(error)
  if (refusal) {
    const body: ErrorBody = { error: refusal.message, code: refusal.code }
    if (refusal.details !== undefined) body.details = refusal.details
    if (refusal.code === 'invalid-document') {
      const issues = Array.isArray(refusal.details?.issues) ? refusal.details.issues : []
      return { status: 422, body: { ok: false, issues, ...body } }
    }
    return { status: API_ERROR_STATUS[refusal.code], body }
  }
  log(`browser mode: internal error: ${error instanceof Error ? error.message : String(error)}`)
  return {
    status: 500,
    body: { error: 'internal error in the Fencepost server (see its log)' } satisfies ErrorBody,
  }
}

/** The answer to what the dispatcher made of a call. */
export function answerOfOutcome(
  { domain, method }: ApiTarget,
  outcome: DispatchOutcome,
  log: (line: string) => void,
): HttpAnswer {
  if (outcome.ok) return answerOfResult(domain, method, outcome.value)
  return answerOfError('refusal' in outcome ? outcome.refusal : outcome.failure, log)
}
