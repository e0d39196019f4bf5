// The `fencepost` command against the lab. First the Done-when as a user runs it, through
// the real bin: `fencepost off h1 --topology FILE` powers the simulated BMC off and ipmitool
// agrees; with the first proxy killed the same kind of command succeeds through the second and
// says so (test/lab/labCli.ts sets up the same by hand). Then `fencepost trust` on a lab proxy.
import { execFile } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import type { TopologyDocument } from '../../src-main/common/document'
import { closeCore } from '../../src-main/cli/context'
import { runCli } from '../../src-main/cli/runCli'
import { type Lab, LAB_FLAVOURS, labBmcSpec, labUnavailable, startLab, twoLabProxies } from './lab'
import { doneWhenTopology, labTopology } from './labTopology'
import { describeWithParts } from '../support/requiredParts'

const skip = labUnavailable()

const BLOCKS = { stock: 32, root: 29 } as const
const BIN = join(__dirname, '../../bin/fencepost.js')

interface Ran {
  code: number
  out: string
  err: string
}

// The Done-when run on stock and on root proxies; `trust` on stock ones.
for (const flavour of LAB_FLAVOURS) {
  const BLOCK = BLOCKS[flavour]
  const full = flavour === 'stock'
  /** A case run on stock proxies only. */
  const itStock = (name: string, body: () => Promise<void>): void => {
    if (full) it(name, body)
  }

  describeWithParts(skip, `the fencepost command against the lab (${flavour} proxies)`, () => {
    let lab: Lab
    let home: string
    /** Where the user keeps the topology file: not the app's data folder (`home`). */
    let userDir: string

    function writeTopology(doc: TopologyDocument): string {
      const file = join(userDir, 'lab-topology.json')
      writeFileSync(file, JSON.stringify(doc, null, 2))
      return file
    }

    /** `node bin/fencepost.js …` in its own process, as `npx fencepost …` runs it. */
    function bin(...args: string[]): Promise<Ran & { ms: number }> {
      const t0 = performance.now()
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          [BIN, ...args],
          { env: { ...process.env, FENCEPOST_HOME: home }, timeout: 60_000 },
          (error, out, err) => {
            const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
            resolve({ code, out, err, ms: performance.now() - t0 })
          },
        )
      })
    }

    /** The same CLI in-process (FENCEPOST_HOME = home). */
    async function cli(...args: string[]): Promise<Ran> {
      let out = ''
      let err = ''
      const code = await runCli(args, {
        out: (t) => (out += `${t}\n`),
        err: (t) => (err += `${t}\n`),
      })
      return { code, out, err }
    }

    beforeAll(async () => {
      const bmc = (name: string, host: number) => labBmcSpec(BLOCK, host, name, `${name}-pw`, 'on')
      lab = await startLab({
        flavour,
        proxies: twoLabProxies(BLOCK),
        bmcs: [bmc('h1-bmc', 21), bmc('h2-psu1', 22), bmc('h2-psu2', 23)],
      })
    })

    beforeEach(() => {
      home = mkdtempSync(join(tmpdir(), 'fencepost-cli-lab-'))
      userDir = mkdtempSync(join(tmpdir(), 'fencepost-cli-user-'))
      process.env.FENCEPOST_HOME = home
      for (const b of lab.bmcs) b.setPower('on')
    })

    afterEach(async () => {
      await closeCore()
      delete process.env.FENCEPOST_HOME
      rmSync(home, { recursive: true, force: true })
      rmSync(userDir, { recursive: true, force: true })
      await Promise.all(lab.proxies.map((p) => p.start()))
    })

    afterAll(async () => {
      await lab?.stop()
    })

    it('powers h1 off through p1, then, p1 killed, on through p2 and says so (the real bin)', async () => {
      const file = writeTopology(doneWhenTopology(lab))
      const bmc = lab.bmc('h1-bmc')

      const off = await bin('off', 'h1', '--topology', file)
      expect(off.err).toBe('')
      expect(off.code).toBe(0)
      expect(off.out).toContain('off h1: ok, power is off via p1\n')
      expect(await bmc.power()).toBe('off')
      // It exits once done: no pooled SSH connection keeps it alive.
      expect(off.ms).toBeLessThan(20_000)

      await lab.proxy('p1').kill()
      const on = await bin('on', 'h1', '--topology', file)
      expect(on.code).toBe(0)
      expect(on.out).toMatch(
        /bmc via p1: on\b.*could not reach proxy.*proxy-unreachable.*ECONNREFUSED/,
      )
      expect(on.out).toContain(
        'on h1: ok, power is on via p2 — fell back after: p1 could not reach proxy for bmc\n',
      )
      expect(await bmc.power()).toBe('on')

      const history = await bin('history', 'h1', '--json')
      expect(history.code).toBe(0)
      expect(
        (JSON.parse(history.out) as { action: string; result: string }[]).map(
          (e) => `${e.action}:${e.result}`,
        ),
      ).toEqual(['on:ok', 'off:ok'])

      // The app's data folder holds history and more, never the BMC password.
      const files = readdirSync(home, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
      expect(files.length).toBeGreaterThan(0)
      for (const f of files) expect(readFileSync(f, 'latin1'), f).not.toContain(bmc.password)
    })

    itStock(
      'trust shows a proxy’s key, stores it only with --yes, and never silently replaces it',
      async () => {
        const file = writeTopology(
          labTopology(lab, {
            pinHostKeys: false,
            hosts: [
              { id: 'h1', devices: [{ id: 'bmc', bmc: 'h1-bmc', proxyPreferences: ['p1'] }] },
            ],
          }),
        )
        const p1 = lab.proxy('p1')
        const knownHosts = join(home, 'known-hosts.json')
        const known = (): Record<string, string> =>
          (JSON.parse(readFileSync(knownHosts, 'utf8')) as { hosts: Record<string, string> }).hosts
        const first = p1.hostKeyFingerprint

        // Unknown key: the action is refused and says how to trust.
        const refused = await cli('status', 'h1', '--topology', file)
        expect(refused.code).toBe(1)
        expect(refused.out).toContain('host-key-mismatch')
        expect(refused.out).toContain('`fencepost trust p1`')

        const shown = await cli('trust', 'p1', '--topology', file)
        expect(shown.code).toBe(1)
        expect(shown.out).toContain(`p1 (127.0.32.11:2222) presents host key ${first}\n`)
        expect(shown.out).toContain(`fencepost trust p1 --topology ${file} --yes`)
        expect(existsSync(knownHosts)).toBe(false)

        const trusted = await cli('trust', 'p1', '--yes', '--topology', file)
        expect(trusted.code).toBe(0)
        expect(trusted.out).toContain(`Trusted: stored in ${knownHosts}.`)
        expect(known()).toEqual({ '127.0.32.11:2222': first })
        expect(statSync(knownHosts).mode & 0o777).toBe(0o600)
        expect((await cli('trust', 'p1', '--yes', '--topology', file)).out).toContain(
          'Already trusted',
        )

        const status = await cli('status', 'h1', '--topology', file)
        expect(status.code).toBe(0)
        expect(status.out).toContain('status h1: ok, power is on via p1')

        // A new key: reported loudly, refused, kept out of the store until --replace.
        await p1.start({ newHostKey: true })
        const changed = await cli('trust', 'p1', '--yes', '--topology', file)
        expect(changed.code).toBe(1)
        expect(changed.err).toContain('WARNING: THE HOST KEY OF p1 (127.0.32.11:2222) HAS CHANGED')
        expect(changed.err).toContain(`known:     ${first}`)
        expect(changed.err).toContain(`presented: ${p1.hostKeyFingerprint}`)
        expect(changed.out).toContain('--yes --replace')
        expect(known()).toEqual({ '127.0.32.11:2222': first })
        const blocked = await cli('status', 'h1', '--topology', file)
        expect(blocked.code).toBe(1)
        expect(blocked.out).toMatch(/host key CHANGED/)

        const replaced = await cli(
          'trust',
          'p1',
          '--yes',
          '--replace',
          '--json',
          '--topology',
          file,
        )
        expect(replaced.code).toBe(0)
        expect(JSON.parse(replaced.out)).toMatchObject({
          machine: 'p1',
          hostPort: '127.0.32.11:2222',
          fingerprint: p1.hostKeyFingerprint,
          known: first,
          status: 'replaced',
          stored: true,
        })
        expect(known()).toEqual({ '127.0.32.11:2222': p1.hostKeyFingerprint })
        expect((await cli('status', 'h1', '--topology', file)).code).toBe(0)
      },
    )

    itStock('trust checks a pinned key against the pin, and fails clearly otherwise', async () => {
      const file = writeTopology(doneWhenTopology(lab))
      const p2 = lab.proxy('p2')

      const pinned = await cli('trust', 'p2', '--topology', file)
      expect(pinned.code).toBe(0)
      expect(pinned.out).toContain('matches the hostKey pinned in the topology')
      await p2.start({ newHostKey: true })
      const mismatch = await cli('trust', '127.0.32.12', '--yes', '--topology', file)
      expect(mismatch.code).toBe(1)
      expect(mismatch.err).toContain('DOES NOT MATCH THE PINNED ONE')
      expect(existsSync(join(home, 'known-hosts.json'))).toBe(false)

      await p2.kill()
      const down = await cli('trust', 'p2', '--topology', file)
      expect(down.code).toBe(1)
      expect(down.err).toMatch(/cannot fetch the host key of p2: 127\.0\.32\.12:2222: ECONNREFUSED/)

      expect((await cli('trust', 'nosuch', '--topology', file)).code).toBe(2)
      const engine = await cli('trust', 'engine', '--topology', file)
      expect(engine.code).toBe(2)
      expect(engine.err).toContain('runs agents on this workstation')
    })
  })
}
