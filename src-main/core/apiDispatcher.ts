// The one way an API call from the UI reaches the core, whatever carried it (Electron IPC or browser
// mode's HTTP): method name → argument check (common/apiArguments.ts) → core call → one outcome.
// The transports keep only what is theirs: Electron its sender check and IpcResult, the server its
// request checks, HTTP statuses and the hiding of internal messages.
import { API_METHODS } from '../common/api'
import type { ApiDomain, FencepostApi } from '../common/api'
import { checkArguments } from '../common/apiArguments'
import { ApiError, isApiError } from '../common/errors'
import { PlanError } from '../common/planner/planHost'
import { ActionRefused } from './fencing/orchestrator'

/** One request method of the API. */
export interface ApiTarget {
  domain: ApiDomain
  method: string
}

/**
 * What a call came to: its value; a refusal the user can act on (always an {@link ApiError}, with
 * its code); or a failure, which is a bug and whose message is for a log.
 */
export type DispatchOutcome =
  { ok: true; value: unknown } | { ok: false; refusal: ApiError } | { ok: false; failure: Error }

/** Options of {@link createApiDispatcher}. */
export interface DispatchOptions {
  /**
   * A transport's own refusal of a call whose arguments passed the check, asked before the core is
   * (the desktop app keeps secrets out of the page); undefined lets it through.
   */
  refuse?(target: ApiTarget, args: unknown[]): ApiError | undefined
}

/** Runs API calls against one core. */
export interface ApiDispatcher {
  /** Checks `args` against the method's schema, calls the core and says what came of it. */
  dispatch(target: ApiTarget, args: unknown[]): Promise<DispatchOutcome>
}

/**
 * The request method `domain`/`method` names, or undefined: only what API_METHODS lists (an
 * inherited name such as `constructor` or `__proto__` is no method).
 */
export function findApiMethod(domain: string, method: string): ApiTarget | undefined {
  if (!Object.hasOwn(API_METHODS, domain)) return undefined
  const methods: readonly string[] = API_METHODS[domain as ApiDomain]
  return methods.includes(method) ? { domain: domain as ApiDomain, method } : undefined
}

/** Every request method, in API_METHODS order. */
export function allApiMethods(): ApiTarget[] {
  return (Object.keys(API_METHODS) as ApiDomain[]).flatMap((domain) =>
    (API_METHODS[domain] as readonly string[]).map((method) => ({ domain, method })),
  )
}

/**
 * The refusal an error of the core stands for, or undefined for a bug: an ApiError as it is; an
 * action that cannot start as the topology stands is `refused`; a plan of a host or device that
 * does not exist is `not-found`.
 */
export function refusalOf(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error
  if (isApiError(error)) return new ApiError(error.code, error.message, error.details)
  if (error instanceof ActionRefused) return new ApiError('refused', error.message)
  if (error instanceof PlanError) return new ApiError('not-found', error.message)
  return undefined
}

function outcomeOfError(error: unknown): DispatchOutcome {
  const refusal = refusalOf(error)
  if (refusal) return { ok: false, refusal }
  return { ok: false, failure: error instanceof Error ? error : new Error(String(error)) }
}

/** The dispatcher of `api`; it never throws, every error becomes an outcome. */
export function createApiDispatcher(
  api: FencepostApi,
  options: DispatchOptions = {},
): ApiDispatcher {
  return {
    async dispatch(target, args) {
      const { domain, method } = target
      if (!findApiMethod(domain, method)) {
        return {
          ok: false,
          refusal: new ApiError('not-found', `no API method ${domain}.${method}`),
        }
      }
      let checked: unknown[]
      try {
        checked = checkArguments(domain, method, args)
      } catch (error) {
        if (isApiError(error)) return outcomeOfError(error)
        const message = error instanceof Error ? error.message : String(error)
        return { ok: false, refusal: new ApiError('bad-arguments', message) }
      }
      const refusal = options.refuse?.(target, checked)
      if (refusal) return { ok: false, refusal }
      const methods = api[domain] as unknown as Record<
        string,
        (...a: unknown[]) => Promise<unknown>
      >
      try {
        return { ok: true, value: await methods[method]!(...checked) }
      } catch (error) {
        return outcomeOfError(error)
      }
    },
  }
}
