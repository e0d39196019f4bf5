// Ctrl+C during `fencepost restart` (DESIGN.md §4): a real SIGINT to this process cancels the
// action; the CLI prints each device's last known power, the mixed warning and the next safe step,
// and `--json` says `cancelled`, never failed.
import { afterEach, expect, it } from 'vitest'
import type { ActionResult } from '../../../src-main/common/fencing'
import { openCore } from '../../../src-main/cli/context'
import { SimWorld } from '../../../src-main/core/plugins/simWorld'
import { DEMO, cli, useTempHome } from './cliHarness'

useTempHome('fencepost-cli-cancel-')

afterEach(async () => {
  SimWorld.of((await openCore()).registry)?.reset()
})

/** Runs `fencepost ARGS…`, sends SIGINT once psu1 is confirmed off, returns what it printed. */
async function restartInterrupted(...extra: string[]): Promise<Awaited<ReturnType<typeof cli>>> {
  const core = await openCore()
  const world = SimWorld.of(core.registry)!
  world.reset()
  // psu2 answers after 5 s, so the off of psu1 is confirmed while psu2's is still out.
  world.slow('a1-psu2', 5_000)
  const listenersBefore = process.listenerCount('SIGINT')
  const psu1Off = new Promise<void>((resolve) => {
    const off = core.onEvent((e) => {
      if (e.kind === 'attempt' && e.attempt.device === 'psu1' && e.attempt.power === 'off') {
        off()
        resolve()
      }
    })
  })
  const running = cli('restart', 'a1', '--topology', DEMO, ...extra)
  await psu1Off
  // Without the command's own handler a real SIGINT would end this test process.
  expect(process.listenerCount('SIGINT')).toBe(listenersBefore + 1)
  const sent = Date.now()
  process.kill(process.pid, 'SIGINT')
  const result = await running
  // Cancelled at once, not after psu2's 5 s.
  expect(Date.now() - sent).toBeLessThan(3_000)
  // The command's handler is gone once it returned (others, e.g. signal-exit's, may go too).
  expect(process.listenerCount('SIGINT')).toBeLessThanOrEqual(listenersBefore)
  return result
}

it('Ctrl+C cancels a restart and prints the last known power, the warning and the next step', async () => {
  const { code, out, err } = await restartInterrupted()
  expect(code).toBe(1)
  expect(err).toContain('cancelling — press Ctrl+C again to quit at once')
  expect(out).toContain('restart a1: CANCELLED\n')
  expect(out).not.toContain('FAILED')
  expect(out).toMatch(
    /order 1: psu1 off \(confirmed \d\d:\d\d:\d\d\), psu2 unknown {3}<- mixed — the host may be half-powered\n/,
  )
  expect(out).toContain('order 2: pdu unknown\n')
  expect(out).toContain('WARNING: mixed — the host may be half-powered\n')
  expect(out).toContain(
    `next safe step: Finish power off (fencepost off a1 --topology ${DEMO}) or ` +
      `Power on (fencepost on a1 --topology ${DEMO})`,
  )
})

it('--json says cancelled and gives each device its last known power', async () => {
  const { code, out } = await restartInterrupted('--json')
  expect(code).toBe(1)
  const result = JSON.parse(out) as ActionResult
  expect(result).toMatchObject({ host: 'a1', action: 'restart', result: 'cancelled' })
  expect(result.devicePower?.map((d) => [d.device, d.power])).toEqual([
    ['psu1', 'off'],
    ['psu2', 'unknown'],
    ['pdu', 'unknown'],
  ])
  // The history says the same.
  const history = await cli('history', 'a1', '--json')
  expect(JSON.parse(history.out)).toMatchObject([{ action: 'restart', result: 'cancelled' }])
  const human = await cli('history', 'a1')
  expect(human.out).toMatch(/ restart a1: cancelled, power unknown\n/)
  expect(human.out).toContain(
    '    last known power: psu1 off, psu2 unknown, pdu unknown — mixed — the host may be half-powered\n',
  )
})
