// The fencing engine end to end through the real core (createNodeCore): topology documents over
// the lab, fence_ipmilan run by sshd proxies against ipmi_sim BMCs, every BMC state checked
// independently with ipmitool. The sim-based twin is test/main/core/fencing/orchestrator.test.ts.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import type { FencingEvent } from '../../src-main/common/api'
import type { TopologyDocument } from '../../src-main/common/document'
import type { ActionResult, PowerAction } from '../../src-main/common/fencing'
import type { FencepostCore } from '../../src-main/core/fencepostCore'
import type { FencingSettings } from '../../src-main/core/fencing/orchestrator'
import { createNodeCore } from '../../src-main/core/nodeCore'
import {
  type Lab,
  LAB_FLAVOURS,
  labAddress,
  labBmcSpec,
  labUnavailable,
  startLab,
  twoLabProxies,
} from './lab'
import { labProxyId, labTopology, type LabHostSpec, type LabTopologyOptions } from './labTopology'
import {
  createOobNetworks,
  netnsUnavailable,
  type OobNetworks,
  siteBmcSpec,
  siteProxySpec,
} from './netns'
import { AGENT_IPMITOOL_ARGV, isAlive, processId, sampleProcessArgs } from './processes'
import { describeWithParts } from '../support/requiredParts'

const skip = labUnavailable()
const skipNetns = skip ?? (await netnsUnavailable())
if (skipNetns && !skip)
  console.warn(`test/lab/fencing.test.ts (out-of-band case) skipped: ${skipNetns}`)

const BLOCKS = { stock: { main: 30, oob: 31 }, root: { main: 27, oob: 28 } } as const
const SETTINGS: Partial<FencingSettings> = {
  agentTimeoutMs: 8_000,
  verifyRetries: 5,
  verifyDelayMs: 200,
}
/** Distinctive, so a grep cannot hit it by accident. */
const SECRET = 'Fp-Vault-9c41e7b'

const dataRoot = mkdtempSync(join(tmpdir(), 'fencepost-fencing-'))
const cores: FencepostCore[] = []

/** A core over a fresh data folder; `plugins` are user plugins written into it first. */
async function newCore(
  settings: Partial<FencingSettings> = SETTINGS,
  plugins: Record<string, unknown> = {},
): Promise<{ core: FencepostCore; dataDir: string; events: FencingEvent[] }> {
  const dataDir = mkdtempSync(join(dataRoot, 'data-'))
  for (const [id, manifest] of Object.entries(plugins)) {
    mkdirSync(join(dataDir, 'plugins', id), { recursive: true })
    writeFileSync(join(dataDir, 'plugins', id, 'plugin.json'), JSON.stringify(manifest))
  }
  const core = await createNodeCore({ dataDir, fencingSettings: settings })
  cores.push(core)
  const events: FencingEvent[] = []
  core.onEvent((e) => events.push(e))
  return { core, dataDir, events }
}

/** The document is valid for the core's plugins (a lab helper that drifts fails here, loudly). */
function checked(core: FencepostCore, doc: TopologyDocument): TopologyDocument {
  const result = core.validate(doc)
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2))
  return result.document
}

/** {@link newCore}, and over it the lab document `options` describes, checked. */
async function newLabCore(
  lab: Lab,
  options: LabTopologyOptions,
): Promise<{
  core: FencepostCore
  dataDir: string
  events: FencingEvent[]
  doc: TopologyDocument
}> {
  const made = await newCore()
  return { ...made, doc: checked(made.core, labTopology(lab, options)) }
}

/** Host `id` with one device `bmc`, the lab BMC `bmc`, through the lab proxies `via` in order. */
const oneBmcHost = (id: string, bmc: string, via = ['p1', 'p2']): LabHostSpec => ({
  id,
  devices: [{ id: 'bmc', bmc, proxyPreferences: via }],
})

const act = (core: FencepostCore, doc: TopologyDocument, host: string, action: PowerAction) =>
  core.runAction(doc, { host, action, dryRun: false })

/** Attempts as one readable line each: `off bmc@p1: proxy-unreachable`, `status bmc@p2: ok (off)`. */
const brief = (result: ActionResult): string[] =>
  result.attempts.map(
    (a) =>
      `${a.action} ${a.device}@${a.proxy}: ${a.outcome}${a.outcome === 'ok' && a.power ? ` (${a.power})` : ''}`,
  )

const sets = (calls: string[]): string[] => calls.filter((c) => c.startsWith('set'))

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}

afterAll(() => {
  rmSync(dataRoot, { recursive: true, force: true })
})

// Every scenario on stock proxies (what the field has); the core ones — status, off verified
// through ipmitool, a killed first proxy → on through the second, a hung agent ended, no secret
// in the app's data — again on root proxies.
for (const flavour of LAB_FLAVOURS) {
  const BLOCK = BLOCKS[flavour].main
  const OOB_BLOCK = BLOCKS[flavour].oob
  const full = flavour === 'stock'
  /** A scenario run on stock proxies only. */
  const itStock = (name: string, body: () => Promise<void>): void => {
    if (full) it(name, body)
  }

  describeWithParts(
    skip,
    `fencing through the real core against the lab (${flavour} proxies)`,
    () => {
      let lab: Lab

      beforeAll(async () => {
        const bmc = (name: string, host: number, password = `${name}-pw`) =>
          labBmcSpec(BLOCK, host, name, password)
        lab = await startLab({
          flavour,
          proxies: twoLabProxies(BLOCK),
          bmcs: [
            bmc('b1', 21),
            bmc('psu1', 22),
            bmc('psu2', 23),
            bmc('dead', 24),
            bmc('pdu', 25),
            bmc('vault', 26, SECRET),
          ],
        })
      })

      beforeEach(() => {
        for (const b of lab.bmcs) {
          b.setPower('on')
          b.setFault('none')
          b.clearCalls()
        }
      })

      afterEach(async () => {
        await Promise.all(cores.splice(0).map((c) => c.close()))
        // A test may leave a proxy or a BMC stopped.
        await Promise.all([...lab.proxies.map((p) => p.start()), ...lab.bmcs.map((b) => b.start())])
      })

      afterAll(async () => {
        await lab?.stop()
      })

      it('runs status, off, on and restart through a proxy; ipmitool agrees each time', async () => {
        const { core, doc } = await newLabCore(lab, { hosts: [oneBmcHost('h1', 'b1')] })
        const b1 = lab.bmc('b1')

        const status = await act(core, doc, 'h1', 'status')
        expect(status).toMatchObject({ host: 'h1', result: 'ok', power: 'on' })
        expect(brief(status)).toEqual(['status bmc@p1: ok (on)'])
        expect(status.attempts[0]!.stdin).toContain('password=***')

        const off = await act(core, doc, 'h1', 'off')
        expect(off).toMatchObject({ result: 'ok', power: 'off' })
        expect(brief(off)).toEqual(['off bmc@p1: ok', 'status bmc@p1: ok (off)'])
        expect(await b1.power()).toBe('off')

        const on = await act(core, doc, 'h1', 'on')
        expect(on).toMatchObject({ result: 'ok', power: 'on' })
        expect(brief(on)).toEqual(['on bmc@p1: ok', 'status bmc@p1: ok (on)'])
        expect(await b1.power()).toBe('on')
        expect(sets(b1.calls())).toEqual(['set power 0', 'set power 1'])

        b1.clearCalls()
        const restart = await act(core, doc, 'h1', 'restart')
        expect(restart).toMatchObject({ result: 'ok', power: 'on' })
        // Off verified before on; never the agent's own reboot.
        expect(brief(restart)).toEqual([
          'off bmc@p1: ok',
          'status bmc@p1: ok (off)',
          'on bmc@p1: ok',
          'status bmc@p1: ok (on)',
        ])
        expect(sets(b1.calls())).toEqual(['set power 0', 'set power 1'])
        expect(await b1.power()).toBe('on')

        expect(core.history.read('h1').map((e) => `${e.action}:${e.result}`)).toEqual([
          'restart:ok',
          'on:ok',
          'off:ok',
          'status:ok',
        ])
      })

      it('a killed first proxy: on goes through the second, and ipmitool agrees', async () => {
        const { core, doc } = await newLabCore(lab, { hosts: [oneBmcHost('h1', 'b1')] })
        const b1 = lab.bmc('b1')
        b1.setPower('off')
        await lab.proxy('p1').kill()
        const on = await act(core, doc, 'h1', 'on')
        expect(on).toMatchObject({ result: 'ok', power: 'on' })
        const steps = brief(on)
        expect(steps[0]).toBe('on bmc@p1: proxy-unreachable')
        expect(steps.slice(-2)).toEqual(['on bmc@p2: ok', 'status bmc@p2: ok (on)'])
        expect(on.attempts[0]!.message).toContain(
          `p1 (${lab.proxy('p1').user}@127.0.${BLOCK}.11:2222)`,
        )
        expect(await b1.power()).toBe('on')
        expect(sets(b1.calls())).toEqual(['set power 1'])
      })

      itStock(
        'falls back to the second proxy when the first is dead, pooled connection and all',
        async () => {
          const { core, doc } = await newLabCore(lab, { hosts: [oneBmcHost('h1', 'b1')] })
          // A connection to p1 sits in the pool when p1 dies.
          expect(brief(await act(core, doc, 'h1', 'status'))).toEqual(['status bmc@p1: ok (on)'])
          await lab.proxy('p1').kill()

          const off = await act(core, doc, 'h1', 'off')
          expect(off).toMatchObject({ result: 'ok', power: 'off' })
          expect(brief(off)).toEqual([
            'off bmc@p1: proxy-unreachable',
            'off bmc@p2: ok',
            'status bmc@p2: ok (off)',
          ])
          expect(off.attempts[0]!.message).toContain(
            `p1 (${lab.proxy('p1').user}@127.0.${BLOCK}.11:2222)`,
          )
          // Refused at once, not after a timeout.
          expect(off.attempts[0]!.ms).toBeLessThan(2000)
          expect(await lab.bmc('b1').power()).toBe('off')
          expect(sets(lab.bmc('b1').calls())).toEqual(['set power 0'])
        },
      )

      itStock(
        'falls back to the order-2 device when the order-1 BMC is dead, one attempt per proxy',
        async () => {
          const { core, events, doc } = await newLabCore(lab, {
            hosts: [
              {
                id: 'h1',
                devices: [
                  // power_timeout bounds what a dead BMC costs each attempt (default 20 s).
                  {
                    id: 'ipmi',
                    bmc: 'dead',
                    order: 1,
                    proxyPreferences: ['p1', 'p2'],
                    params: { power_timeout: 1 },
                  },
                  { id: 'pdu', bmc: 'pdu', order: 2, proxyPreferences: ['p2'] },
                ],
              },
            ],
          })
          await lab.bmc('dead').stop()
          const off = await act(core, doc, 'h1', 'off')
          // Each dead-BMC attempt ends as the agent's own error (power_timeout), never as the
          // runner's timeout: one attempt per proxy, then the order-2 device.
          expect(off).toMatchObject({ result: 'ok', power: 'off' })
          expect(brief(off)).toEqual([
            'off ipmi@p1: device-error',
            'off ipmi@p2: device-error',
            'off pdu@p2: ok',
            'status pdu@p2: ok (off)',
          ])
          expect(off.attempts[0]!.message).toMatch(/ERROR: /)
          expect(events).toContainEqual(
            expect.objectContaining({
              kind: 'message',
              text: 'falling back to devices of order 2',
            }),
          )
          expect(await lab.bmc('pdu').power()).toBe('off')
        },
      )

      itStock('powers both supplies of a dual power supply off together, verified', async () => {
        const { core, events, doc } = await newLabCore(lab, {
          hosts: [
            {
              id: 'h2',
              proxyPreferences: ['p1', 'p2'],
              devices: [
                { id: 'psu1', bmc: 'psu1', order: 1 },
                { id: 'psu2', bmc: 'psu2', order: 1 },
              ],
            },
          ],
        })
        // Status of a group: on while any supply is on.
        lab.bmc('psu1').setPower('off')
        expect(await act(core, doc, 'h2', 'status')).toMatchObject({ result: 'ok', power: 'on' })
        lab.bmc('psu1').setPower('on')

        events.length = 0
        const off = await act(core, doc, 'h2', 'off')
        expect(off).toMatchObject({ result: 'ok', power: 'off' })
        expect(brief(off).sort()).toEqual([
          'off psu1@p1: ok',
          'off psu2@p1: ok',
          'status psu1@p1: ok (off)',
          'status psu2@p1: ok (off)',
        ])
        expect(await lab.bmc('psu1').power()).toBe('off')
        expect(await lab.bmc('psu2').power()).toBe('off')
        // Together: both off calls started before either finished.
        const startedOff = events
          .map((e, i) => (e.kind === 'attempt-started' && e.action === 'off' ? i : -1))
          .filter((i) => i >= 0)
        const firstDone = events.findIndex(
          (e) => e.kind === 'attempt' && e.attempt.action === 'off',
        )
        expect(startedOff).toHaveLength(2)
        expect(Math.max(...startedOff)).toBeLessThan(firstDone)

        expect(await act(core, doc, 'h2', 'status')).toMatchObject({ result: 'ok', power: 'off' })
      })

      itStock(
        'reports a wrong BMC password as device-error in the agent’s words, once per proxy',
        async () => {
          const { core, events, doc } = await newLabCore(lab, {
            hosts: [
              {
                id: 'h1',
                devices: [
                  {
                    id: 'bmc',
                    bmc: 'b1',
                    proxyPreferences: ['p1', 'p2'],
                    params: { password: 'Not-The-Password' },
                  },
                ],
              },
            ],
          })
          const t0 = performance.now()
          const off = await act(core, doc, 'h1', 'off')
          expect(performance.now() - t0).toBeLessThan(5000)
          expect(off).toMatchObject({ result: 'failed', power: 'unknown' })
          expect(brief(off)).toEqual(['off bmc@p1: device-error', 'off bmc@p2: device-error'])
          for (const attempt of off.attempts) {
            expect(attempt.message).toMatch(
              /^ERROR: Failed: Unable to obtain correct plug status or plug is not available/,
            )
            // Without verbose=1 the agent's output cannot tell a wrong password from a lost BMC.
            expect(attempt.message).toContain(
              'either the BMC rejected the user name or password, or it could not be reached',
            )
            // The agent's own last lines are kept.
            expect(attempt.output).toMatch(/ERROR: Failed: Unable to obtain correct plug status/)
            expect(attempt.message).not.toContain('Not-The-Password')
          }
          expect(off.message).toContain('Unable to obtain correct plug status')
          // Nothing goes on in the background: no attempt after the result.
          const count = events.length
          await new Promise((resolve) => setTimeout(resolve, 500))
          expect(events.length).toBe(count)
          expect(sets(lab.bmc('b1').calls())).toEqual([])
          expect(await lab.bmc('b1').power()).toBe('on')
        },
      )

      itStock('refuses a proxy whose host key changed and goes on to the next', async () => {
        const { core, doc } = await newLabCore(lab, { hosts: [oneBmcHost('h1', 'b1')] })
        const p1 = lab.proxy('p1')
        const pinned = p1.hostKeyFingerprint
        await p1.start({ newHostKey: true })
        const logins = (): number => (p1.log().match(/Accepted publickey/g) ?? []).length
        const before = logins()

        const status = await act(core, doc, 'h1', 'status')
        expect(status).toMatchObject({ result: 'ok', power: 'on' })
        expect(brief(status)).toEqual([
          'status bmc@p1: host-key-mismatch',
          'status bmc@p2: ok (on)',
        ])
        expect(status.attempts[0]!.message).toContain(pinned)
        expect(status.attempts[0]!.message).toContain(p1.hostKeyFingerprint)
        // No credentials were offered to the impostor.
        expect(logins()).toBe(before)
      })

      it('times out a hung agent within the configured bound and ends it on the proxy', async () => {
        const hangPlugin = {
          id: 'hang',
          name: 'Hung agent (lab)',
          version: '1.0.0',
          apiVersion: 1,
          contributes: {
            fenceTypes: [
              {
                id: 'hang',
                label: 'Never answers',
                agent: 'fence_hang',
                parameters: [],
                actions: ['on', 'off', 'status'],
              },
            ],
          },
        }
        const { core } = await newCore({ ...SETTINGS, agentTimeoutMs: 1500 }, { hang: hangPlugin })
        expect(core.registry.diagnostics()).toEqual([])
        const doc = checked(
          core,
          labTopology(lab, {
            hosts: [
              { id: 'h1', devices: [{ id: 'stuck', type: 'hang', proxyPreferences: ['p1'] }] },
            ],
          }),
        )
        const pidFile = join(lab.runDir, 'fence_hang.pid')
        rmSync(pidFile, { force: true })
        const t0 = performance.now()
        const off = await act(core, doc, 'h1', 'off')
        const ms = performance.now() - t0
        expect(off).toMatchObject({ result: 'failed', power: 'unknown' })
        expect(brief(off)).toEqual(['off stuck@p1: timeout'])
        expect(off.attempts[0]!.ms).toBeGreaterThanOrEqual(1400)
        expect(ms).toBeLessThan(1500 + 2000)
        expect(off.attempts[0]!.message).toMatch(/no result within 1500 ms/)

        // The agent did run, and does not outlive its call.
        const hung = processId(Number(readFileSync(pidFile, 'utf8')))
        const until = Date.now() + 5000
        while (hung && isAlive(hung) && Date.now() < until)
          await new Promise((r) => setTimeout(r, 20))
        expect(hung === undefined || !isAlive(hung)).toBe(true)
      })

      it('keeps the BMC password out of every file, log and process list', async () => {
        const { core, dataDir, doc } = await newLabCore(lab, { hosts: [oneBmcHost('h9', 'vault')] })
        // Through the app's store, as the desktop app does it: the plain password moves into the
        // secret store on import and the stored document keeps a reference.
        const imported = await core.importDocument(doc)
        expect(imported).toMatchObject({ ok: true, movedSecrets: 1 })
        const stored = core.loadStored().document!
        expect(stored.hosts[0]!.powerManagement!.devices[0]!.params.password).toMatchObject({
          ref: expect.any(String),
        })

        const sampler = sampleProcessArgs(SECRET, /fence_ipmilan/)
        let sample
        try {
          expect(await act(core, stored, 'h9', 'off')).toMatchObject({ result: 'ok', power: 'off' })
          expect(await act(core, stored, 'h9', 'on')).toMatchObject({ result: 'ok', power: 'on' })
          // One fallback too: p1's failure message and the retry on p2 must not carry it either.
          await lab.proxy('p1').kill()
          expect(await act(core, stored, 'h9', 'status')).toMatchObject({
            result: 'ok',
            power: 'on',
          })
          const dry = await core.runAction(stored, { host: 'h9', action: 'off', dryRun: true })
          expect(dry.dryRunSteps![0]!.stdin).toContain('password=***')
          await core.testHost(stored, 'h9')
        } finally {
          sample = await sampler.stop()
        }
        expect(await lab.bmc('vault').power()).toBe('on')
        expect(sample.samples).toBeGreaterThan(5)
        expect(sample.watched).toBeGreaterThan(0)
        // Only the agent's own ipmitool window may show it (see AGENT_IPMITOOL_ARGV).
        expect(sample.seen.filter((line) => !AGENT_IPMITOOL_ARGV.test(line))).toEqual([])
        if (sample.seen.length > 0)
          console.info(
            `ipmitool argv window caught ${sample.seen.length}× in ${sample.samples} samples`,
          )

        const files = filesUnder(dataDir)
        expect(files.map((f) => f.slice(dataDir.length + 1)).sort()).toEqual(
          expect.arrayContaining(['config.json', 'history.jsonl', 'reachability.json']),
        )
        for (const file of files) {
          expect(readFileSync(file, 'latin1'), file).not.toContain(SECRET)
        }
        const history = readFileSync(join(dataDir, 'history.jsonl'), 'utf8')
        expect(history).toContain('password=***')
        for (const p of lab.proxies) {
          expect(p.log(), p.logFile).not.toContain(SECRET)
          expect(p.log()).toMatch(/Accepted publickey/)
        }
      })
    },
  )

  // The out-of-band case on stock proxies only (netns.test.ts runs both flavours over namespaces).
  if (full)
    describeWithParts(skipNetns, 'fencing over separate out-of-band networks', () => {
      let nets: OobNetworks | undefined
      let lab: Lab | undefined

      beforeAll(async () => {
        nets = await createOobNetworks([
          { name: 'a', subnet: '198.51.100' },
          { name: 'b', subnet: '203.0.113' },
        ])
        const a = nets.site('a')
        lab = await startLab({
          flavour,
          proxies: [
            siteProxySpec(a, 'pa', labAddress(OOB_BLOCK, 11)),
            siteProxySpec(nets.site('b'), 'pb', labAddress(OOB_BLOCK, 12)),
          ],
          bmcs: [siteBmcSpec(a, 'ba', 'Oob-A-pw', 'on')],
        })
      })

      afterAll(async () => {
        await Promise.all(cores.splice(0).map((c) => c.close()))
        await lab?.stop()
        await nets?.destroy()
      })

      it('tests which proxy reaches the BMC, and the plan then tries that one first', async () => {
        const l = lab!
        // Both proxies serve the cluster; document order puts the one that cannot reach the BMC first.
        const { core, doc } = await newLabCore(l, {
          proxies: ['pb', 'pa'],
          hosts: [oneBmcHost('h1', 'ba', ['cluster'])],
        })
        const order = (): string[] =>
          core.plan(doc, 'h1').devices[0]!.candidates.map((c) => `${c.proxy}:${c.reach}`)
        expect(order()).toEqual(['pb:untested', 'pa:untested'])

        const results = await core.testHost(doc, 'h1')
        // Results name proxies by id (labTopology keeps ids and names apart).
        expect(results.map((r) => `${r.proxyId}:${r.ok ? 'ok' : 'failed'}`).sort()).toEqual([
          `${labProxyId('pa')}:ok`,
          `${labProxyId('pb')}:failed`,
        ])
        expect(results.find((r) => r.proxyId === labProxyId('pb'))!.message).toMatch(/ERROR: /)
        expect(order()).toEqual(['pa:ok', 'pb:failed'])

        const off = await act(core, doc, 'h1', 'off')
        expect(off).toMatchObject({ result: 'ok', power: 'off' })
        expect(brief(off)).toEqual(['off bmc@pa: ok', 'status bmc@pa: ok (off)'])
        expect(await l.bmc('ba').power()).toBe('off')
      })
    })
}
