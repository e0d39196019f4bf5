import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The app's data folder, shared by Electron (its `userData`: the platform's app-data folder and
 * the product name), the CLI and browser mode — so all of them use one store and one secret
 * store: ~/.config/Fencepost on Linux (XDG_CONFIG_HOME honoured), ~/Library/Application
 * Support/Fencepost on macOS, %APPDATA%\Fencepost on Windows. `FENCEPOST_HOME` overrides it
 * (tests, several labs side by side).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.FENCEPOST_HOME) return resolve(env.FENCEPOST_HOME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Fencepost')
  if (platform === 'win32') {
    return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'Fencepost')
  }
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), '.config')
  return join(configHome, 'Fencepost')
}

/**
 * The project root (where `plugins/` and `resources/` are), from this file's location. Not
 * `new URL('../..', import.meta.url)`: Vite rewrites that pattern as an asset URL when it builds
 * for a DOM (the renderer tests run the core under happy-dom).
 */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Folders inside the data folder. */
export function dataPaths(dataDir: string): {
  dataDir: string
  userPlugins: string
  history: string
  /** The app's SSH known hosts (`fencepost trust`, trust on first use). */
  knownHosts: string
  settings: string
} {
  return {
    dataDir,
    userPlugins: join(dataDir, 'plugins'),
    history: join(dataDir, 'history.jsonl'),
    knownHosts: join(dataDir, 'known-hosts.json'),
    settings: join(dataDir, 'settings.json'),
  }
}
