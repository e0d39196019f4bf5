// Fencing on the lab (two stock sshd proxies, four ipmi_sim BMCs, the real fence_ipmilan), each
// against the floor: the same agent calls run on this machine, 8 at a time, no SSH.
//  (a) status of 40 devices, pooled and parallel through the SSH runner, in-process (the issue sets
//      no goal; reported with a fresh `ssh` process per call beside it for scale);
//  (b) `fencepost test` of one host with 20 devices × 2 candidate proxies (40 agent calls), as a
//      whole process (goal ≤ 1.2× the floor).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildCli, isCliBuildUpToDate } from '../scripts/cliBuild.js'
import { PROJECT_ROOT } from '../src-main/core/paths'
import { createMemoryKnownHosts } from '../src-main/core/runners/knownHosts'
import { createSshRunner } from '../src-main/core/runners/sshRunner'
import type { Lab, LabBmc, LabProxy } from '../test/lab/lab'
import { labBmcSpec, startLab, twoLabProxies } from '../test/lab/lab'
import { labTopology } from '../test/lab/labTopology'
import { atMost, expectExit, rawSsh, requireLab, timed } from './processes'
import type { BenchResult, BenchSection } from './report'

/** Loopback block of this section's lab (see test/lab/lab.ts). */
const BLOCK = 90
const BIN = join(PROJECT_ROOT, 'bin/fencepost.js')
const LOCAL_AGENT = '/usr/sbin/fence_ipmilan'

const ms = (value: number): string => `${value.toFixed(0)} ms`

/** The floor: the same agent calls run here, 8 at a time, no SSH. */
async function localFloor(stdins: string[]): Promise<number> {
  const started = performance.now()
  await atMost(
    8,
    stdins.map((stdin) => async () => {
      expectExit(await timed(LOCAL_AGENT, [], { stdin }), 0, 'agent')
    }),
  )
  return performance.now() - started
}

async function pooledStatus(lab: Lab, count: number): Promise<BenchResult[]> {
  // Spread over the BMCs, half of them through each proxy.
  const devices = Array.from({ length: count }, (_, i) => ({
    bmc: lab.bmcs[i % lab.bmcs.length] as LabBmc,
    proxy: lab.proxies[i % 2] as LabProxy,
  }))
  const runner = createSshRunner({ knownHosts: createMemoryKnownHosts() })
  // No warm-up: the pooled run pays for its two connections too.
  let started = performance.now()
  const pooled = await Promise.all(
    devices.map((d) =>
      runner.run(d.proxy.target(), {
        agent: 'fence_ipmilan',
        stdin: d.bmc.stdin('status'),
        timeoutMs: 60_000,
      }),
    ),
  )
  const pooledMs = performance.now() - started
  const stats = runner.stats()
  await runner.close()
  if (!pooled.every((o) => o.code === 0)) throw new Error('a pooled status call failed')

  const floorMs = await localFloor(devices.map((d) => d.bmc.stdin('status')))

  started = performance.now()
  for (const d of devices) expectExit(await rawSsh(d.proxy, d.bmc.stdin('status')), 0, 'ssh')
  const serialMs = performance.now() - started
  return [
    {
      name: `status of ${count} devices, pooled + parallel`,
      value: pooledMs,
      unit: 'ms',
      note: `${stats.connectionsOpened} connections, ${stats.probes} agent probes, at most ${stats.peakChannels} channels per connection`,
    },
    { name: `floor: the same ${count} agent calls here, 8 at a time`, value: floorMs, unit: 'ms' },
    {
      name: 'pooled ÷ floor',
      value: pooledMs / floorMs,
      unit: '×',
      note: `${ms(pooledMs)} against ${ms(floorMs)}; no goal in the issue`,
    },
    {
      name: 'for scale: one by one, a fresh ssh each',
      value: serialMs,
      unit: 'ms',
      note: `pooled is ${(serialMs / pooledMs).toFixed(1)}× faster`,
    },
  ]
}

async function testVsFloor(lab: Lab, devices: number): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fencepost-bench-test-'))
  try {
    const bmcOf = (i: number): LabBmc => lab.bmcs[i % lab.bmcs.length]!
    const doc = labTopology(lab, {
      hosts: [
        {
          id: 'h1',
          devices: Array.from({ length: devices }, (_, i) => ({
            id: `psu${i + 1}`,
            bmc: bmcOf(i).name,
            proxyPreferences: ['cluster'],
          })),
        },
      ],
    })
    const file = join(dir, 'lab.json')
    writeFileSync(file, JSON.stringify(doc))
    const env = { ...process.env, FENCEPOST_HOME: join(dir, 'home') }
    if (!isCliBuildUpToDate(PROJECT_ROOT)) await buildCli(PROJECT_ROOT)

    const calls = devices * lab.proxies.length
    const test = expectExit(
      await timed(process.execPath, [BIN, 'test', 'h1', '--topology', file, '--json'], { env }),
      0,
      'fencepost test',
    )
    const results = (JSON.parse(test.stdout) as { results: { ok: boolean }[] }).results
    if (results.length !== calls)
      throw new Error(`fencepost test ran ${results.length} of ${calls}`)

    const floorMs = await localFloor(
      Array.from({ length: calls }, (_, i) => bmcOf(i).stdin('status')),
    )
    return [
      {
        name: `fencepost test, ${devices} devices × ${lab.proxies.length} proxies, whole process`,
        value: test.ms,
        unit: 'ms',
      },
      {
        name: `floor: the same ${calls} agent calls here, 8 at a time`,
        value: floorMs,
        unit: 'ms',
      },
      {
        name: 'fencepost test ÷ floor',
        value: test.ms / floorMs,
        unit: '×',
        goal: { max: 1.2 },
        note: `${ms(test.ms)} against ${ms(floorMs)}`,
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The fencing section of `npm run bench`. */
export const fencingBench: BenchSection = {
  title: 'Fencing on the lab',
  async run({ smoke }) {
    requireLab()
    const lab = await startLab({
      proxies: twoLabProxies(BLOCK),
      bmcs: Array.from({ length: 4 }, (_, i) =>
        labBmcSpec(BLOCK, 21 + i, `b${i}`, 'bench-pw', 'on'),
      ),
    })
    try {
      return [
        ...(await pooledStatus(lab, smoke ? 8 : 40)),
        ...(await testVsFloor(lab, smoke ? 4 : 20)),
      ]
    } finally {
      await lab.stop()
    }
  },
}
