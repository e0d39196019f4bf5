import Conf from 'conf'
import { resolve } from 'node:path'
import { fsyncDirectory } from './atomicWrite'
import { isJsonObject, readJsonFile, type RawFileBackend } from './rawFileBackend'

/** Where the store file lives: `<cwd>/<configName>.json`, as electron-store names it. */
export interface ConfBackendOptions {
  /** The app's data folder (absolute). */
  cwd: string
  /** File name without `.json`; electron-store's default is `config`. */
  configName?: string
}

/** File mode of the store file: it names machines and users, so it is private to the user. */
export const STORE_FILE_MODE = 0o600

/**
 * A {@link RawFileBackend} over `conf` (the CLI and browser-mode host). conf only writes: its
 * `store` setter goes through `atomically` (temp file in the same folder, fsync, rename). Reading
 * is ours (see `readJsonFile`), and conf is built lazily so a corrupt file never reaches its
 * constructor.
 */
export function createConfBackend(options: ConfBackendOptions): RawFileBackend {
  const configName = options.configName ?? 'config'
  const path = resolve(options.cwd, `${configName}.json`)
  let conf: Conf<Record<string, unknown>> | undefined
  return {
    path,
    read: () => readJsonFile(path),
    write(value) {
      if (!isJsonObject(value)) throw new TypeError('the store file must be a JSON object')
      // clearInvalidConfig: the constructor reads the file once; a file we could not parse has
      // already been moved aside by the DocumentStore, and conf must never throw or rewrite here.
      conf ??= new Conf<Record<string, unknown>>({
        cwd: options.cwd,
        configName,
        clearInvalidConfig: true,
        configFileMode: STORE_FILE_MODE,
        accessPropertiesByDotNotation: false,
      })
      conf.store = value
      // atomically fsyncs the file but not the folder: make the rename durable too.
      fsyncDirectory(options.cwd)
    },
  }
}
