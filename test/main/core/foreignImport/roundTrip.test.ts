// Out to Pacemaker and back in: a cluster exported as a CIB and imported again plans like the
// source — the same device groups in the same order, and the same cluster nodes as candidates in
// the same order (the engine, standalone proxies and other clusters cannot be Pacemaker nodes).
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { closeCore } from '../../../../src-main/cli/context'
import { describeWithParts } from '../../../support/requiredParts'
import { cli, SAMPLE, useTempHome } from '../../cli/cliHarness'

const agentsMissing = existsSync('/usr/sbin/fence_ipmilan')
  ? undefined
  : 'fence-agents is missing — run scripts/install-lab.sh'

interface PlanJson {
  devices: { order: number; candidates: { proxy: string }[] }[]
}

const work = mkdtempSync(join(tmpdir(), 'fencepost-roundtrip-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

async function planOf(host: string, topology?: string): Promise<PlanJson> {
  const args = ['plan', host, '--json', ...(topology ? ['--topology', topology] : [])]
  const result = await cli(...args)
  expect(result.code, result.err).toBe(0)
  return JSON.parse(result.out) as PlanJson
}

/**
 * Per device, in plan order: its group's rank and its candidates among `nodes`. A device whose
 * source plan has no node candidate (only the engine, a standalone proxy, another cluster) cannot
 * be said in Pacemaker, which then lets any other node run it (the export warns): `any`.
 */
function shape(plan: PlanJson, nodes: readonly string[]): [number, string[] | 'any'][] {
  const orders = [...new Set(plan.devices.map((d) => d.order))].sort((a, b) => a - b)
  return plan.devices.map((d) => {
    const onNodes = d.candidates.map((c) => c.proxy).filter((p) => nodes.includes(p))
    return [orders.indexOf(d.order), onNodes.length > 0 ? onNodes : 'any']
  })
}

describeWithParts(agentsMissing, 'export --format pacemaker, then import --from pacemaker', () => {
  useTempHome('fencepost-roundtrip-home-')

  // Only hosts that are up: a CIB's configuration has no host states (a3 is in maintenance).
  it.each([
    ['cluster-a', ['a1', 'a2']],
    ['cluster-b', ['b1', 'b2']],
    ['cluster-c', ['c1', 'c2']],
  ])('%s plans alike after the round trip', async (cluster, nodes) => {
    const cib = join(work, `${cluster}.xml`)
    const exported = await cli(
      'export',
      '--format',
      'pacemaker',
      '--cluster',
      cluster,
      '--topology',
      SAMPLE,
      cib,
    )
    expect(exported.code, exported.err).toBe(0)
    const before = new Map<string, PlanJson>()
    for (const host of nodes) before.set(host, await planOf(host, SAMPLE))
    await closeCore()

    const imported = await cli('import', '--from', 'pacemaker', cib)
    expect(imported.code, imported.err).toBe(0)
    await closeCore()
    for (const host of nodes) {
      const want = shape(before.get(host)!, nodes)
      const got = shape(await planOf(host), nodes).map(([rank, candidates], i) => [
        rank,
        want[i]?.[1] === 'any' ? 'any' : candidates,
      ])
      expect(got, host).toEqual(want)
    }
  })
})

// Keeps the file's helper honest: a shape that ignores order would pass a reversed plan.
it('the comparison sees a change of order', () => {
  const plan: PlanJson = {
    devices: [
      { order: 1, candidates: [{ proxy: 'a2' }, { proxy: 'a3' }] },
      { order: 2, candidates: [{ proxy: 'a3' }] },
    ],
  }
  const reversed: PlanJson = {
    devices: [
      { order: 1, candidates: [{ proxy: 'a3' }, { proxy: 'a2' }] },
      { order: 2, candidates: [{ proxy: 'a3' }] },
    ],
  }
  expect(shape(plan, ['a2', 'a3'])).not.toEqual(shape(reversed, ['a2', 'a3']))
})
