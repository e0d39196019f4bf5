// A named preference entry that matches no machine (DESIGN.md §3 `unknown-reference`): validation
// warns and the draft can be saved, but every real power action on a host whose applying list
// holds it is refused whole — in the core, the CLI and browser mode alike — naming the entry and
// where it is. The demo lab on the in-process simulated BMCs: nothing may be powered.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../../src-main/common/document'
import { ApiError, isApiError } from '../../../../src-main/common/errors'
import { unknownEntriesOf, unknownEntryRefusal } from '../../../../src-main/common/unknownEntries'
import { planHost } from '../../../../src-main/common/planner/planHost'
import { answerOfError } from '../../../../src-main/server/apiErrors'
import { cli, useTempHome } from '../../cli/cliHarness'
import { demoDocument, useDemoCore } from '../fixtures/demoCore'

/** The demo with `ghost.lab` first in psu1 of a1's own list. */
function withGhost(): TopologyDocument {
  const doc = demoDocument()
  const a1 = doc.hosts.find((h) => h.name === 'a1')!
  a1.powerManagement!.devices.find((d) => d.id === 'psu1')!.proxyPreferences = [
    'ghost.lab',
    'cluster',
  ]
  return doc
}

const REFUSAL =
  'No power action runs on a1: "ghost.lab" in the preferences of psu1 of a1 matches no host or ' +
  'proxy, so the proxy order you meant cannot be known. Fix or remove the entry (or add the ' +
  'machine it names) and save.'

describe('the rule (common/unknownEntries.ts)', () => {
  it('names the entry and the list it is in, once per inherited list with the devices it governs', () => {
    expect(unknownEntryRefusal(planHost(withGhost(), 'a1'))).toBe(REFUSAL)
    expect(unknownEntryRefusal(planHost(withGhost(), 'a2'))).toBeUndefined()
    const doc = demoDocument()
    doc.clusters.find((c) => c.id === 'east-a')!.proxyPreferences = ['cluster', 'Ghost.Lab']
    const plan = planHost(doc, 'a1')
    // pdu has its own list; psu1 and psu2 inherit the cluster's.
    expect(unknownEntriesOf(plan)).toEqual([
      { entry: 'Ghost.Lab', from: 'cluster', fromName: 'east-a', devices: ['psu1', 'psu2'] },
    ])
    expect(unknownEntryRefusal(plan)).toContain(
      '"Ghost.Lab" in the preferences of cluster east-a (used by psu1, psu2) matches no host',
    )
  })
})

describe('in the core', () => {
  const sim = useDemoCore({ prefix: 'fencepost-unknown-', fencingSettings: { verifyRetries: 2 } })

  it('validation warns, naming the entry by path; the document is valid and saves', async () => {
    const checked = sim.core.validate(withGhost())
    expect(checked.ok).toBe(true)
    expect(checked.warnings).toEqual([
      {
        path: 'hosts[0].powerManagement.devices[0].proxyPreferences[0]',
        message:
          '"ghost.lab" matches no host or proxy of the document; power actions on the hosts ' +
          'this list applies to are refused until it names one',
        severity: 'warning',
      },
    ])
    const saved = await sim.core.api.topology.save(withGhost(), sim.core.store.revision())
    expect(saved).toMatchObject({ ok: true, warnings: checked.warnings })
    expect(
      sim.core.loadStored().document?.hosts[0]?.powerManagement?.devices[0]?.proxyPreferences,
    ).toEqual(['ghost.lab', 'cluster'])
  })

  it.each(['status', 'on', 'off', 'restart'] as const)(
    '%s of the host is refused whole with an ApiError naming the entry; nothing runs',
    async (action) => {
      await sim.core.api.topology.save(withGhost(), sim.core.store.revision())
      const before = JSON.stringify(sim.world.snapshot())
      const error = await sim.core.api.fencing.run({ host: 'a1', action, dryRun: false }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isApiError(error)).toBe(true)
      expect(error).toMatchObject({ code: 'refused', message: REFUSAL })
      expect((error as ApiError).details).toEqual({
        unknownEntries: [{ entry: 'ghost.lab', from: 'device', devices: ['psu1'] }],
      })
      expect(JSON.stringify(sim.world.snapshot())).toBe(before)
      expect(sim.core.history.read()).toEqual([])
    },
  )

  it('a dry run still shows the plan and says the real action is refused', async () => {
    const result = await sim.run('a1', 'off', { doc: withGhost(), dryRun: true })
    expect(result.result).toBe('ok')
    expect(result.dryRunSteps?.map((s) => s.device)).toEqual(['psu1', 'psu2', 'pdu'])
    expect(result.message).toBe(`Only a dry run: ${REFUSAL}`)
  })

  it('hosts whose lists hold no unknown entry act as before', async () => {
    const result = await sim.run('a2', 'off', { doc: withGhost() })
    expect(result).toMatchObject({ result: 'ok', power: 'off' })
  })

  it('browser mode answers the refusal 409 with its code and message', () => {
    const answer = answerOfError(new ApiError('refused', REFUSAL), () => {})
    expect(answer).toEqual({ status: 409, body: { error: REFUSAL, code: 'refused' } })
  })
})

describe('in the CLI (DESIGN.md §7 exit codes)', () => {
  const home = useTempHome('fencepost-unknown-cli-')

  function ghostFile(): string {
    const file = join(home(), 'ghost.json')
    writeFileSync(file, JSON.stringify(withGhost()))
    return file
  }

  it('validate and import: valid, exit 0, the warning listed', async () => {
    const file = ghostFile()
    const validated = await cli('validate', file)
    expect(validated.code).toBe(0)
    expect(validated.out).toContain(
      'warning: hosts[0].powerManagement.devices[0].proxyPreferences[0]: "ghost.lab" matches no host',
    )
    const json = JSON.parse((await cli('validate', file, '--json')).out)
    expect(json).toMatchObject({ valid: true, issues: [], warnings: [{ severity: 'warning' }] })
    const imported = await cli('import', file)
    expect(imported.code).toBe(0)
    expect(imported.err).toContain('warning: hosts[0].powerManagement.devices[0]')
  })

  it('a power action is refused: exit 1, the reason on stderr; a dry run shows it, exit 0', async () => {
    const file = ghostFile()
    const off = await cli('off', 'a1', '--topology', file)
    expect(off.code).toBe(1)
    expect(off.err).toContain(`fencepost off: ${REFUSAL}`)
    const dry = await cli('off', 'a1', '--topology', file, '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.out).toContain(`Only a dry run: ${REFUSAL}`)
  })
})
