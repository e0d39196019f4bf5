// The CLI and the workstation-wide rules: a power action or test on a host another process holds
// exits 1 naming the holder (also with --topology FILE: the lock is per workstation), and
// `import` is an explicit overwrite that says what it replaced.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import { createHostLocks, locksDir } from '../../../src-main/core/locks/hostLocks'
import { DEMO, SAMPLE, cli, useTempHome } from './cliHarness'

const home = useTempHome('fencepost-cli-locks-')

describe('a host held by another program', () => {
  it('refuses power actions and test with exit 1, naming the holder', async () => {
    const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as TopologyDocument
    const host = demo.hosts.find((h) => h.powerManagement?.enabled)!
    const app = createHostLocks({ dir: locksDir(home()), who: 'Fencepost app' })
    const lock = app.acquire({ hostId: host.id, host: host.name, action: 'restart' })
    const holder = new RegExp(
      `${host.name} is busy: restart by Fencepost app \\(pid ${process.pid}\\) since \\d\\d:\\d\\d:\\d\\d`,
    )
    try {
      for (const command of ['off', 'on', 'status', 'test']) {
        const result = await cli(command, host.name, '--topology', DEMO)
        expect(result.code, command).toBe(1)
        expect(result.err).toMatch(new RegExp(`^fencepost ${command}: ${holder.source}\\n$`))
        expect(result.out).not.toMatch(/power is|FAILED/)
      }
      // A dry run executes nothing and needs no lock.
      expect((await cli('off', host.name, '--topology', DEMO, '--dry-run')).code).toBe(0)
    } finally {
      lock.release()
    }
    expect((await cli('status', host.name, '--topology', DEMO)).code).toBe(0)
  })
})

describe('import', () => {
  it('overwrites whatever revision is stored and says what it replaced', async () => {
    const first = await cli('import', SAMPLE)
    expect(first.code).toBe(0)
    expect(first.out).toContain('(revision 1)')
    expect(first.out).toContain('The store held no topology before.')

    const hosts = (JSON.parse(readFileSync(SAMPLE, 'utf8')) as TopologyDocument).hosts.length
    const second = await cli('import', DEMO)
    expect(second.code).toBe(0)
    expect(second.out).toContain('(revision 2)')
    expect(second.out).toContain(`It replaced revision 1 (${hosts} host(s)); that file is kept`)

    const json = await cli('import', SAMPLE, '--json')
    expect(JSON.parse(json.out)).toMatchObject({
      revision: 3,
      replaced: { revision: 2 },
    })
    expect(JSON.parse(readFileSync(join(home(), 'config.json'), 'utf8')).revision).toBe(3)
  })
})
