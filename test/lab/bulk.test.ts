// `fencepost test --all` against the real lab (DESIGN.md §8 "Many hosts at once"), as a user runs
// it: the real bin in its own process, stock sshd proxies (MaxSessions 10), ipmi_sim BMCs and the
// real fence_ipmilan. One BMC is down. The run exits 1 with one JSON document naming that host and
// why; and the stored results change what `fencepost coverage --json` says:
// the host with the dead BMC, fenceable from the document alone, is no longer fenceable.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { BulkResult } from '../../src-main/common/bulk'
import { type Lab, labBmcSpec, labUnavailable, startLab, twoLabProxies } from './lab'
import { labTopology } from './labTopology'
import { describeWithParts } from '../support/requiredParts'

const skip = labUnavailable()
const BLOCK = 51
const BIN = join(__dirname, '../../bin/fencepost.js')
const HOSTS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']

interface Ran {
  code: number
  out: string
  err: string
}

interface CoverageJson {
  hosts: { host: string; fenceable: boolean; paths: number; why?: string }[]
}

describeWithParts(skip, 'fencepost test --all against the lab, one BMC down', () => {
  let lab: Lab
  let home: string
  let file: string

  /** `node bin/fencepost.js …` in its own process, as `npx fencepost …` runs it. */
  function bin(...args: string[]): Promise<Ran> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { env: { ...process.env, FENCEPOST_HOME: home }, timeout: 120_000 },
        (error, out, err) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
          resolve({ code, out, err })
        },
      )
    })
  }

  async function coverage(): Promise<Map<string, CoverageJson['hosts'][number]>> {
    const ran = await bin('coverage', '--json', '--topology', file)
    const parsed = JSON.parse(ran.out) as CoverageJson
    return new Map(parsed.hosts.map((h) => [h.host, h]))
  }

  beforeAll(async () => {
    lab = await startLab({
      proxies: twoLabProxies(BLOCK),
      bmcs: HOSTS.map((h, i) => labBmcSpec(BLOCK, 21 + i, `${h}-bmc`, `${h}-pw`, 'on')),
    })
    home = mkdtempSync(join(tmpdir(), 'fencepost-bulk-lab-'))
    file = join(home, 'lab-topology.json')
    const doc = labTopology(lab, {
      hosts: HOSTS.map((h) => ({
        id: h,
        // fence_ipmilan's status waits for ipmitool up to power_timeout: 2 s bounds what the dead
        // BMC costs; the live ones keep the default 20 s (a loaded machine is slow to answer).
        devices: [
          { id: 'bmc', bmc: `${h}-bmc`, ...(h === 'h3' ? { params: { power_timeout: 2 } } : {}) },
        ],
      })),
    })
    writeFileSync(file, JSON.stringify(doc, null, 2))
    await lab.bmc('h3-bmc').stop()
  }, 120_000)

  afterAll(async () => {
    await lab?.stop()
    if (home) rmSync(home, { recursive: true, force: true })
  })

  it('exits 1 with one JSON document; the stored results make coverage drop the dead BMC’s host', async () => {
    const before = await coverage()
    expect(before.get('h3')).toMatchObject({ fenceable: true, paths: 2 })

    const ran = await bin('test', '--all', '--json', '--topology', file)
    expect(ran.err).toBe('')
    expect(ran.code).toBe(1)
    const result = JSON.parse(ran.out) as BulkResult
    expect(result).toMatchObject({
      action: 'test',
      result: 'failed',
      progress: { done: 6, total: 6, failed: 1, skipped: 0 },
    })
    const byHost = new Map(result.hosts.map((h) => [h.host, h]))
    expect([...byHost.keys()].sort()).toEqual(HOSTS)
    for (const h of HOSTS.filter((x) => x !== 'h3')) {
      expect(byHost.get(h)!.outcome, h).toBe('ok')
      // Both proxies reached the BMC: status through every candidate.
      expect(
        byHost
          .get(h)!
          .results!.map((r) => r.proxyId)
          .sort(),
      ).toEqual(['px-p1', 'px-p2'])
    }
    const h3 = byHost.get('h3')!
    expect(h3.outcome).toBe('failed')
    expect(h3.reason).toMatch(/^bmc via p[12]: /)
    expect(h3.results!.map((r) => [r.proxyId, r.ok]).sort()).toEqual([
      ['px-p1', false],
      ['px-p2', false],
    ])

    const after = await coverage()
    expect(after.get('h3')!.fenceable).toBe(false)
    for (const h of HOSTS.filter((x) => x !== 'h3')) expect(after.get(h)!.fenceable, h).toBe(true)
  }, 180_000)

  it('status HOST… reads power of several lab hosts at once; an unknown name runs nothing', async () => {
    const bad = await bin('status', 'h1', 'h9', '--topology', file)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('no host "h9" in the topology — nothing was run')
    lab.bmc('h2-bmc').setPower('off')
    const ran = await bin('status', 'h1', 'h2', 'h4', '--topology', file)
    expect(ran.code).toBe(0)
    expect(ran.out).toMatch(/^h1: power on via p[12] \(\d+ ms\)$/m)
    expect(ran.out).toMatch(/^h2: power off via p[12] \(\d+ ms\)$/m)
    expect(ran.out.trimEnd().split('\n').at(-1)).toBe('status of 3 hosts: 3 ok, 0 failed')
  }, 120_000)
})
