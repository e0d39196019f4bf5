import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** The built renderer, built first if it is missing (a fresh clone). */
export function ensureRendererBuilt(projectRoot: string, log: (line: string) => void): string {
  const dir = join(projectRoot, 'out', 'renderer')
  if (existsSync(join(dir, 'index.html'))) return dir
  log('Building the UI once (electron-vite build)…')
  const bin = join(projectRoot, 'node_modules', '.bin', 'electron-vite')
  const built = spawnSync(bin, ['build'], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (built.status !== 0 || !existsSync(join(dir, 'index.html'))) {
    throw new Error('building the UI failed; run `npm run build` to see why')
  }
  return dir
}
