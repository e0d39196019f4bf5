// The compiled `fencepost` (scripts/cliBuild.js → out/cli/): each command loads only what it needs,
// and bin/fencepost.js runs the build only while it is up to date with the sources.
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_BUILD_INPUTS, CLI_ENTRY, buildCli } from '../../../scripts/cliBuild.js'
import { ROOT, SAMPLE } from './cliHarness'

/**
 * Libraries a command that only reads and checks a file has no use for (the ones loaded from
 * node_modules at run time; the store's conf is bundled into the core's chunk).
 */
const HEAVY = ['ssh2', 'ws', '@napi-rs/keyring']

let scratch: string
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'fencepost-compiled-'))
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/**
 * Runs the compiled entry with a preload that records, at exit, every CommonJS module the process
 * loaded (each of HEAVY is, or loads, CommonJS: node-ssh's ESM build loads ssh2, ws's ESM wrapper
 * its CommonJS files, the keyring its native binding through `require`).
 */
function runCompiled(args: string[]): { status: number | null; stdout: string; loaded: string[] } {
  const record = join(scratch, `loaded-${Math.random().toString(36).slice(2)}.json`)
  const preload = join(scratch, 'record.cjs')
  writeFileSync(
    preload,
    `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(record)}, ` +
      'JSON.stringify(Object.keys(require.cache))))\n',
  )
  const result = spawnSync(process.execPath, ['-r', preload, join(ROOT, CLI_ENTRY), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FENCEPOST_HOME: join(scratch, 'home') },
  })
  const files = JSON.parse(readFileSync(record, 'utf8')) as string[]
  const loaded = HEAVY.filter((name) => files.some((f) => f.includes(`/node_modules/${name}/`)))
  return { status: result.status, stdout: result.stdout, loaded }
}

describe('the compiled CLI', () => {
  beforeAll(async () => {
    await buildCli(ROOT)
  }, 120_000)

  it('validates a file without loading SSH, WebSocket or keyring libraries', () => {
    const run = runCompiled(['validate', SAMPLE])
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('is valid: 1 engine, 2 data centers')
    expect(run.loaded).toEqual([])
  })

  it('loads the core (and so SSH) for a command that needs it', () => {
    // The other side of the test above: the recorder does see what a command loads.
    const run = runCompiled(['plan', 'a1', '--topology', SAMPLE, '--json'])
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout).host).toBe('a1')
    expect(run.loaded).toContain('ssh2')
    expect(run.loaded).not.toContain('ws')
  })
})

describe('bin/fencepost.js', () => {
  let root: string
  const at = (minutes: number): Date => new Date(Date.UTC(2026, 10, 27, 12, minutes))

  function write(file: string, text: string, minutes: number): void {
    const path = join(root, file)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
    utimesSync(path, at(minutes), at(minutes))
    utimesSync(dirname(path), at(0), at(0))
  }

  function runBin(): string {
    const result = spawnSync(process.execPath, [join(root, 'bin/fencepost.js')], {
      encoding: 'utf8',
    })
    expect(result.stderr).toBe('')
    return result.stdout.trim()
  }

  beforeAll(() => {
    // A checkout in miniature: the real bin and build scripts, a stand-in build and stand-in
    // sources that say which one ran, and the real tsx.
    root = mkdtempSync(join(scratch, 'checkout-'))
    cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true })
    cpSync(join(ROOT, 'scripts'), join(root, 'scripts'), { recursive: true })
    cpSync(join(ROOT, 'package.json'), join(root, 'package.json'))
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'))
    for (const input of CLI_BUILD_INPUTS) {
      if (input.startsWith('src-main/')) write(`${input}/rule.ts`, 'export {}\n', 1)
      else if (input.startsWith('scripts/')) utimesSync(join(root, input), at(1), at(1))
      else write(input, '{}\n', 1)
    }
    write('src-main/cli/main.ts', "console.log('sources')\n", 1)
    write(CLI_ENTRY, "console.log('compiled')\n", 10)
  })

  it('runs the build while it is newer than every source', () => {
    expect(runBin()).toBe('compiled')
  })

  it('runs the sources through tsx once a source is newer than the build', () => {
    write('src-main/core/rule.ts', 'export const changed = 1\n', 20)
    expect(runBin()).toBe('sources')
  })
})
