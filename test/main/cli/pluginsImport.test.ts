// `fencepost plugins import-metadata AGENT`: the plugin runs AGENT, the executable that was asked
// for, even when its metadata names another agent (Pacemaker's fence_legacy says fence_pcmk).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { closeCore } from '../../../src-main/cli/context'
import { itWithParts } from '../../support/requiredParts'
import { cli, useTempHome } from './cliHarness'

const legacyMissing = existsSync('/usr/sbin/fence_legacy')
  ? undefined
  : 'fence_legacy (pacemaker-cli-utils) is missing — run scripts/install-lab.sh'

const ipmilanMissing = existsSync('/usr/sbin/fence_ipmilan')
  ? undefined
  : 'fence_ipmilan (fence-agents) is missing — run scripts/install-lab.sh'

const home = useTempHome('fencepost-cli-plugins-')

describe('plugins import-metadata', () => {
  it('refuses an --id that is no id (it names a folder), exit 2, naming the option', async () => {
    const result = await cli('plugins', 'import-metadata', 'fence_dummy', '--id', '../../evil')
    expect(result.code).toBe(2)
    expect(result.err).toContain('--id "../../evil": must start with a letter or digit')
    expect(existsSync(join(home(), 'plugins'))).toBe(false)
  })

  itWithParts(
    legacyMissing,
    'fence_legacy: the written plugin runs fence_legacy, with a warning naming fence_pcmk',
    async () => {
      const result = await cli('plugins', 'import-metadata', 'fence_legacy')
      expect(result.code).toBe(0)
      expect(result.err).toContain(
        'warning: the metadata names the agent "fence_pcmk"; the plugin runs fence_legacy',
      )
      const file = join(home(), 'plugins', 'legacy', 'plugin.json')
      const manifest = JSON.parse(readFileSync(file, 'utf8'))
      expect(manifest.contributes.fenceTypes[0].agent).toBe('fence_legacy')
      await closeCore()
      // The loader takes it, and the type runs the agent that exists.
      const listed = await cli('plugins', 'list', '--json')
      const plugins = JSON.parse(listed.out).plugins as {
        id: string
        contributes: { fenceTypes: { agent: string }[] }
      }[]
      const legacy = plugins.find((p) => p.id === 'legacy')
      expect(legacy?.contributes.fenceTypes[0]?.agent).toBe('fence_legacy')
    },
  )

  itWithParts(legacyMissing, '--json names the agent and carries the warning', async () => {
    const result = await cli('plugins', 'import-metadata', 'fence_legacy', '--json')
    expect(result.code).toBe(0)
    const body = JSON.parse(result.out)
    expect(body.agent).toBe('fence_legacy')
    expect(body.warnings).toEqual([expect.stringContaining('"fence_pcmk"')])
  })

  itWithParts(
    ipmilanMissing,
    'an agent a built-in plugin already has: refused with a free id offered, which then loads',
    async () => {
      const refused = await cli('plugins', 'import-metadata', 'fence_ipmilan')
      expect(refused.code).toBe(2)
      expect(refused.err).toContain(
        'the plugin "ipmilan" already has the id "ipmilan", so this one would not load; ' +
          'give it another id: --id ipmilan-imported',
      )
      expect(existsSync(join(home(), 'plugins'))).toBe(false)

      const taken = await cli(
        'plugins',
        'import-metadata',
        'fence_ipmilan',
        '--id',
        'ipmilan-imported',
      )
      expect(taken.code).toBe(0)
      await closeCore()
      const listed = JSON.parse((await cli('plugins', 'list', '--json')).out)
      expect(listed.plugins.map((p: { id: string }) => p.id)).toContain('ipmilan-imported')
      expect(listed.diagnostics).toEqual([])
    },
  )
})
