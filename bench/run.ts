// `npm run bench`: speed targets, measured here rather than in timed unit tests.
//  (a) the planner over a generated 10,000-host topology;
//  (b) status of 40 devices through 2 lab proxies: pooled + parallel (the SSH runner) against the
//      same calls one by one with a fresh `ssh` process each.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { createPlanner, planHost } from '../src-main/common/planner/planHost'
import { createMemoryKnownHosts } from '../src-main/core/runners/knownHosts'
import { createSshRunner } from '../src-main/core/runners/sshRunner'
import type { LabBmc, LabProxy } from '../test/lab/lab'
import { labAddress, labUnavailable, startLab } from '../test/lab/lab'
import { generated } from '../test/main/common/planner/fixtures'

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 0)} ms`
}

function plannerBench(): void {
  // The same generator the planner's tests use at this size.
  const doc = generated(10, 10, 100)
  console.log(`(a) planner — ${doc.hosts.length} hosts, ${doc.clusters.length} clusters`)
  const cold: number[] = []
  for (let i = 0; i < 20; i++) {
    const started = performance.now()
    planHost(doc, doc.hosts[(i * 487) % doc.hosts.length]!.id)
    cold.push(performance.now() - started)
  }
  cold.sort((a, b) => a - b)
  console.log(`    one host, indexes built per call: median ${ms(cold[10]!)}`)
  // Every plan lists each other machine once (candidate or rejected), so planning all 10,000 hosts
  // is 10,000 × 10,000 entries; a sample of 200 hosts shows the per-host cost with shared indexes.
  const sample = doc.hosts.filter((_, i) => i % 50 === 0)
  const started = performance.now()
  const planner = createPlanner(doc)
  let candidates = 0
  for (const host of sample) {
    for (const device of planner.planHost(host.id).devices) candidates += device.candidates.length
  }
  const each = (performance.now() - started) / sample.length
  console.log(
    `    ${sample.length} hosts with one planner: ${ms(each)} per host (${candidates} candidates)`,
  )
  console.log(
    `    target: well under a second for one host → ${cold[10]! < 1000 ? 'met' : 'NOT MET'}`,
  )
}

function sshOnce(proxy: LabProxy, stdin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'ssh',
      [
        '-i',
        proxy.identityFile,
        '-p',
        String(proxy.port),
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'LogLevel=ERROR',
        `${proxy.user}@${proxy.host}`,
        // The lab's proxies are stock: the login's PATH lacks /usr/sbin (the runner probes).
        '/usr/sbin/fence_ipmilan',
      ],
      { stdio: ['pipe', 'ignore', 'ignore'] },
    )
    child.on('error', reject)
    child.on('exit', (code) => resolve(code ?? -1))
    child.stdin.end(stdin)
  })
}

async function poolBench(): Promise<void> {
  const skip = labUnavailable()
  if (skip) {
    console.log(`(b) SSH pool — skipped: ${skip}`)
    return
  }
  const BLOCK = 90
  const lab = await startLab({
    proxies: [
      { name: 'p1', address: labAddress(BLOCK, 11), port: 2222 },
      { name: 'p2', address: labAddress(BLOCK, 12), port: 2222 },
    ],
    bmcs: Array.from({ length: 4 }, (_, i) => ({
      name: `b${i}`,
      address: labAddress(BLOCK, 21 + i),
      port: 623,
      user: 'admin',
      password: 'bench-pw',
      power: 'on' as const,
    })),
  })
  try {
    // 40 devices: 10 per BMC; half of them through each proxy.
    const devices = Array.from({ length: 40 }, (_, i) => ({
      bmc: lab.bmcs[i % lab.bmcs.length] as LabBmc,
      proxy: lab.proxies[i % 2] as LabProxy,
    }))
    console.log('(b) status of 40 devices through 2 lab proxies')
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

    started = performance.now()
    for (const d of devices) {
      const code = await sshOnce(d.proxy, d.bmc.stdin('status'))
      if (code !== 0) throw new Error(`ssh status exited ${code}`)
    }
    const serialMs = performance.now() - started
    console.log(
      `    pooled + parallel (node-ssh, ${stats.connectionsOpened} connections): ${ms(pooledMs)}`,
    )
    console.log(
      `    (stock proxies: ${stats.probes} agent probes, at most ${stats.peakChannels} channels at once per connection)`,
    )
    console.log(`    one by one, a fresh ssh process each:          ${ms(serialMs)}`)
    const ratio = serialMs / pooledMs
    console.log(`    ratio ${ratio.toFixed(1)}× (target ≥ 5×) → ${ratio >= 5 ? 'met' : 'NOT MET'}`)
  } finally {
    await lab.stop()
  }
}

plannerBench()
await poolBench()
