import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RunTarget } from '../../src-main/core/runners/agentRunner'
import { createLocalRunner } from '../../src-main/core/runners/localRunner'
import { describeWithParts } from '../support/requiredParts'
import { processId } from './processes'

const dummyMissing = existsSync('/usr/sbin/fence_dummy')
  ? undefined
  : 'fence_dummy missing — run scripts/install-lab.sh'

const engine: RunTarget = {
  machineId: 'engine',
  name: 'engine',
  exec: 'local',
  host: 'localhost',
  port: 22,
  user: 'root',
}

describeWithParts(dummyMissing, 'local runner', () => {
  let dir: string
  let bin: string
  const runner = () => createLocalRunner({ extraPath: [bin] })

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fencepost-local-'))
    bin = join(dir, 'bin')
    mkdirSync(bin)
    writeFileSync(
      join(bin, 'fence_hang'),
      `#!/bin/sh\ncat > /dev/null\nsleep 300 &\necho $! > '${dir}/child.pid'\necho $$ > '${dir}/hang.pid'\nwait\n`,
    )
    writeFileSync(join(bin, 'fence_crash'), '#!/bin/sh\ncat > /dev/null\nkill -KILL $$\n')
    writeFileSync(join(bin, 'fence_noread'), '#!/bin/sh\necho done\n')
    writeFileSync(join(bin, 'fence_env'), '#!/bin/sh\nenv\n')
    for (const f of ['fence_hang', 'fence_crash', 'fence_noread', 'fence_env']) {
      chmodSync(join(bin, f), 0o755)
    }
  })

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('runs fence_dummy status/on/off with options on stdin only', async () => {
    const r = runner()
    const statusFile = join(dir, 'dummy-status')
    const call = (action: string) =>
      r.run(engine, {
        agent: 'fence_dummy',
        stdin: `action=${action}\ntype=file\nstatus_file=${statusFile}\n`,
        timeoutMs: 10_000,
      })
    expect(await call('status')).toMatchObject({
      code: 2,
      stdout: expect.stringContaining('Status: OFF'),
    })
    expect((await call('on')).code).toBe(0)
    expect(readFileSync(statusFile, 'utf8')).toBe('on')
    const on = await call('status')
    expect(on).toMatchObject({ code: 0, stdout: expect.stringContaining('Status: ON') })
    expect(on.stderr).not.toMatch(/DeprecationWarning/)
    expect((await call('off')).code).toBe(0)
    expect(readFileSync(statusFile, 'utf8')).toBe('off')
    await r.close()
  })

  it('maps a missing agent to agent-missing without echoing stdin', async () => {
    const r = runner()
    const err = await r
      .run(engine, { agent: 'fence_nosuchagent', stdin: 'password=hunter2\n', timeoutMs: 5000 })
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'agent-missing' })
    expect((err as Error).message).not.toContain('hunter2')
    await expect(
      r.run(engine, { agent: '../../bin/sh', stdin: '', timeoutMs: 5000 }),
    ).rejects.toMatchObject({ code: 'agent-missing' })
  })

  it('times out a hung agent and kills its whole process group', async () => {
    const r = runner()
    const t0 = performance.now()
    await expect(
      r.run(engine, { agent: 'fence_hang', stdin: 'action=status\n', timeoutMs: 500 }),
    ).rejects.toMatchObject({ code: 'timeout' })
    const ms = performance.now() - t0
    expect(ms).toBeGreaterThanOrEqual(490)
    expect(ms).toBeLessThan(1500)
    const pids = ['hang.pid', 'child.pid'].map((f) => Number(readFileSync(join(dir, f), 'utf8')))
    const until = Date.now() + 2000
    while (pids.some((p) => processId(p)) && Date.now() < until) {
      await new Promise((res) => setTimeout(res, 20))
    }
    expect(pids.filter((p) => processId(p))).toEqual([])
  })

  it('cancels with an AbortSignal', async () => {
    const r = runner()
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    await expect(
      r.run(engine, {
        agent: 'fence_hang',
        stdin: '',
        timeoutMs: 10_000,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'cancelled' })
    await expect(
      r.run(engine, {
        agent: 'fence_hang',
        stdin: '',
        timeoutMs: 10_000,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('reports a crash as 128 + signal and tolerates an agent that ignores stdin', async () => {
    const r = runner()
    const crash = await r.run(engine, { agent: 'fence_crash', stdin: 'x=1\n', timeoutMs: 5000 })
    expect(crash.code).toBe(137)
    expect(crash.stderr).toMatch(/signal SIGKILL/)
    const big = 'x=1\n'.repeat(100_000)
    expect(
      await r.run(engine, { agent: 'fence_noread', stdin: big, timeoutMs: 5000 }),
    ).toMatchObject({
      code: 0,
      stdout: 'done\n',
    })
  })

  it('finds an agent in /usr/sbin though this process’s PATH lacks it (an unprivileged desktop)', async () => {
    const saved = process.env.PATH
    process.env.PATH = '/usr/local/bin:/usr/bin:/bin'
    try {
      const r = createLocalRunner()
      const out = await r.run(engine, {
        agent: 'fence_dummy',
        stdin: `action=status\ntype=file\nstatus_file=${join(dir, 'dummy-unpriv')}\n`,
        timeoutMs: 10_000,
      })
      expect(out.code).toBe(2)
      const err = await r
        .run(engine, { agent: 'fence_nosuchagent', stdin: '', timeoutMs: 5000 })
        .catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'agent-missing' })
      expect((err as Error).message).toMatch(/fence_nosuchagent not found in .*\/usr\/sbin/)
      await r.close()
    } finally {
      process.env.PATH = saved
    }
  })

  it('gives agents /usr/sbin on PATH but not the app environment', async () => {
    process.env.FENCEPOST_TEST_SECRET = 'do-not-pass'
    try {
      const out = await runner().run(engine, { agent: 'fence_env', stdin: '', timeoutMs: 5000 })
      expect(out.stdout).toMatch(/^PATH=.*:\/usr\/sbin:/m)
      expect(out.stdout).not.toContain('do-not-pass')
    } finally {
      delete process.env.FENCEPOST_TEST_SECRET
    }
  })
})
