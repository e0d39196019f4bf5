// IPC registration: one handler per API_METHODS entry (channel `"<domain>:<method>"`), nothing else.
// Every handler checks the sender, then the arguments, then calls the core, and answers with an
// IpcResult: it never throws, so an ApiError reaches the renderer with its code and details.
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { API_METHODS, channelOf } from '../common/api'
import type { ApiDomain, FencepostApi } from '../common/api'
import { checkArguments } from '../common/apiArguments'
import { ApiError, isApiError } from '../common/errors'
import { ipcFailure } from '../common/ipcResult'
import type { IpcResult } from '../common/ipcResult'
import type { SenderLike } from './senderCheck'

/** The message a refused sender gets. */
export const REFUSED_SENDER = 'refused: only the Fencepost window may call its API'

type Method = (...args: unknown[]) => Promise<unknown>

/** The refusal of an export with secrets asked for by the page. */
export const SECRETS_STAY_IN_MAIN =
  'options.includeSecrets: the desktop app exports secrets only through File → Export, never to the page'

function exportsSecrets(args: unknown[]): boolean {
  const options = args[0]
  return typeof options === 'object' && options !== null && 'includeSecrets' in options
    ? (options as { includeSecrets?: unknown }).includeSecrets === true
    : false
}

/** Every channel the app registers, in API_METHODS order. */
export function apiChannels(): string[] {
  return (Object.keys(API_METHODS) as ApiDomain[]).flatMap((domain) =>
    API_METHODS[domain].map((method) => channelOf(domain, method)),
  )
}

/** Registers a handler for every API method of `api`. */
export function registerApiHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  api: FencepostApi,
  isAllowedSender: (event: SenderLike) => boolean,
): void {
  for (const domain of Object.keys(API_METHODS) as ApiDomain[]) {
    const target = api[domain] as unknown as Record<string, Method>
    for (const method of API_METHODS[domain] as readonly string[]) {
      const handler = async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<IpcResult> => {
        if (!isAllowedSender(event)) return ipcFailure(new Error(REFUSED_SENDER))
        let checked: unknown[]
        try {
          checked = checkArguments(domain, method, args)
        } catch (error) {
          return ipcFailure(
            isApiError(error)
              ? error
              : new ApiError(
                  'bad-arguments',
                  error instanceof Error ? error.message : String(error),
                ),
          )
        }
        if (domain === 'topology' && method === 'exportText' && exportsSecrets(checked)) {
          // In the desktop app secrets are exported by the main process itself (File → Export
          // writes the file); the page never receives them, whatever it asks for.
          return ipcFailure(new ApiError('bad-arguments', SECRETS_STAY_IN_MAIN))
        }
        try {
          return { ok: true, value: await target[method]!(...checked) }
        } catch (error) {
          return ipcFailure(error)
        }
      }
      ipcMain.handle(channelOf(domain, method), handler)
    }
  }
}
