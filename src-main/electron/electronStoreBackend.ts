/**
 * The store file through electron-store, for the desktop app: the same `config.json` (same folder,
 * same name) that the CLI and browser mode reach through conf. Never imported by core or tests.
 */
import ElectronStore from 'electron-store'
import { resolve } from 'node:path'
import { fsyncDirectory } from '../core/persistence/atomicWrite'
import { STORE_FILE_MODE } from '../core/persistence/confBackend'
import { isJsonObject, readJsonFile, type RawFileBackend } from '../core/persistence/rawFileBackend'

/**
 * A {@link RawFileBackend} over electron-store; `cwd` is the app's data folder
 * (`app.getPath('userData')`), absolute. As with conf, reading is ours and the store object
 * is built on the first write, so a corrupt file never reaches electron-store's constructor (which
 * would throw, or with `clearInvalidConfig` silently empty it).
 */
export function createElectronStoreBackend(cwd: string, configName = 'config'): RawFileBackend {
  const name = configName
  const path = resolve(cwd, `${name}.json`)
  let store: ElectronStore<Record<string, unknown>> | undefined
  return {
    path,
    read: () => readJsonFile(path),
    write(value) {
      if (!isJsonObject(value)) throw new TypeError('the store file must be a JSON object')
      store ??= new ElectronStore<Record<string, unknown>>({
        cwd,
        name,
        clearInvalidConfig: true,
        configFileMode: STORE_FILE_MODE,
        accessPropertiesByDotNotation: false,
      })
      store.store = value
      fsyncDirectory(cwd)
    },
  }
}
