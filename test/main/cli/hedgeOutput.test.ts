// The CLI's live output of the hedged fallback: one line when the next proxy is connected beside
// a slow one, and the passed-over proxy's attempt saying so.
import { describe, expect, it } from 'vitest'
import { printEvent } from '../../../src-main/cli/commands/power'

function capture(): { lines: string[]; output: { out(t: string): void; err(t: string): void } } {
  const lines: string[] = []
  return { lines, output: { out: (t) => lines.push(t), err: (t) => lines.push(`ERR ${t}`) } }
}

describe('fencepost on/off/status live output', () => {
  it('prints a hedge as one line naming the slow proxy, the wait and the next proxy', () => {
    const { lines, output } = capture()
    printEvent(output, {
      kind: 'hedged',
      runId: 'r',
      device: 'bmc',
      action: 'on',
      slowProxy: 'p1',
      nextProxy: 'p2',
      afterMs: 1503,
    })
    expect(lines).toEqual([
      '  bmc: p1 has not completed the SSH handshake after 1.5 s — connecting to p2 in parallel',
    ])
  })

  it('prints a passed-over attempt as passed over, with the code and why', () => {
    const { lines, output } = capture()
    printEvent(output, {
      kind: 'attempt',
      runId: 'r',
      attempt: {
        device: 'bmc',
        proxy: 'p1',
        action: 'on',
        outcome: 'proxy-unreachable',
        ms: 1520,
        passedOverFor: 'p2',
        message: 'no SSH handshake after 1.5 s; passed over for p2, which was ready first',
      },
    })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toBe(
      '  bmc via p1: on — passed over for p2 [proxy-unreachable] (1520 ms): ' +
        'no SSH handshake after 1.5 s; passed over for p2, which was ready first',
    )
  })
})
