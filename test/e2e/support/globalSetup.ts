// Builds the UI once before the Playwright specs, so they test the current sources.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../../../src-main/core/paths'

export default function setup(): void {
  const built = spawnSync(join(PROJECT_ROOT, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (built.status !== 0) throw new Error('electron-vite build failed before the e2e specs')
}
