// `fencepost coverage`: the lab-wide answer in JSON and words, "what if", and its exit codes.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CoverageReport } from '../../../src-main/common/coverage/computeCoverage'
import { createReachabilityStore } from '../../../src-main/core/fencing/reachabilityStore'
import { coverageLab } from '../common/coverageLab'
import { SAMPLE, cli, useTempHome } from './cliHarness'

const home = useTempHome('fencepost-coverage-')

/** The coverage lab as a file, optionally without its unfenceable host r1. */
function labFile(withoutR1 = false): string {
  const doc = coverageLab()
  if (withoutR1) doc.hosts = doc.hosts.filter((h) => h.name !== 'r1')
  const file = join(home(), 'lab.json')
  writeFileSync(file, JSON.stringify(doc))
  return file
}

async function json(...args: string[]): Promise<{ code: number; report: CoverageReport }> {
  const result = await cli('coverage', '--json', ...args)
  expect(result.err).toBe('')
  return { code: result.code, report: JSON.parse(result.out) as CoverageReport }
}

describe('fencepost coverage', () => {
  it('prints the DESIGN §8 JSON and exits 1 when a host cannot be fenced', async () => {
    const { code, report } = await json('--topology', labFile())
    expect(code).toBe(1)
    const r1 = report.hosts.find((h) => h.host === 'r1')!
    expect(r1).toMatchObject({ fenceable: false, paths: 0, route: [] })
    expect(r1.why).toContain('x1 may not act as a proxy')
    const a2 = report.hosts.find((h) => h.host === 'a2')!
    expect(a2).toMatchObject({
      fenceable: true,
      paths: 1,
      route: [{ device: 'pdu', proxy: 'jump1' }],
    })
    expect(a2.budget.bestMs).toBeLessThanOrEqual(a2.budget.worstMs)
    expect(a2.budget.bestMs).toBeGreaterThan(0)
    expect(report.singlePointsOfFailure.map((s) => [s.machine, s.hosts])).toEqual([
      ['jump1', ['a2']],
      ['b2', ['b1']],
      ['engine', ['b2']],
    ])
    expect(report.sharedDevices.map((u) => [u.name, u.hosts])).toEqual([
      ['10.0.0.200', ['a2', 'a3']],
    ])
  })

  it('exits 0 when every host can be fenced', async () => {
    const { code, report } = await json('--topology', labFile(true))
    expect(code).toBe(0)
    expect(report.summary.noRoute).toBe(0)
  })

  it('answers "what if" with --without machines and a PDU', async () => {
    const { code, report } = await json(
      '--topology',
      labFile(true),
      '--without',
      'jump1, 10.0.0.200',
    )
    expect(code).toBe(1)
    expect(report.without).toEqual({ machines: ['jump1'], units: ['10.0.0.200'] })
    const a2 = report.hosts.find((h) => h.host === 'a2')!
    expect(a2.fenceable).toBe(false)
    expect(a2.why).toBe('pdu: its power unit 10.0.0.200 is assumed down')
    expect(report.hosts.find((h) => h.host === 'a3')).toMatchObject({
      fenceable: true,
      route: [{ device: 'bmc', proxy: 'engine' }],
    })
  })

  it('counts a stored failed test as a broken route', async () => {
    const file = labFile(true)
    const before = await json('--topology', file)
    expect(before.report.hosts.find((h) => h.host === 'b1')).toMatchObject({ fenceable: true })
    createReachabilityStore(join(home(), 'reachability.json')).record([
      { hostId: 'h-b1', deviceId: 'bmc', proxyId: 'h-b2', ok: false, at: new Date().toISOString() },
    ])
    const after = await json('--topology', file)
    expect(after.code).toBe(1)
    const b1 = after.report.hosts.find((h) => h.host === 'b1')!
    expect(b1.fenceable).toBe(false)
    expect(b1.why).toBe('bmc: every candidate last failed its test (b2)')
  })

  it('prints a table, the single points of failure and the shared units in words', async () => {
    const { code, out } = await cli('coverage', '--topology', labFile())
    expect(code).toBe(1)
    expect(out).toMatch(/^HOST\s+FENCEABLE\s+PATHS\s+FIRST ROUTE\s+OFF TAKES$/m)
    expect(out).toMatch(/^a2\s+single route\s+1\s+pdu via jump1\s+\d/m)
    expect(out).toMatch(/^r1\s+NO\s+0\s+—\s+—$/m)
    expect(out).toContain('Single points of failure')
    expect(out).toContain('  b2 (host) — b1')
    expect(out).toContain('  10.0.0.200 (apc) — powers a2, a3; losing it leaves a2 with no route')
    expect(out).toContain(
      '5 of 6 hosts can be fenced, 3 through a single route or machine; 1 cannot',
    )
  })

  it('refuses an unknown --without name with exit 2, naming it and a near name', async () => {
    const result = await cli('coverage', '--topology', SAMPLE, '--without', 'enigne,jump1')
    expect(result.code).toBe(2)
    expect(result.out).toBe('')
    expect(result.err).toContain('--without: no machine or device named "enigne"')
    expect(result.err).toContain('"enigne": did you mean "engine"?')
    const empty = await cli('coverage', '--topology', SAMPLE, '--without', ' , ')
    expect(empty.code).toBe(2)
    expect(empty.err).toContain('--without')
  })

  it('is listed in the help', async () => {
    const result = await cli('--help')
    expect(result.out).toMatch(/coverage \[--without M,…\]/)
    const own = await cli('coverage', '--help')
    expect(own.out).toContain('Exit 0 when every host can be fenced, 1 when some cannot')
  })
})
