#!/usr/bin/env node
// The `fencepost` command. It runs the compiled CLI in out/cli/ (built by `npm ci` through the
// `prepare` script, and by `npm run build`), which starts in about the time Node itself takes.
// In a development checkout where a CLI source is newer than that build, it runs the sources
// through tsx instead (a development dependency): never stale code, and no build started behind
// the user's back while other processes may be running the old one. `npm run build:cli` makes it
// fast again.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isCliBuildUpToDate } from '../scripts/cliBuild.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

if (isCliBuildUpToDate(root)) {
  await import('../out/cli/main.js')
} else {
  let register
  try {
    ;({ register } = await import('tsx/esm/api'))
  } catch {
    process.stderr.write(
      'fencepost: the compiled command (out/cli) is missing or older than its sources, and tsx ' +
        '(a development dependency) is not installed to run the sources: run `npm run build:cli`.\n',
    )
    process.exit(1)
  }
  register()
  await import('../src-main/cli/main.ts')
}
