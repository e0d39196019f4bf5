// The compiled `fencepost` command in out/cli/: esbuild bundles src-main/cli/main.ts as ES modules,
// split where the CLI imports lazily (each command, the core, the SSH runner, the server), with
// every npm package left external. `npm ci` builds it (the `prepare` script), and so do
// `npm run build` and `npm run build:cli`; `node scripts/cliBuild.js` does the same.
//
// bin/fencepost.js runs it only while it is up to date (isCliBuildUpToDate): a development
// checkout whose sources changed since runs the sources through tsx instead, so the command never
// runs stale code and never builds behind the user's back (other processes may be running it).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { newestMtime } from './uiBuild.js'

/** What the CLI bundle is built from (the Electron shell, preload and renderer are not in it). */
export const CLI_BUILD_INPUTS = [
  'src-main/common',
  'src-main/core',
  'src-main/server',
  'src-main/cli',
  'tsconfig.json',
  'package-lock.json',
  'scripts/cliBuild.js',
]

/** Packages loaded from node_modules at run time, not bundled: native addons and their users. */
const NOT_BUNDLED = ['ssh2', 'node-ssh', 'cpu-features', '@napi-rs/keyring', 'ws', 'electron']

/** Where the bundle goes; its entry, relative to the project root. */
export const CLI_OUT_DIR = 'out/cli'
export const CLI_ENTRY = 'out/cli/main.js'

/** Chunks of an earlier build are removed once this old: a process started from it may load one. */
const OLD_CHUNKS_KEPT_MS = 60 * 60_000

/** True when out/cli/main.js exists and is newer than every input of the CLI build. */
export function isCliBuildUpToDate(root) {
  const entry = join(root, CLI_ENTRY)
  if (!existsSync(entry)) return false
  const built = statSync(entry).mtimeMs
  return CLI_BUILD_INPUTS.every((input) => newestMtime(join(root, input)) < built)
}

/**
 * Builds out/cli. Safe beside running CLIs and a concurrent build: the bundle is written to a
 * staging folder, chunks (content-hashed names) are moved in first, the entry last by an atomic
 * rename. The entry's time is the build's start, so a source saved during the build leaves it
 * stale rather than passing for built.
 */
export async function buildCli(root) {
  const started = new Date()
  const { build } = await import('esbuild')
  mkdirSync(join(root, 'out'), { recursive: true })
  const staging = mkdtempSync(join(root, 'out', '.cli-'))
  try {
    await build({
      entryPoints: { main: join(root, 'src-main/cli/main.ts') },
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node22.13',
      // Pure JavaScript packages are bundled: zod alone is ~80 module files, whose loading cost
      // more than validating. Packages with native parts (or that load them) stay in
      // node_modules, loaded when a command needs them.
      external: NOT_BUNDLED,
      chunkNames: '[name]-[hash]',
      minify: true,
      keepNames: true,
      logLevel: 'warning',
    })
    const outDir = join(root, CLI_OUT_DIR)
    mkdirSync(outDir, { recursive: true })
    const files = readdirSync(staging)
    for (const file of files.filter((f) => f !== 'main.js')) {
      renameSync(join(staging, file), join(outDir, file))
    }
    utimesSync(join(staging, 'main.js'), started, started)
    renameSync(join(staging, 'main.js'), join(outDir, 'main.js'))
    for (const file of readdirSync(outDir)) {
      const path = join(outDir, file)
      if (!files.includes(file) && Date.now() - statSync(path).mtimeMs > OLD_CHUNKS_KEPT_MS) {
        rmSync(path, { force: true })
      }
    }
    return { files, ms: Date.now() - started.getTime() }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  const { files, ms } = await buildCli(root)
  console.log(`fencepost CLI built into ${CLI_OUT_DIR}/ (${files.length} files, ${ms} ms)`)
}
