import { afterAll, beforeAll, expect, it } from 'vitest'
import { createMemoryKnownHosts } from '../../src-main/core/runners/knownHosts'
import { createSshRunner, type SshRunner } from '../../src-main/core/runners/sshRunner'
import { type Lab, LAB_FLAVOURS, labAddress, labUnavailable, startLab } from './lab'
import {
  createOobNetworks,
  netnsUnavailable,
  type OobNetworks,
  siteBmcSpec,
  siteProxySpec,
} from './netns'
import { describeWithParts } from '../support/requiredParts'

const skip = labUnavailable() ?? (await netnsUnavailable())

const BLOCK = 23
/** One block, two host ranges: stock proxies at .11/.12, root ones at .31/.32. */
const HOSTS = { stock: 11, root: 31 } as const

for (const flavour of LAB_FLAVOURS) {
  const first = HOSTS[flavour]

  describeWithParts(skip, `proxies on separate out-of-band networks (${flavour} proxies)`, () => {
    let nets: OobNetworks | undefined
    let lab: Lab | undefined
    let runner: SshRunner

    beforeAll(async () => {
      nets = await createOobNetworks([
        { name: 'a', subnet: '198.51.100' },
        { name: 'b', subnet: '203.0.113' },
      ])
      const a = nets.site('a')
      const b = nets.site('b')
      lab = await startLab({
        flavour,
        proxies: [
          siteProxySpec(a, 'pa', labAddress(BLOCK, first)),
          siteProxySpec(b, 'pb', labAddress(BLOCK, first + 1)),
        ],
        bmcs: [siteBmcSpec(a, 'ba', 'Oob-A-pw', 'on'), siteBmcSpec(b, 'bb', 'Oob-B-pw')],
      })
      runner = createSshRunner({ knownHosts: createMemoryKnownHosts() })
    })

    afterAll(async () => {
      await runner?.close()
      await lab?.stop()
      await nets?.destroy()
    })

    it('reaches each BMC through the proxy on its network', async () => {
      const l = lab!
      const a = await runner.run(l.proxy('pa').target(), {
        agent: 'fence_ipmilan',
        stdin: l.bmc('ba').stdin('status'),
        timeoutMs: 10_000,
      })
      expect(a).toMatchObject({ code: 0, stdout: expect.stringContaining('Status: ON') })
      const off = await runner.run(l.proxy('pb').target(), {
        agent: 'fence_ipmilan',
        stdin: l.bmc('bb').stdin('on'),
        timeoutMs: 10_000,
      })
      expect(off.code).toBe(0)
      expect(await l.bmc('bb').power()).toBe('on')
    })

    it('cannot reach the other network’s BMC (no route: fails at once)', async () => {
      const l = lab!
      const t0 = performance.now()
      const out = await runner.run(l.proxy('pb').target(), {
        agent: 'fence_ipmilan',
        stdin: l.bmc('ba').stdin('off'),
        timeoutMs: 15_000,
      })
      expect(out.code).toBe(1)
      expect(out.stdout + out.stderr).toMatch(/Failed/)
      expect(performance.now() - t0).toBeLessThan(5000)
      expect(
        l
          .bmc('ba')
          .calls()
          .filter((c) => c.startsWith('set')),
      ).toEqual([])
      expect(await l.bmc('ba').power()).toBe('on')
    })
  })
}
