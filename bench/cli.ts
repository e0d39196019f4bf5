// The `fencepost` command as whole processes, through bin/fencepost.js as `npx fencepost` runs it
// (issue 9): `validate FILE` against a bare `node -e 0` (goal ≤ 3×), and `status HOST` of one
// device on the lab (a stock sshd proxy, an ipmi_sim BMC, the real fence_ipmilan) against one raw
// `ssh proxy fence_ipmilan` (goal ≤ 2×). The compiled CLI is built first if a source is newer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildCli, isCliBuildUpToDate } from '../scripts/cliBuild.js'
import { PROJECT_ROOT } from '../src-main/core/paths'
import { labAddress, labBmcSpec, startLab } from '../test/lab/lab'
import { labTopology } from '../test/lab/labTopology'
import { expectExit, rawSsh, requireLab, timed } from './processes'
import type { BenchResult, BenchSection } from './report'
import { median } from './report'

/** Loopback block of this section's lab (see test/lab/lab.ts). */
const BLOCK = 91
const BIN = join(PROJECT_ROOT, 'bin/fencepost.js')
const SAMPLE = join(PROJECT_ROOT, 'resources/sample-lab.json')

const ms = (value: number): string => `${value.toFixed(0)} ms`

/** A ratio result: `value` ÷ `base`, with both in the note. */
function ratio(name: string, value: number, base: number, baseName: string, max: number) {
  return {
    name,
    value: value / base,
    unit: '×',
    goal: { max },
    note: `${ms(value)} against ${baseName} ${ms(base)}`,
  } satisfies BenchResult
}

async function validateVsNode(rounds: number, env: NodeJS.ProcessEnv): Promise<BenchResult[]> {
  const node: number[] = []
  const validate: number[] = []
  // Interleaved, so both see the same machine; the first round warms the disk cache.
  for (let i = 0; i <= rounds; i++) {
    const bare = await timed(process.execPath, ['-e', '0'])
    const checked = expectExit(
      await timed(process.execPath, [BIN, 'validate', SAMPLE], { env }),
      0,
      'fencepost validate',
    )
    if (i === 0) continue
    node.push(bare.ms)
    validate.push(checked.ms)
  }
  return [
    { name: 'node -e 0, whole process', value: median(node), unit: 'ms' },
    { name: 'fencepost validate FILE, whole process', value: median(validate), unit: 'ms' },
    ratio('validate ÷ node -e 0', median(validate), median(node), 'node -e 0', 3),
  ]
}

async function statusVsSsh(rounds: number, env: NodeJS.ProcessEnv): Promise<BenchResult[]> {
  requireLab()
  const lab = await startLab({
    proxies: [{ name: 'p1', address: labAddress(BLOCK, 11), port: 2222 }],
    bmcs: [labBmcSpec(BLOCK, 21, 'h1-bmc', 'bench-pw', 'on')],
  })
  const dir = mkdtempSync(join(tmpdir(), 'fencepost-bench-cli-'))
  try {
    const file = join(dir, 'lab.json')
    const doc = labTopology(lab, {
      hosts: [{ id: 'h1', devices: [{ id: 'bmc', bmc: 'h1-bmc', proxyPreferences: ['p1'] }] }],
    })
    writeFileSync(file, JSON.stringify(doc))
    const stdin = lab.bmc('h1-bmc').stdin('status')
    const ssh: number[] = []
    const status: number[] = []
    for (let i = 0; i <= rounds; i++) {
      const raw = expectExit(await rawSsh(lab.proxy('p1'), stdin), 0, 'ssh fence_ipmilan')
      const cli = expectExit(
        await timed(process.execPath, [BIN, 'status', 'h1', '--topology', file], { env }),
        0,
        'fencepost status',
      )
      if (i === 0) continue // the first round creates the data folder and warms the caches
      ssh.push(raw.ms)
      status.push(cli.ms)
    }
    return [
      { name: 'one raw ssh proxy fence_ipmilan (status)', value: median(ssh), unit: 'ms' },
      {
        name: 'fencepost status HOST, one device, whole process',
        value: median(status),
        unit: 'ms',
      },
      ratio('status ÷ raw ssh', median(status), median(ssh), 'raw ssh', 2),
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await lab.stop()
  }
}

/** The CLI section of `npm run bench`. */
export const cliBench: BenchSection = {
  title: 'CLI (whole processes)',
  async run({ smoke }) {
    if (!isCliBuildUpToDate(PROJECT_ROOT)) await buildCli(PROJECT_ROOT)
    const home = mkdtempSync(join(tmpdir(), 'fencepost-bench-home-'))
    const env = { ...process.env, FENCEPOST_HOME: home }
    try {
      const rounds = smoke ? 1 : 9
      const results = [...(await validateVsNode(rounds, env)), ...(await statusVsSsh(rounds, env))]
      if (!isCliBuildUpToDate(PROJECT_ROOT)) {
        // A source saved meanwhile: the bin ran the sources through tsx for some of the runs.
        for (const r of results) r.note = `${r.note ?? ''} (sources changed during the run)`.trim()
      }
      return results
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  },
}
