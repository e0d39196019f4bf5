// The UI asks the one secret-parameter rule of src-main/common (the core's registry uses it too):
// what the device form masks is what import, export and the store treat as secret.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { isSecretParameterOf } from '../../../src-main/common/secretParams'
import { setServices } from '../../../src-renderer/src/services'
import { usePluginsStore } from '../../../src-renderer/src/stores/plugins'
import { servicesOf, startCore } from '../support/coreApi'

beforeEach(() => setActivePinia(createPinia()))

describe('plugins.isSecret', () => {
  it('gives the common rule’s answer, also for types no plugin knows', async () => {
    setServices(servicesOf(await startCore()))
    const plugins = usePluginsStore()
    await plugins.load()
    const names = [
      'password',
      'passwd',
      'passwd_script',
      'snmp_priv_passwd',
      'community',
      'token_file',
      'key',
      'api_key',
      'ipport',
    ]
    for (const type of ['ipmilan', 'no-such-type']) {
      for (const name of names) {
        const expected = isSecretParameterOf(plugins.typeOf(type)?.parameters, name)
        expect(plugins.isSecret(type, name), `${type}.${name}`).toBe(expected)
      }
    }
    // The cases where the old renderer rule disagreed with the core's.
    expect(plugins.isSecret('no-such-type', 'passwd_script')).toBe(false)
    expect(plugins.isSecret('no-such-type', 'key')).toBe(false)
    expect(plugins.isSecret('no-such-type', 'community')).toBe(true)
  })
})
