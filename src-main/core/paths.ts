import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The app's data folder, shared by Electron (its `userData`, ~/.config/Fencepost on Linux), the
 * CLI and browser mode. `FENCEPOST_HOME` overrides it (tests, several labs side by side).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FENCEPOST_HOME) return resolve(env.FENCEPOST_HOME)
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), '.config')
  return join(configHome, 'Fencepost')
}

/** The project root (where `plugins/` and `resources/` are), from this file's location. */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))

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
