// `settings.fetchHostKey` / `settings.trustHost`: `fencepost trust` for the UI. The key a machine
// presents is read by a stand-in here (the SSH runner's own fetchHostKey has its real-sshd tests).
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../../src-main/common/errors'
import { createNodeCore } from '../../../../src-main/core/nodeCore'
import { dataPaths } from '../../../../src-main/core/paths'
import { createFileKnownHosts } from '../../../../src-main/core/runners/knownHosts'
import { sampleDocument } from '../persistence/fixtures/documents'
import { tempDir } from '../persistence/fixtures/tempDir'

const NOW = 'SHA256:' + 'A'.repeat(43)
const OLD = 'SHA256:' + 'B'.repeat(43)

async function coreWith(presented: Map<string, string>) {
  const asked: string[] = []
  const dataDir = tempDir()
  const core = await createNodeCore({
    dataDir,
    keyring: null,
    fetchHostKey: async (host, port) => {
      asked.push(`${host}:${port}`)
      const key = presented.get(`${host}:${port}`)
      if (!key) throw new Error('connect ECONNREFUSED')
      return key
    },
  })
  const saved = await core.api.topology.save(sampleDocument())
  expect(saved.ok).toBe(true)
  return { core, asked, dataDir }
}

async function refusal(run: Promise<unknown>): Promise<ApiError> {
  try {
    await run
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('settings.fetchHostKey / trustHost', () => {
  it('shows the key without storing it, and stores it only when the fingerprint matches', async () => {
    const { core, asked } = await coreWith(new Map([['jump1.lab.example:22', NOW]]))
    const settings = core.api.settings
    expect(await settings.fetchHostKey('jump1')).toEqual({
      machine: 'jump1',
      hostPort: 'jump1.lab.example:22',
      fingerprint: NOW,
    })
    expect(asked).toEqual(['jump1.lab.example:22'])
    expect(await settings.knownHosts()).toEqual([])
    const wrong = await refusal(settings.trustHost('jump1', OLD))
    expect(wrong.code).toBe('bad-arguments')
    expect(wrong.message).toMatch(/^fingerprint: .*presents SHA256:A+/)
    expect(await settings.knownHosts()).toEqual([])
    expect(await settings.trustHost('jump1', `  ${NOW}\n`)).toEqual([
      { hostPort: 'jump1.lab.example:22', fingerprint: NOW },
    ])
    expect((await settings.fetchHostKey('p1')).known).toBe(NOW)
    await core.close()
  })

  it('replaces a different known key only with replace', async () => {
    const { core, dataDir } = await coreWith(new Map([['jump1.lab.example:22', NOW]]))
    const settings = core.api.settings
    // Trusted earlier with another key (then the machine was reinstalled, or someone intercepts).
    await createFileKnownHosts(dataPaths(dataDir).knownHosts).trust('jump1.lab.example:22', OLD)
    expect((await settings.fetchHostKey('jump1')).known).toBe(OLD)
    const refused = await refusal(settings.trustHost('jump1', NOW))
    expect(refused.message).toMatch(/^replace: .*different known key/)
    expect((await settings.knownHosts())[0]!.fingerprint).toBe(OLD)
    await settings.trustHost('jump1', NOW, true)
    expect((await settings.knownHosts())[0]!.fingerprint).toBe(NOW)
    await core.close()
  })

  it('names the machine when it is unknown, local or unreachable', async () => {
    const { core } = await coreWith(new Map())
    const settings = core.api.settings
    expect((await refusal(settings.fetchHostKey('nope'))).code).toBe('not-found')
    expect((await refusal(settings.fetchHostKey('engine'))).message).toContain('exec: "local"')
    const down = await refusal(settings.fetchHostKey('jump1'))
    expect(down.message).toBe('machine: cannot fetch the host key of jump1: connect ECONNREFUSED')
    await core.close()
  })
})
