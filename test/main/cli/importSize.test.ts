// `fencepost import` of a file over the size limit: refused by its size with the same words as the
// app's import (common/importLimits), before it is read, and the store is left as it was.
import { existsSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_TOPOLOGY_BYTES, topologySizeProblem } from '../../../src-main/common/importLimits'
import { cli, useTempHome } from './cliHarness'

const home = useTempHome('fencepost-cli-size-')

describe('fencepost import of a big file', () => {
  it('exits 2 with the clear reason and writes nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fencepost-big-')), 'huge.json')
    writeFileSync(file, '')
    const size = MAX_TOPOLOGY_BYTES + 16 * 1024 * 1024
    truncateSync(file, size)
    const result = await cli('import', file)
    expect(result.code).toBe(2)
    expect(result.err).toContain(`${file}: ${topologySizeProblem(size)}`)
    expect(result.err).toContain('at most 64 MB')
    expect(existsSync(join(home(), 'config.json'))).toBe(false)
  })
})
