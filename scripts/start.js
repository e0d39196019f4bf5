#!/usr/bin/env node
// `npm start`: the desktop app where an Electron binary exists; browser mode where it does not
// (Electron 42+ downloads its binary on first launch, which fails offline).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isUiBuildUpToDate } from './uiBuild.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const dev = process.argv.includes('--dev')

function electronBinary() {
  if (process.env.ELECTRON_EXEC_PATH && existsSync(process.env.ELECTRON_EXEC_PATH)) {
    return process.env.ELECTRON_EXEC_PATH
  }
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt')
  return existsSync(pathFile) ? pathFile : undefined
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' })
  const forward = (signal) => child.kill(signal)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  child.on('exit', (code) => process.exit(code ?? 0))
}

if (electronBinary()) {
  run(bin('electron-vite'), [dev ? 'dev' : 'preview'])
} else {
  console.log(
    'No Electron binary here (node_modules/electron/path.txt is missing: Electron downloads it on\n' +
      'first launch, and this machine cannot reach the download). Starting browser mode instead.',
  )
  if (isUiBuildUpToDate(root)) {
    console.log('The built UI (out/) is up to date with the sources: not building it again.')
  } else {
    console.log('Building the UI (electron-vite build)…')
    const built = spawnSync(bin('electron-vite'), ['build'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    if (built.status !== 0) {
      console.error('Building the UI failed; run `npm run build` to see why.')
      process.exit(1)
    }
  }
  run(process.execPath, [
    join(root, 'bin', 'fencepost.js'),
    'serve',
    ...process.argv.slice(2).filter((a) => a !== '--dev'),
  ])
}
