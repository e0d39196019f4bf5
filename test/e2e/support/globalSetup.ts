// Builds the UI once before the Playwright specs, so they test the current sources (unless out/
// is already newer than every source: the same check as `npm start`).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../../../src-main/core/paths'
import { isUiBuildUpToDate } from '../../../scripts/uiBuild.js'

export default function setup(): void {
  if (isUiBuildUpToDate(PROJECT_ROOT)) return
  const built = spawnSync(join(PROJECT_ROOT, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (built.status !== 0) throw new Error('electron-vite build failed before the e2e specs')
}
