// An unresolvable secret ends the attempt as secret-missing, naming the secret and where it should
// come from, and the agent is never run without it — through the real core with a runner that
// records every call. Also: the CLI, built as it builds its core, reads what the app's store saved.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Device, Proxy, TopologyDocument } from '../../../../src-main/common/document'
import type { FencepostCore } from '../../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import { createFileSecretStore } from '../../../../src-main/core/secrets/fileSecretStore'
import { openSecretStore } from '../../../../src-main/core/secrets/openSecretStore'
import type {
  AgentCall,
  AgentRunner,
  RunTarget,
} from '../../../../src-main/core/runners/agentRunner'
import { oneHostLab } from '../fixtures/oneHostLab'
import { tempDir } from '../persistence/fixtures/tempDir'
import { MemoryKeyring } from './memoryKeyring'

const BMC_PASSWORD = 'Bmc-pl41n-S3cret'
const SSH_PASSWORD = 'Ssh-pl41n-S3cret'

/** Runs nothing: records what would have run and answers "on". */
function recordingRunner(): AgentRunner & { calls: { target: RunTarget; call: AgentCall }[] } {
  const calls: { target: RunTarget; call: AgentCall }[] = []
  return {
    calls,
    async run(target, call) {
      calls.push({ target, call })
      return { code: 0, stdout: 'Status: ON\n', stderr: '' }
    },
    async close() {},
  }
}

/** h1 fenced through the proxy jump1 (ssh password), then the engine (local). */
function document(password: unknown, sshPassword: unknown): TopologyDocument {
  return oneHostLab(
    [
      {
        id: 'psu1',
        type: 'ipmilan',
        order: 1,
        params: { ip: '10.1.0.11', username: 'admin', password, lanplus: true },
        proxyPreferences: ['jump1', 'engine'],
      } as Device,
    ],
    {
      host: { id: 'host-1' },
      proxies: [
        {
          id: 'proxy-1',
          name: 'jump1',
          address: 'jump1.lab.example',
          ssh: { user: 'fence', password: sshPassword },
        } as Proxy,
      ],
    },
  )
}

const cores: FencepostCore[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close()
})

async function coreOver(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  runner = recordingRunner(),
): Promise<{ core: FencepostCore; runner: ReturnType<typeof recordingRunner> }> {
  const core = await createNodeCore({
    dataDir,
    env: { FENCEPOST_SECRET_STORE: 'file', ...env },
    runner,
    fencingSettings: { agentTimeoutMs: 2_000, verifyRetries: 0, verifyDelayMs: 1 },
  })
  cores.push(core)
  return { core, runner }
}

function everythingIn(dataDir: string): string {
  const texts: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else texts.push(readFileSync(path, 'latin1'))
    }
  }
  walk(dataDir)
  return texts.join('\n')
}

describe('a secret that cannot be resolved', () => {
  it('{ env } not set: secret-missing naming the device, parameter and variable; agent not run', async () => {
    const { core, runner } = await coreOver(tempDir(), { FP_SSH_PW: SSH_PASSWORD })
    const doc = document({ env: 'FP_BMC_PW_UNSET' }, { env: 'FP_SSH_PW' })
    const result = await core.runAction(doc, { host: 'h1', action: 'status', dryRun: false })

    expect(runner.calls).toEqual([])
    expect(result.result).toBe('failed')
    expect(result.attempts.length).toBeGreaterThan(0)
    for (const attempt of result.attempts) {
      expect(attempt).toMatchObject({ device: 'psu1', outcome: 'secret-missing' })
      expect(attempt.message).toContain('parameter password of device psu1')
      expect(attempt.message).toContain('environment variable FP_BMC_PW_UNSET is not set')
      expect(attempt.message).toMatch(/fencepost import/)
    }
    expect(JSON.stringify(result)).not.toContain(SSH_PASSWORD)
  })

  it("{ ref } gone from the store: secret-missing naming the ref and this workstation's store", async () => {
    const dataDir = tempDir()
    const { core, runner } = await coreOver(dataDir, { FP_SSH_PW: SSH_PASSWORD })
    const imported = await core.importDocument(document(BMC_PASSWORD, { env: 'FP_SSH_PW' }))
    if (!imported.ok) throw new Error(JSON.stringify(imported.issues))
    const ref = (
      imported.document.hosts[0]!.powerManagement!.devices[0]!.params.password as {
        ref: string
      }
    ).ref
    // Lost (a document whose refs came from another workstation's store reads the same).
    await createFileSecretStore({ dir: dataDir }).delete(ref)

    const stored = core.loadStored().document!
    const result = await core.runAction(stored, { host: 'h1', action: 'on', dryRun: false })
    expect(runner.calls).toEqual([])
    expect(result.result).toBe('failed')
    expect(result.attempts[0]).toMatchObject({ outcome: 'secret-missing', device: 'psu1' })
    expect(result.attempts[0]!.message).toContain(`secret "${ref}" is not in the secret store`)
    expect(result.attempts[0]!.message).toContain(join(dataDir, 'secrets'))
    expect(result.message).toContain('parameter password of device psu1')
    // History and everything else in the data folder: never a value.
    const history = await core.api.fencing.history('h1')
    expect(history[0]?.attempts[0]?.outcome).toBe('secret-missing')
    expect(everythingIn(dataDir)).not.toContain(BMC_PASSWORD)
  })

  it("a proxy's ssh.password missing: that proxy is passed over as secret-missing, the next runs", async () => {
    const { core, runner } = await coreOver(tempDir(), { FP_BMC_PW: BMC_PASSWORD })
    const doc = document({ env: 'FP_BMC_PW' }, { env: 'FP_SSH_PW_UNSET' })
    const result = await core.runAction(doc, { host: 'h1', action: 'status', dryRun: false })

    expect(result).toMatchObject({ result: 'ok', power: 'on' })
    const jump = result.attempts.find((a) => a.proxy === 'jump1')
    expect(jump).toMatchObject({ outcome: 'secret-missing' })
    expect(jump!.message).toContain('ssh.password of jump1')
    expect(jump!.message).toContain('FP_SSH_PW_UNSET')
    // The agent ran once, on the engine, with the password on stdin.
    expect(runner.calls.map((c) => c.target.name)).toEqual(['engine'])
    expect(runner.calls[0]!.call.stdin).toContain(`password=${BMC_PASSWORD}`)
  })
})

describe("the CLI working on the app's store", () => {
  it('reads the secrets a browser-mode save put in the store, and gives them to the agent', async () => {
    const dataDir = tempDir()
    // Saved through one core, as browser mode (or the app) saves from the editor.
    const { core: app } = await coreOver(dataDir, {})
    const saved = await app.api.topology.save(document(BMC_PASSWORD, SSH_PASSWORD))
    expect(saved.ok).toBe(true)
    await app.close()
    cores.splice(cores.indexOf(app), 1)
    expect(everythingIn(dataDir)).not.toContain(BMC_PASSWORD)

    // The CLI builds its core its own way (openCore → openSecretStore → createNodeCore).
    const runner = recordingRunner()
    const cli = await createNodeCore({
      dataDir,
      env: { FENCEPOST_SECRET_STORE: 'file' },
      runner,
      secretStore: await openSecretStore({ dataDir, env: { FENCEPOST_SECRET_STORE: 'file' } }),
    })
    cores.push(cli)
    const stored = cli.loadStored().document!
    const result = await cli.runAction(stored, { host: 'h1', action: 'status', dryRun: false })
    expect(result).toMatchObject({ result: 'ok', power: 'on' })
    expect(runner.calls).toHaveLength(1)
    expect(runner.calls[0]!.target).toMatchObject({ name: 'jump1', password: SSH_PASSWORD })
    expect(runner.calls[0]!.call.stdin).toContain(`password=${BMC_PASSWORD}`)
    // What was recorded shows *** only.
    expect(JSON.stringify(result)).not.toContain(BMC_PASSWORD)
  })

  it("with the OS keyring: the CLI reads the app's secrets there, or names the keyring it cannot reach", async () => {
    const dataDir = tempDir()
    const keyring = new MemoryKeyring()
    const app = await createNodeCore({ dataDir, env: {}, keyring, runner: recordingRunner() })
    cores.push(app)
    expect((await app.api.topology.save(document(BMC_PASSWORD, SSH_PASSWORD))).ok).toBe(true)
    expect(everythingIn(dataDir)).not.toContain(BMC_PASSWORD)
    expect([...keyring.entries.values()].flatMap((m) => [...m.values()])).toContain(BMC_PASSWORD)

    const runner = recordingRunner()
    const cli = await createNodeCore({ dataDir, env: {}, keyring, runner })
    cores.push(cli)
    const ok = await cli.runAction(cli.loadStored().document!, {
      host: 'h1',
      action: 'status',
      dryRun: false,
    })
    expect(ok.result).toBe('ok')
    expect(runner.calls[0]!.call.stdin).toContain(`password=${BMC_PASSWORD}`)

    // The CLI over SSH on the same workstation: no session bus, so no keyring.
    keyring.unreachable = 'no D-Bus session bus'
    const remote = recordingRunner()
    const ssh = await createNodeCore({ dataDir, env: {}, keyring, runner: remote })
    cores.push(ssh)
    const failed = await ssh.runAction(ssh.loadStored().document!, {
      host: 'h1',
      action: 'status',
      dryRun: false,
    })
    expect(remote.calls).toEqual([])
    expect(failed.attempts.map((a) => a.outcome)).toEqual(['secret-missing', 'secret-missing'])
    for (const attempt of failed.attempts) {
      expect(attempt.message).toMatch(
        /parameter password of device psu1: .*OS keyring \(test keyring\).*no D-Bus session bus/,
      )
    }
  })
})
