// `npm ci` installs no Electron binary (Electron ≥ 42 has no postinstall): the electron package
// fetches it later, on the system Node (`npx install-electron`, or the first `require('electron')`),
// and `npm start` serves browser mode until then (README, Start). This proves that step works on
// the Node running the tests, offline: the installed electron package fetches a stand-in binary
// from a local mirror, checks it against the mirror's SHASUMS256.txt, unpacks it with its native
// extractor (@electron-internal/extract-zip) and points path.txt at it.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../../../src-main/core/paths'

const modules = join(PROJECT_ROOT, 'node_modules')
const version = (
  JSON.parse(readFileSync(join(modules, 'electron/package.json'), 'utf8')) as {
    version: string
  }
).version
const zipName = `electron-v${version}-linux-${process.arch}.zip`
const scratch = mkdtempSync(join(tmpdir(), 'fencepost-electron-install-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

it.runIf(process.platform === 'linux')(
  `electron ${version} fetches and unpacks its binary on Node ${process.versions.node}`,
  async () => {
    // A copy of the installed package (never the project's own: it must stay without a binary)
    // beside the project's other packages.
    const project = join(scratch, 'project')
    mkdirSync(join(project, 'node_modules'), { recursive: true })
    cpSync(join(modules, 'electron'), join(project, 'node_modules/electron'), { recursive: true })
    for (const name of readdirSync(modules)) {
      if (name !== 'electron' && !name.startsWith('.')) {
        symlinkSync(join(modules, name), join(project, 'node_modules', name))
      }
    }
    // The stand-in binary, zipped as Electron's releases are.
    const stage = join(scratch, 'stage')
    mkdirSync(stage)
    writeFileSync(join(stage, 'electron'), '#!/bin/sh\necho stand-in\n', { mode: 0o755 })
    writeFileSync(join(stage, 'version'), `v${version}`)
    const zipped = spawnSync(
      'python3',
      [
        '-c',
        'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1],"w");[z.write(f) for f in sys.argv[2:]]',
        zipName,
        'electron',
        'version',
      ],
      { cwd: stage, encoding: 'utf8' },
    )
    expect(zipped.stderr).toBe('')
    const zip = readFileSync(join(stage, zipName))
    const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`
    const files: Record<string, Buffer | string> = {
      [`/v${version}/${zipName}`]: zip,
      [`/v${version}/SHASUMS256.txt`]: sums,
    }
    const server = createServer((req, res) => {
      const body = files[req.url ?? '']
      res.writeHead(body === undefined ? 404 : 200).end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const env = {
        ...process.env,
        ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
        electron_use_remote_checksums: '1',
        electron_config_cache: join(scratch, 'cache'),
      }
      const installed = await new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(process.execPath, [join(project, 'node_modules/electron/install.js')], {
          env,
        })
        let err = ''
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
        child.on('close', (code) => resolve({ code, err }))
      })
      expect(installed).toEqual({ code: 0, err: '' })
      const launcher = join(project, 'node_modules/electron')
      expect(readFileSync(join(launcher, 'path.txt'), 'utf8')).toBe('electron')
      const located = spawnSync(process.execPath, ['-p', `require(${JSON.stringify(launcher)})`], {
        encoding: 'utf8',
      })
      expect(located.stdout.trim()).toBe(join(launcher, 'dist/electron'))
      expect(spawnSync(located.stdout.trim(), { encoding: 'utf8' }).stdout).toBe('stand-in\n')
    } finally {
      server.close()
    }
  },
  120_000,
)
