// IPC registration: one handler per API_METHODS entry (channel `"<domain>:<method>"`), nothing else.
// Every handler checks the sender, then hands the call to the shared dispatcher (arguments, core,
// outcome; core/apiDispatcher.ts) and answers with an IpcResult: it never throws, so an ApiError
// reaches the renderer with its code and details.
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { channelOf } from '../common/api'
import type { FencepostApi } from '../common/api'
import { ApiError } from '../common/errors'
import { ipcFailure } from '../common/ipcResult'
import type { IpcResult } from '../common/ipcResult'
import { allApiMethods, createApiDispatcher } from '../core/apiDispatcher'
import type { ApiTarget, DispatchOutcome } from '../core/apiDispatcher'
import type { SenderLike } from './senderCheck'

/** The message a refused sender gets. */
export const REFUSED_SENDER = 'refused: only the Fencepost window may call its API'

/** The refusal of an export with secrets asked for by the page. */
export const SECRETS_STAY_IN_MAIN =
  'options.includeSecrets: the desktop app exports secrets only through File → Export, never to the page'

function exportsSecrets(args: unknown[]): boolean {
  const options = args[0]
  return typeof options === 'object' && options !== null && 'includeSecrets' in options
    ? (options as { includeSecrets?: unknown }).includeSecrets === true
    : false
}

/**
 * In the desktop app secrets are exported by the main process itself (File → Export writes the
 * file); the page never receives them, whatever it asks for.
 */
function refuseForThePage({ domain, method }: ApiTarget, args: unknown[]): ApiError | undefined {
  if (domain === 'topology' && method === 'exportText' && exportsSecrets(args)) {
    return new ApiError('bad-arguments', SECRETS_STAY_IN_MAIN)
  }
  return undefined
}

/** The IpcResult of an outcome: the page is the app's own, so a failure keeps its message. */
function ipcResultOf(outcome: DispatchOutcome): IpcResult {
  if (outcome.ok) return { ok: true, value: outcome.value }
  return ipcFailure('refusal' in outcome ? outcome.refusal : outcome.failure)
}

/** Every channel the app registers, in API_METHODS order. */
export function apiChannels(): string[] {
  return allApiMethods().map(({ domain, method }) => channelOf(domain, method))
}

/** Registers a handler for every API method of `api`. */
export function registerApiHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  api: FencepostApi,
  isAllowedSender: (event: SenderLike) => boolean,
): void {
  const dispatcher = createApiDispatcher(api, { refuse: refuseForThePage })
  for (const target of allApiMethods()) {
    const handler = async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<IpcResult> => {
      if (!isAllowedSender(event)) return ipcFailure(new Error(REFUSED_SENDER))
      return ipcResultOf(await dispatcher.dispatch(target, args))
    }
    ipcMain.handle(channelOf(target.domain, target.method), handler)
  }
}
