// Whether the built app in out/ is up to date with its sources, so `npm start` (and the e2e
// setup) build only when something changed. Judged by modification times: every output must be
// newer than every input. A checkout or an edit makes an input newer, so it is never stale unseen.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** What electron-vite build reads: sources, the build config and the locked dependencies. */
export const BUILD_INPUTS = [
  'src-main',
  'src-renderer',
  'electron.vite.config.ts',
  'tsconfig.json',
  'package-lock.json',
]

/** What it writes and the app needs. */
export const BUILD_OUTPUTS = [
  'out/main/index.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
]

/** The newest modification time (ms) of a file or of any file below a folder; 0 when absent. */
export function newestMtime(path) {
  if (!existsSync(path)) return 0
  const stats = statSync(path)
  if (!stats.isDirectory()) return stats.mtimeMs
  let newest = stats.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** True when every build output exists and is newer than every build input under `root`. */
export function isUiBuildUpToDate(root) {
  const outputs = BUILD_OUTPUTS.map((file) => join(root, file))
  if (!outputs.every((file) => existsSync(file))) return false
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  const newestInput = Math.max(...BUILD_INPUTS.map((input) => newestMtime(join(root, input))))
  return oldestOutput > newestInput
}
