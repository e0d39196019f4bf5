import { describe, expect, it } from 'vitest'
import { checkArguments } from '../../../src-main/common/apiArguments'
import {
  formatBytes,
  MAX_REQUEST_BYTES,
  MAX_TOPOLOGY_BYTES,
  topologySizeProblem,
} from '../../../src-main/common/importLimits'
import { MAX_BODY_BYTES } from '../../../src-main/server/apiRoute'

describe('the topology size rule', () => {
  it('admits real labs and refuses a bigger file in words', () => {
    expect(topologySizeProblem(7 * 1024 * 1024)).toBeUndefined()
    expect(topologySizeProblem(MAX_TOPOLOGY_BYTES)).toBeUndefined()
    expect(topologySizeProblem(80 * 1024 * 1024)).toBe(
      'the file is too big to be a topology (80 MB; at most 64 MB, while a 10,000-host lab is about 7 MB)',
    )
    expect(formatBytes(1_300_000)).toBe('1.2 MB')
    expect(formatBytes(900)).toBe('900 bytes')
  })

  it('is the IPC argument check, with the same words and no schema jargon', () => {
    const text = ' '.repeat(MAX_TOPOLOGY_BYTES + 1)
    expect(() => checkArguments('topology', 'importText', [text, 3])).toThrow(
      /^topology\.importText: bad arguments \(argument 0\): the file is too big to be a topology/,
    )
    expect(checkArguments('topology', 'importText', ['{}', 3])).toEqual(['{}', 3])
  })

  it('lets any file within the limit through the browser server, as JSON text', () => {
    // Quotes and newlines double in a JSON string: the body limit leaves room for that.
    expect(MAX_BODY_BYTES).toBe(MAX_REQUEST_BYTES)
    expect(MAX_REQUEST_BYTES).toBeGreaterThan(2 * MAX_TOPOLOGY_BYTES)
  })
})
