// Many hosts at once from the CLI (DESIGN.md §8): `test --all`, `test HOST…`, `status HOST…|--all`
// on the demo lab — one JSON document with an entry per host, lines as hosts end, exit codes, an
// unknown name refused before anything runs, Ctrl+C, and the progress bar on a terminal only
// (a real pseudo-terminal from util-linux `script`, and a pipe).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { BulkResult } from '../../../src-main/common/bulk'
import { openCore } from '../../../src-main/cli/context'
import { SimWorld } from '../../../src-main/core/plugins/simWorld'
import { DEMO, ROOT, cli, useTempHome } from './cliHarness'

const home = useTempHome('fencepost-cli-bulk-')

async function world(): Promise<SimWorld> {
  return SimWorld.of((await openCore()).registry)!
}

afterEach(async () => {
  ;(await world()).reset()
})

describe('test --all', () => {
  it('prints one JSON document with an entry per host and stores the results', async () => {
    ;(await world()).reset()
    const { code, out } = await cli('test', '--all', '--topology', DEMO, '--json')
    expect(code).toBe(0)
    const result = JSON.parse(out) as BulkResult
    expect(result).toMatchObject({
      action: 'test',
      result: 'ok',
      progress: { done: 7, total: 7, failed: 0, skipped: 0 },
    })
    expect(result.hosts.map((h) => h.host).sort()).toEqual([
      'a1',
      'a2',
      'a3',
      'b1',
      'b2',
      'w1',
      'w2',
    ])
    const a1 = result.hosts.find((h) => h.host === 'a1')!
    expect(a1.outcome).toBe('ok')
    expect(a1.results!.every((r) => r.hostId === 'a1' && r.ok)).toBe(true)
    const stored = (await openCore()).reachability()
    expect(stored).toHaveLength(result.hosts.flatMap((h) => h.results!).length)
  })

  it('prints each host as it ends, then the counts; a failing BMC exits 1 with its reason', async () => {
    const sim = await world()
    sim.reset()
    sim.fail('b1-bmc', 'Unable to connect')
    const { code, out } = await cli('test', 'a2', 'b1', '--topology', DEMO)
    expect(code).toBe(1)
    expect(out).toMatch(/^a2: ok — 1 device reached through \d prox(y|ies) \(\d+ ms\)$/m)
    expect(out).toMatch(/^b1: FAILED — (\d) of \1 failed/m)
    expect(out).toMatch(/^ {4}bmc via \S+: the device refused or failed — .*Unable to connect$/m)
    expect(out.trimEnd().split('\n').at(-1)).toBe('tested 2 hosts: 1 ok, 1 failed')
  })

  it('refuses an unknown host with exit 2, naming it, and runs nothing', async () => {
    const { code, err, out } = await cli('test', 'a1', 'nosuch', 'b1', '--topology', DEMO)
    expect(code).toBe(2)
    expect(err).toContain('no host "nosuch" in the topology — nothing was run')
    expect(out).toBe('')
    expect((await openCore()).reachability()).toEqual([])
  })

  it('refuses HOSTs with --all and a bad --concurrency, naming the option', async () => {
    expect((await cli('test', 'a1', '--all', '--topology', DEMO)).code).toBe(2)
    const bad = await cli('test', '--all', '--concurrency', '0', '--topology', DEMO)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--concurrency: give a whole number from 1 to 256 (got "0")')
  })

  it('Ctrl+C cancels: no new host starts, what was done is printed, exit 1', async () => {
    const core = await openCore()
    const sim = await world()
    sim.reset()
    for (const bmc of ['a2-bmc', 'a3-bmc', 'b1-bmc', 'b2-bmc', 'w1-bmc', 'w2-bmc'])
      sim.slow(bmc, 5_000)
    const firstHost = new Promise<void>((resolve) => {
      const off = core.onEvent((e) => {
        if (e.kind === 'bulk' && e.entry) {
          off()
          resolve()
        }
      })
    })
    const running = cli('test', '--all', '--topology', DEMO, '--concurrency', '2')
    await firstHost
    const sent = Date.now()
    process.kill(process.pid, 'SIGINT')
    const { code, out, err } = await running
    expect(Date.now() - sent).toBeLessThan(3_000)
    expect(code).toBe(1)
    expect(err).toContain('cancelling — press Ctrl+C again to quit at once')
    expect(out).toMatch(
      /^CANCELLED: \d of 7 hosts done \(\d+ ok, \d+ failed\), \d+ cancelled or not run$/m,
    )
    // Hosts never started are counted, not listed.
    expect(out).not.toContain('cancelled before it started')
  })
})

describe('status HOST… | --all', () => {
  it('reports each host’s power; the single-host JSON shape is each entry’s result', async () => {
    ;(await world()).reset()
    const { code, out } = await cli('status', '--all', '--topology', DEMO, '--json')
    expect(code).toBe(0)
    const result = JSON.parse(out) as BulkResult
    expect(result.action).toBe('status')
    expect(result.hosts).toHaveLength(7)
    for (const h of result.hosts) {
      expect(h).toMatchObject({ outcome: 'ok', power: 'on' })
      expect(Object.keys(h.result!).sort()).toEqual(
        expect.arrayContaining(['host', 'action', 'result', 'power', 'attempts']),
      )
    }
  })

  it('keeps --dry-run to one host', async () => {
    const { code, err } = await cli('status', 'a1', 'a2', '--dry-run', '--topology', DEMO)
    expect(code).toBe(2)
    expect(err).toContain('--dry-run: one HOST at a time')
  })
})

describe('the progress bar', () => {
  const bin = join(ROOT, 'bin/fencepost.js')
  const env = () => ({ ...process.env, FENCEPOST_HOME: home(), CI: process.env.CI ?? '' })

  it('is drawn on a terminal', () => {
    // util-linux `script` gives the command a real pseudo-terminal (stdout and stderr both on it).
    const run = spawnSync(
      'script',
      ['-qfec', `node ${bin} test --all --topology ${DEMO}`, '/dev/null'],
      { env: env(), encoding: 'utf8', timeout: 60_000 },
    )
    expect(run.error, 'util-linux `script` (Debian bsdutils) runs the pseudo-terminal').toBe(
      undefined,
    )
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('\r\x1b[K[--------------------] 0/7 hosts')
    expect(run.stdout).toContain('[####################] 7/7 hosts')
    expect(run.stdout).toContain('tested 7 hosts: 7 ok, 0 failed')
  })

  it('is never drawn when stderr is piped, nor with --json', () => {
    const piped = spawnSync('node', [bin, 'test', '--all', '--topology', DEMO], {
      env: env(),
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(piped.status).toBe(0)
    expect(piped.stdout).toContain('tested 7 hosts')
    expect(piped.stderr).not.toContain('hosts')
    const json = spawnSync(
      'script',
      ['-qfec', `node ${bin} test --all --json --topology ${DEMO}`, '/dev/null'],
      { env: env(), encoding: 'utf8', timeout: 60_000 },
    )
    expect(json.stdout).not.toContain('7/7 hosts')
    expect(JSON.parse(json.stdout.replace(/\r\n/g, '\n'))).toMatchObject({ result: 'ok' })
  })
})
