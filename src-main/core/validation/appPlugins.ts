/**
 * The plugins a Fencepost process loads — the app's own `plugins/` folder, then the user's in the
 * data folder — and what validation takes from them. One place, so the core and a command that
 * only validates (`fencepost validate FILE`: no store, secrets or SSH) judge a document alike.
 */
import { join } from 'node:path'
import { dataPaths } from '../paths'
import { loadPlugins } from '../plugins/loader'
import type { PluginRegistry } from '../plugins/registry'
import type { ValidateOptions } from './validateDocument'

/** Loads the built-in plugins of `projectRoot` and the user's plugins of `dataDir`. */
export function loadAppPlugins(options: {
  projectRoot: string
  dataDir: string
  log?: (line: string) => void
}): Promise<PluginRegistry> {
  return loadPlugins({
    builtinDir: join(options.projectRoot, 'plugins'),
    userDir: dataPaths(options.dataDir).userPlugins,
    dataDir: options.dataDir,
    ...(options.log ? { log: options.log } : {}),
  })
}

/** What validation knows from the plugins: the device types and each type's parameters. */
export function validateOptionsOf(registry: PluginRegistry): ValidateOptions {
  return {
    deviceTypes: registry.types().map((t) => t.id),
    parametersOf: (type: string) => registry.parametersOf(type),
  }
}
