import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  agentCommand,
  killCommand,
  locateLocalAgent,
  parseProbe,
  PID_MARKER,
  probeCommand,
  remoteBoundSeconds,
} from '../../../../src-main/core/runners/agentLocator'

/** Runs a command line as a login shell would: `sh -c LINE`, with a stock unprivileged PATH. */
function asLogin(line: string, path = '/usr/local/bin:/usr/bin:/bin:/usr/games'): string {
  return execFileSync('/bin/sh', ['-c', line], { env: { PATH: path }, encoding: 'utf8' })
}

const dir = mkdtempSync(join(tmpdir(), 'fencepost-locator-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('agent probe', () => {
  it('finds an agent on the PATH first, else in the sbin folders the PATH lacks', () => {
    // `ls` is on any PATH; `sh -c` runs the probe even where PATH has nothing useful.
    expect(parseProbe(asLogin(probeCommand('ls'))).agent).toMatch(/^\/(usr\/)?bin\/ls$/)
    // A tool that lives in /sbin or /usr/sbin only, as fence-agents do.
    const sbinTool = ['/usr/sbin/useradd', '/usr/sbin/chroot', '/usr/sbin/sshd'].find((f) => {
      try {
        execFileSync('test', ['-x', f])
        return true
      } catch {
        return false
      }
    })
    expect(sbinTool).toBeDefined()
    const name = sbinTool!.split('/').pop()!
    expect(asLogin(`command -v ${name} || echo not-on-path`)).toBe('not-on-path\n')
    expect(parseProbe(asLogin(probeCommand(name))).agent).toMatch(/^\/(usr\/)?sbin\//)
  })

  it('reports an absent agent as absent, and the proxy’s timeout when it takes -k', () => {
    const found = parseProbe(asLogin(probeCommand('fence_nosuchagent_x')))
    expect(found.agent).toBeUndefined()
    expect(found.timeout).toMatch(/\/timeout$/)
  })

  it('ignores anything but absolute, printable paths', () => {
    expect(parseProbe('agent=fence_x\ntimeout=\n')).toEqual({
      agent: undefined,
      timeout: undefined,
    })
    expect(parseProbe('agent=/usr/sbin/fence_x\r\ntimeout=/usr/bin/timeout\n')).toEqual({
      agent: '/usr/sbin/fence_x',
      timeout: '/usr/bin/timeout',
    })
    expect(parseProbe('agent=/tmp/a\u001b[31m\n').agent).toBeUndefined()
  })
})

describe('agent command', () => {
  const agent = join(dir, "fence it's")
  writeFileSync(agent, '#!/bin/sh\necho "warn=$PYTHONWARNINGS"\ncat\necho oops >&2\nexit 3\n')
  chmodSync(agent, 0o755)

  it('runs the agent by its quoted path under the proxy’s timeout and announces its PID', () => {
    const line = agentCommand({ agent, timeout: '/usr/bin/timeout' }, 8000)
    expect(line).toContain(`'/usr/bin/timeout' -k 2 ${remoteBoundSeconds(8000)} `)
    expect(remoteBoundSeconds(8000)).toBe(10)
    let out = ''
    let err = ''
    try {
      execFileSync('/bin/sh', ['-c', line], { input: 'action=status\n', encoding: 'utf8' })
    } catch (e) {
      const failed = e as { status: number; stdout: string; stderr: string }
      expect(failed.status).toBe(3)
      out = failed.stdout
      err = failed.stderr
    }
    expect(out).toBe('warn=ignore::DeprecationWarning\naction=status\n')
    const [first, ...rest] = err.split('\n')
    expect(first).toMatch(new RegExp(`^${PID_MARKER}\\d+$`))
    expect(rest.join('\n')).toBe('oops\n')
  })

  it('runs without a timeout where the proxy has none', () => {
    expect(agentCommand({ agent: '/usr/sbin/fence_ipmilan' }, 5000)).not.toMatch(/timeout/)
  })

  it('builds a kill for a process group, refusing nonsense PIDs', () => {
    expect(killCommand(1234, 'TERM')).toMatch(/fencepost-kill TERM 1234$/)
    expect(() => killCommand(1, 'KILL')).toThrow(/bad pid/)
    expect(() => killCommand(Number.NaN, 'KILL')).toThrow(/bad pid/)
  })
})

describe('local search', () => {
  it('looks in extra folders, the PATH, then where fence-agents installs', () => {
    const bin = join(dir, 'bin')
    execFileSync('mkdir', ['-p', bin])
    writeFileSync(join(bin, 'fence_local_x'), '#!/bin/sh\n')
    chmodSync(join(bin, 'fence_local_x'), 0o755)
    expect(locateLocalAgent('fence_local_x', [bin], '/usr/bin')).toBe(join(bin, 'fence_local_x'))
    expect(locateLocalAgent('fence_local_x', [], bin)).toBe(join(bin, 'fence_local_x'))
    expect(locateLocalAgent('fence_local_x', [], '/usr/bin')).toBeUndefined()
    // An unprivileged desktop user's PATH lacks /usr/sbin; the search does not.
    expect(locateLocalAgent('sh', [], '')).toMatch(/^\/(usr\/)?bin\/sh$/)
  })
})
