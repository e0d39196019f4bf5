// Issue 8 items 10 and 11 in a real browser: trusting a proxy's host key (against a real SSH
// server on loopback block 35) and the export dialog's secrets choice. Saves their screenshots.
import { afterAll, beforeAll, expect, it } from 'vitest'
import ssh2 from 'ssh2'
import { sshFingerprint } from '../../src-main/core/runners/knownHosts'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()
const HOST = '127.0.35.1'

describeWithParts(skip, 'trust a host key, export with secrets', () => {
  let session: AppSession
  let sshd: InstanceType<typeof ssh2.Server>
  let port = 0
  let fingerprint = ''

  beforeAll(async () => {
    const keys = ssh2.utils.generateKeyPairSync('ed25519')
    const parsed = ssh2.utils.parseKey(keys.private)
    if (parsed instanceof Error) throw parsed
    fingerprint = sshFingerprint(parsed.getPublicSSH())
    sshd = new ssh2.Server({ hostKeys: [keys.private] }, (client) => {
      client.on('authentication', (ctx) => ctx.reject())
      client.on('error', () => {})
    })
    await new Promise<void>((resolve) => sshd.listen(0, HOST, () => resolve()))
    port = (sshd.address() as { port: number }).port
    session = await openApp({ colorScheme: 'light' })
    const doc = (await session.core.api.topology.load()).document
    doc.proxies[0]!.ssh = { host: HOST, port }
    expect((await session.core.api.topology.save(doc)).ok).toBe(true)
    await session.reopen()
  })
  afterAll(async () => {
    await session?.close()
    if (sshd) await new Promise<void>((resolve) => sshd.close(() => resolve()))
  })

  it('shows the proxy key, compares a pasted fingerprint and trusts it on the click', async () => {
    const { page } = session
    await page.getByTestId('tree-node-proxy-jump1').click()
    await page.getByTestId('ssh-jump1-check-key').click()
    await expect.poll(() => page.getByTestId('trust-fingerprint').innerText()).toBe(fingerprint)
    await page.getByTestId('trust-paste').locator('input').fill(fingerprint)
    await expect(page.getByTestId('trust-verdict').innerText()).resolves.toContain('Match')
    await session.screenshot('trust-host-key')
    await page.getByTestId('trust-confirm').click()
    await page.getByTestId('trust-done').waitFor()
    expect(await session.core.api.settings.knownHosts()).toEqual([
      { hostPort: `${HOST}:${port}`, fingerprint },
    ])
    await page.getByTestId('trust-close').click()
  })

  it('asks before exporting plain secrets', async () => {
    const { page } = session
    await page.getByTestId('file-menu').click()
    await page.getByText('Export…').click()
    await page.getByTestId('export-with-secrets').click()
    await page.getByTestId('export-secrets-warning').waitFor()
    await session.screenshot('export-with-secrets')
    await page.getByTestId('export-cancel').click()
  })
})
