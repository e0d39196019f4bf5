// The preload exposes the typed API object of src-main/common and nothing else. Methods are
// generated from API_METHODS, the same list the main process registers handlers from. Handlers
// answer with an IpcResult; a failed one rejects with the ApiError as plain data (the contextBridge
// would strip an Error's code and details), which the renderer's bridge turns back into an ApiError.
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import {
  API_METHODS,
  FENCING_EVENT_CHANNEL,
  MENU_COMMAND_CHANNEL,
  TOPOLOGY_CHANGED_CHANNEL,
  channelOf,
} from '../common/api'
import type {
  ApiDomain,
  FencepostApi,
  FencingEvent,
  MenuCommand,
  TopologyChanged,
} from '../common/api'
import { unwrapIpcResult } from '../common/ipcResult'
import type { IpcResult } from '../common/ipcResult'

function domainObject(domain: ApiDomain): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  for (const method of API_METHODS[domain]) {
    methods[method] = async (...args: unknown[]) =>
      unwrapIpcResult((await ipcRenderer.invoke(channelOf(domain, method), ...args)) as IpcResult)
  }
  return methods
}

const api = {
  topology: {
    ...domainObject('topology'),
    onChanged(listener: (event: TopologyChanged) => void): () => void {
      const handler = (_event: IpcRendererEvent, payload: TopologyChanged): void =>
        listener(payload)
      ipcRenderer.on(TOPOLOGY_CHANGED_CHANNEL, handler)
      return () => ipcRenderer.removeListener(TOPOLOGY_CHANGED_CHANNEL, handler)
    },
  },
  plan: domainObject('plan'),
  fencing: {
    ...domainObject('fencing'),
    onEvent(listener: (event: FencingEvent) => void): () => void {
      const handler = (_event: IpcRendererEvent, payload: FencingEvent): void => listener(payload)
      ipcRenderer.on(FENCING_EVENT_CHANNEL, handler)
      return () => ipcRenderer.removeListener(FENCING_EVENT_CHANNEL, handler)
    },
  },
  plugins: domainObject('plugins'),
  demo: domainObject('demo'),
  settings: domainObject('settings'),
  shell: {
    onMenuCommand(listener: (command: MenuCommand) => void): () => void {
      const handler = (_event: IpcRendererEvent, command: MenuCommand): void => listener(command)
      ipcRenderer.on(MENU_COMMAND_CHANNEL, handler)
      return () => ipcRenderer.removeListener(MENU_COMMAND_CHANNEL, handler)
    },
  },
} as unknown as FencepostApi

contextBridge.exposeInMainWorld('fencepost', api)
