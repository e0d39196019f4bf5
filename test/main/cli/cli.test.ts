// The `fencepost` command as a user runs it: in-process through runCli for the contract, and once
// through the real bin as `npx fencepost` would.
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../../src-main/cli/commands/index'
import { ROOT, SAMPLE, DEMO, cli, useTempHome } from './cliHarness'

const home = useTempHome('fencepost-cli-')

function faultyDocument(): string {
  const doc = JSON.parse(readFileSync(SAMPLE, 'utf8'))
  doc.hosts[0].address = 'not an address!'
  doc.hosts[1].cluster = 'missing-cluster'
  doc.hosts[0].powerManagement.devices[0].params.ipport = 70000
  doc.hosts[0].powerManagement.devices[1].type = 'no-such-type'
  const file = join(home(), 'faulty.json')
  writeFileSync(file, JSON.stringify(doc))
  return file
}

describe('help and usage', () => {
  it('every command has --help, exit 0', async () => {
    for (const command of COMMANDS) {
      const result = await cli(...command.name.split(' '), '--help')
      expect(result.code, command.name).toBe(0)
      expect(result.out).toContain(`Usage: fencepost ${command.usage}`)
    }
  })

  it('an unknown command or option is bad usage, exit 2', async () => {
    expect((await cli('frobnicate')).code).toBe(2)
    const bad = await cli('plan', 'a1', '--no-such-option', '--topology', SAMPLE)
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/no-such-option/)
  })
})

describe('validate', () => {
  it('lists every error by path and exits 2, touching no store', async () => {
    const result = await cli('validate', faultyDocument())
    expect(result.code).toBe(2)
    for (const path of [
      'hosts[0].address',
      'hosts[1].cluster',
      'hosts[0].powerManagement.devices[0].params.ipport',
      'hosts[0].powerManagement.devices[1].type',
    ]) {
      expect(result.err).toContain(`${path}: `)
    }
    expect(readdirSync(home()).filter((f) => f.startsWith('config'))).toEqual([])
  })

  it('a file that is not JSON: exit 2, and the message quotes none of the text', async () => {
    // V8's own message quotes the text around the bad token — here, a password.
    const file = join(home(), 'broken.json')
    writeFileSync(file, '{ "password": hunter2-secret }')
    for (const command of ['validate', 'import']) {
      const result = await cli(command, file)
      expect(result.code).toBe(2)
      expect(result.err).toContain('broken.json: not valid JSON (Unexpected token)')
      expect(result.err).not.toContain('hunter2')
    }
  })

  it('accepts the sample lab', async () => {
    const result = await cli('validate', SAMPLE)
    expect(result).toMatchObject({ code: 0 })
    expect(result.out).toMatch(/is valid: 1 engine, 2 data centers, 3 clusters, 7 hosts, 1 proxy\./)
  })

  it('--json gives the issues as data', async () => {
    const result = await cli('validate', faultyDocument(), '--json')
    expect(result.code).toBe(2)
    const body = JSON.parse(result.out) as { valid: boolean; issues: { path: string }[] }
    expect(body.valid).toBe(false)
    expect(body.issues.length).toBeGreaterThanOrEqual(4)
  })
})

describe('plan', () => {
  it('--json prints the shape of DESIGN.md §7', async () => {
    const result = await cli('plan', 'a1', '--topology', SAMPLE, '--json')
    expect(result.code).toBe(0)
    const plan = JSON.parse(result.out)
    expect(plan.host).toBe('a1')
    const psu1 = plan.devices[0]
    expect(psu1).toMatchObject({ device: 'psu1', order: 1, preferences: { from: 'device' } })
    expect(psu1.candidates[0]).toEqual(expect.objectContaining({ proxy: 'a2', via: 'cluster' }))
    expect(psu1.rejected).toContainEqual(expect.objectContaining({ proxy: 'a1', reason: 'target' }))
    expect(psu1.rejected).toContainEqual(
      expect.objectContaining({ proxy: 'a3', reason: 'status:maintenance' }),
    )
  })

  it('the human form is a table with reasons in words', async () => {
    const result = await cli('plan', 'a1', '--topology', SAMPLE)
    expect(result.out).toContain('1. a2')
    expect(result.out).toContain('a1 — is the host being fenced')
    expect(result.out).toContain('a3 — is in maintenance')
  })

  it('takes HOST by id or by name (the sample lab names h-a2 "a2")', async () => {
    const byId = await cli('plan', 'h-a2', '--topology', SAMPLE, '--json')
    const byName = await cli('plan', 'a2', '--topology', SAMPLE, '--json')
    expect(byId.code).toBe(0)
    expect(JSON.parse(byId.out)).toMatchObject({ host: 'a2', hostId: 'h-a2' })
    expect(byName.out).toBe(byId.out)
  })

  it('an unknown host is bad input, exit 2', async () => {
    const result = await cli('plan', 'nope', '--topology', SAMPLE)
    expect(result.code).toBe(2)
    expect(result.err).toMatch(/nope/)
  })

  it('without --topology and an empty store it says what to do', async () => {
    const result = await cli('plan', 'a1')
    expect(result.code).toBe(2)
    expect(result.err).toMatch(/fencepost import FILE/)
  })
})

describe('history', () => {
  it('an empty history says so; a bad --limit is bad usage naming the option', async () => {
    const empty = await cli('history', 'h-a2', '--topology', SAMPLE)
    expect(empty).toMatchObject({ code: 0, out: 'No actions recorded for h-a2.\n' })
    const bad = await cli('history', '--limit', 'ten')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--limit: expected a whole number of 1 or more, got "ten"')
  })
})

describe('import and export', () => {
  it('imports into the store, moves plain secrets out, exports without them', async () => {
    const doc = JSON.parse(readFileSync(SAMPLE, 'utf8'))
    doc.hosts[0].powerManagement.devices[0].params.password = 'pl41n-s3cret'
    const file = join(home(), 'with-secret.json')
    writeFileSync(file, JSON.stringify(doc))
    const imported = await cli('import', file)
    expect(imported.code).toBe(0)
    expect(imported.out).toMatch(/1 secret\(s\) moved/)
    const storeText = readFileSync(join(home(), 'config.json'), 'utf8')
    expect(storeText).not.toContain('pl41n-s3cret')
    expect(statSync(join(home(), 'config.json')).mode & 0o077).toBe(0)

    const exported = await cli('export')
    expect(exported.code).toBe(0)
    expect(exported.out).not.toContain('pl41n-s3cret')
    expect(
      JSON.parse(exported.out).hosts[0].powerManagement.devices[0].params.password,
    ).toBeUndefined()

    const withSecrets = await cli('export', '--include-secrets')
    expect(JSON.parse(withSecrets.out).hosts[0].powerManagement.devices[0].params.password).toBe(
      'pl41n-s3cret',
    )
    // the stored document now serves commands without --topology
    expect((await cli('plan', 'a1')).code).toBe(0)
  })

  it('an invalid import lists the errors, exits 2 and leaves the store as it was', async () => {
    expect((await cli('import', SAMPLE)).code).toBe(0)
    const before = readFileSync(join(home(), 'config.json'))
    const result = await cli('import', faultyDocument())
    expect(result.code).toBe(2)
    expect(result.err).toContain('hosts[0].address')
    expect(readFileSync(join(home(), 'config.json'))).toEqual(before)
  })
})

describe('power actions on the simulated demo lab', () => {
  it('off streams each attempt and prints the result; --json has the §7 shape', async () => {
    const human = await cli('status', 'a2', '--topology', DEMO)
    expect(human.code).toBe(0)
    expect(human.out).toMatch(/bmc via a1: status — power on \(\d+ ms\)/)
    const json = await cli('off', 'a2', '--topology', DEMO, '--json')
    expect(json.code).toBe(0)
    const result = JSON.parse(json.out)
    expect(result).toMatchObject({ host: 'a2', action: 'off', result: 'ok', power: 'off' })
    expect(result.attempts[0]).toEqual(
      expect.objectContaining({ device: 'bmc', proxy: 'a1', action: 'off', outcome: 'ok' }),
    )
    expect(typeof result.attempts[0].ms).toBe('number')
    const history = await cli('history', 'a2', '--json')
    expect(JSON.parse(history.out).map((e: { action: string }) => e.action)).toEqual([
      'off',
      'status',
    ])
  })

  it('--dry-run shows proxies and stdin and executes nothing', async () => {
    const result = await cli('restart', 'a1', '--topology', DEMO, '--dry-run')
    expect(result.code).toBe(0)
    expect(result.out).toContain('Dry run of restart on a1')
    expect(result.out).toContain('off psu1 (order 1) through: a2, jump1')
    expect(result.out).toContain('action=off')
  })

  it('plugins list shows the built-in types', async () => {
    const result = await cli('plugins', 'list')
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/ipmilan\s+fence_ipmilan/)
    expect(result.out).toMatch(/sim\s+fence_sim/)
  })
})

describe('the installed bin', () => {
  it('`npx fencepost --help` works right after `npm ci`', () => {
    const out = execFileSync('npx', ['--no-install', 'fencepost', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    expect(out).toContain('Usage: fencepost <command>')
  })

  it('exits 2 on an invalid document and 0 on a plan', () => {
    const bad = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/fencepost.js'), 'validate', faultyDocument()],
      {
        encoding: 'utf8',
        env: { ...process.env, FENCEPOST_HOME: home() },
      },
    )
    expect(bad.status).toBe(2)
    const plan = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/fencepost.js'), 'plan', 'a1', '--topology', SAMPLE, '--json'],
      { encoding: 'utf8', env: { ...process.env, FENCEPOST_HOME: home() } },
    )
    expect(plan.status).toBe(0)
    expect(JSON.parse(plan.stdout).host).toBe('a1')
  })
})
