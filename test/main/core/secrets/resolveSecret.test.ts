import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFileSecretStore } from '../../../../src-main/core/secrets/fileSecretStore'
import { resolveSecret, SecretResolutionError } from '../../../../src-main/core/secrets/secretStore'

describe('resolveSecret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fencepost-resolve-'))
  const secrets = createFileSecretStore({ dir })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('returns a plain string as it is', async () => {
    await expect(resolveSecret('plain', secrets, {})).resolves.toBe('plain')
  })

  it('reads { env } from the environment at call time', async () => {
    const env: NodeJS.ProcessEnv = { FP_BMC_PASSWORD: 'first' }
    await expect(resolveSecret({ env: 'FP_BMC_PASSWORD' }, secrets, env)).resolves.toBe('first')
    env.FP_BMC_PASSWORD = 'second'
    await expect(resolveSecret({ env: 'FP_BMC_PASSWORD' }, secrets, env)).resolves.toBe('second')
    env.FP_BMC_PASSWORD = ''
    await expect(resolveSecret({ env: 'FP_BMC_PASSWORD' }, secrets, env)).resolves.toBe('')
  })

  it('uses process.env by default', async () => {
    process.env.FP_TEST_RESOLVE_DEFAULT = 'from-process'
    try {
      await expect(resolveSecret({ env: 'FP_TEST_RESOLVE_DEFAULT' }, secrets)).resolves.toBe(
        'from-process',
      )
    } finally {
      delete process.env.FP_TEST_RESOLVE_DEFAULT
    }
  })

  it('names the variable when it is not set', async () => {
    const attempt = resolveSecret({ env: 'FP_NOT_SET_ANYWHERE' }, secrets, {})
    await expect(attempt).rejects.toThrow(SecretResolutionError)
    await expect(resolveSecret({ env: 'FP_NOT_SET_ANYWHERE' }, secrets, {})).rejects.toThrow(
      'environment variable FP_NOT_SET_ANYWHERE is not set',
    )
  })

  it('reads { ref } from the secret store and names a missing one', async () => {
    const ref = await secrets.set('stored')
    await expect(resolveSecret({ ref }, secrets, {})).resolves.toBe('stored')
    await expect(resolveSecret({ ref: 's-gone' }, secrets, {})).rejects.toThrow(/"s-gone"/)
  })
})
