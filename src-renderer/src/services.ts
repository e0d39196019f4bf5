// What the stores and components reach the outside world through: the API and a few platform
// services. main.ts fills it from bridge.ts; tests fill it with an in-memory fake, so no store or
// component imports the bridge (and its transport) directly.
import type { FencepostApi } from '../../src-main/common/api'

/** The transport the UI runs on, for the status bar. */
export type Mode = 'electron' | 'browser'

/** A file the user picked, not read yet. */
export interface PickedFile {
  name: string
  /** Its size in bytes. */
  size: number
  /** Reads it as UTF-8 text. */
  text(): Promise<string>
}

/** Small platform services whose implementation differs between Electron, browser and tests. */
export interface Platform {
  /** Offers text as a file download. */
  downloadText(fileName: string, text: string): void
  /**
   * Asks the user for text files (one or more: oVirt's answers come as several); none when they
   * cancel. Sizes are known before reading, so a file too big to import is refused unread.
   */
  pickTextFiles(accept: string): Promise<PickedFile[]>
  /** A remembered UI preference (theme, pane sizes), or undefined. */
  readPreference(key: string): string | undefined
  writePreference(key: string, value: string): void
  /** Asks the page to warn before closing while `shouldWarn()` is true; returns the undo. */
  guardUnload(shouldWarn: () => boolean): () => void
}

/** The services the renderer runs with. */
export interface Services {
  api: FencepostApi
  mode: Mode
  platform: Platform
}

let current: Services | undefined

/** Installs the services (main.ts, or a test's fake). */
export function setServices(services: Services): void {
  current = services
}

/** The installed services; throws if none were installed. */
export function useServices(): Services {
  if (!current) throw new Error('services not installed: call setServices() first')
  return current
}

/** The API shortcut most callers need. */
export function useApi(): FencepostApi {
  return useServices().api
}

/** A platform that does nothing, for tests and as a base. */
export const inertPlatform: Platform = {
  downloadText() {},
  pickTextFiles: async () => [],
  readPreference: () => undefined,
  writePreference() {},
  guardUnload: () => () => {},
}
