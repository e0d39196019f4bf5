// The preload exposes the typed API object of src-main/common and nothing else. Its methods are
// built from API_METHODS (common/apiObject.ts), the same list the main process registers handlers
// from. Handlers answer with an IpcResult; a failed one rejects with the ApiError as plain data
// (the contextBridge would strip an Error's code and details), which the renderer's bridge turns
// back into an ApiError.
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import {
  FENCING_EVENT_CHANNEL,
  MENU_COMMAND_CHANNEL,
  TOPOLOGY_CHANGED_CHANNEL,
  channelOf,
} from '../common/api'
import type { FencingEvent, MenuCommand, TopologyChanged } from '../common/api'
import { buildApiObject } from '../common/apiObject'
import { unwrapIpcResult } from '../common/ipcResult'
import type { IpcResult } from '../common/ipcResult'

/** Subscribes `listener` to a push channel; returns the unsubscribe function. */
function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const handler = (_event: IpcRendererEvent, payload: T): void => listener(payload)
  ipcRenderer.on(channel, handler)
  return () => ipcRenderer.removeListener(channel, handler)
}

const api = buildApiObject(
  async (domain, method, args) =>
    unwrapIpcResult((await ipcRenderer.invoke(channelOf(domain, method), ...args)) as IpcResult),
  {
    topology: {
      onChanged: (listener: (event: TopologyChanged) => void) =>
        subscribe(TOPOLOGY_CHANGED_CHANNEL, listener),
    },
    plan: {},
    fencing: {
      onEvent: (listener: (event: FencingEvent) => void) =>
        subscribe(FENCING_EVENT_CHANNEL, listener),
    },
    plugins: {},
    demo: {},
    settings: {},
    shell: {
      onMenuCommand: (listener: (command: MenuCommand) => void) =>
        subscribe(MENU_COMMAND_CHANNEL, listener),
    },
  },
)

contextBridge.exposeInMainWorld('fencepost', api)
