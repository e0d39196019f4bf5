// `npm start` builds the UI only when out/ is older than a source (scripts/uiBuild.js).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BUILD_OUTPUTS, isUiBuildUpToDate } from '../../../scripts/uiBuild.js'

let root: string
const at = (minutes: number): Date => new Date(Date.UTC(2026, 10, 27, 12, minutes))

function write(file: string, minutes: number): void {
  const path = join(root, file)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, 'x')
  utimesSync(path, at(minutes), at(minutes))
  // A folder's own time changes when an entry is added: keep it old, as a checkout would leave it.
  utimesSync(dirname(path), at(0), at(0))
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'fencepost-uibuild-'))
  write('src-renderer/src/App.vue', 1)
  write('src-main/core/deep/folder/rule.ts', 2)
  write('package-lock.json', 1)
  for (const output of BUILD_OUTPUTS) write(output, 10)
  utimesSync(root, at(0), at(0))
  for (const folder of ['src-main', 'src-main/core', 'src-main/core/deep', 'src-renderer'])
    utimesSync(join(root, folder), at(0), at(0))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('isUiBuildUpToDate', () => {
  it('is true when every output is newer than every source', () => {
    expect(isUiBuildUpToDate(root)).toBe(true)
  })

  it('is false when a source deep in a folder changed after the build', () => {
    write('src-main/core/deep/folder/rule.ts', 11)
    expect(isUiBuildUpToDate(root)).toBe(false)
  })

  it('is false when the locked dependencies changed after the build', () => {
    write('package-lock.json', 11)
    expect(isUiBuildUpToDate(root)).toBe(false)
  })

  it('is false when an output is missing, or one output is older than a source', () => {
    write(BUILD_OUTPUTS[0]!, 1)
    expect(isUiBuildUpToDate(root)).toBe(false)
    rmSync(join(root, BUILD_OUTPUTS[1]!))
    expect(isUiBuildUpToDate(root)).toBe(false)
  })
})
