import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isIpv4 } from '../../../../src-main/common/addresses'
import { manifestSchema, type ParameterSpec } from '../../../../src-main/common/plugins'
import { validateDocument } from '../../../../src-main/core/validation/validateDocument'
import { expectValid, sampleLab, WITH_PARAMETERS, type LooseDocument } from './fixtures'

function host(doc: LooseDocument, name: string): LooseDocument {
  const found = doc.hosts.find((h: LooseDocument) => h.name === name)
  if (!found) expect.fail(`no host ${name}`)
  return found
}

describe('resources/sample-lab.json', () => {
  it('is valid, already canonical, with the built-in types and with their parameters', () => {
    const input = sampleLab()
    expect(expectValid(input)).toEqual(input)
    expect(expectValid(input, WITH_PARAMETERS)).toEqual(input)
  })

  it('is valid against the parameters of the plugins shipped in plugins/', () => {
    const root = fileURLToPath(new URL('../../../../plugins/', import.meta.url))
    const parameters = new Map<string, ParameterSpec[]>()
    for (const folder of readdirSync(root)) {
      const manifest = manifestSchema.parse(
        JSON.parse(readFileSync(join(root, folder, 'plugin.json'), 'utf8')),
      )
      for (const type of manifest.contributes.fenceTypes) parameters.set(type.id, type.parameters)
    }
    expect(parameters.get('ipmilan')).toBeDefined()
    expect(parameters.get('apc')).toBeDefined()
    expectValid(sampleLab(), {
      deviceTypes: parameters.keys(),
      parametersOf: (type) => parameters.get(type),
    })
  })

  it('models the lab the README describes', () => {
    const doc = sampleLab()
    expect(doc.engine).toMatchObject({ exec: 'local', canProxy: true })
    expect(doc.dataCenters.map((d: LooseDocument) => [d.id, d.name])).toEqual([
      ['dc1', 'Default'],
      ['dc2', 'Remote'],
    ])
    expect(doc.clusters.map((c: LooseDocument) => [c.id, c.dataCenter])).toEqual([
      ['ca', 'dc1'],
      ['cb', 'dc1'],
      ['cc', 'dc2'],
    ])
    expect(doc.hosts.map((h: LooseDocument) => `${h.name}@${h.cluster}`)).toEqual([
      'a1@ca',
      'a2@ca',
      'a3@ca',
      'b1@cb',
      'b2@cb',
      'c1@cc',
      'c2@cc',
    ])
    // Some ids are not names, so a lookup by the wrong one shows (the README's names stay).
    expect(
      doc.hosts
        .filter((h: LooseDocument) => h.id !== h.name)
        .map((h: LooseDocument) => [h.id, h.name]),
    ).toEqual([
      ['h-a2', 'a2'],
      ['h-b1', 'b1'],
      ['h-c2', 'c2'],
    ])
    expect(host(doc, 'a3').status).toBe('maintenance')
    expect(host(doc, 'b2').canProxy).toBe(false)
    expect(doc.proxies).toEqual([
      expect.objectContaining({ id: 'p-jump1', name: 'jump1', cluster: 'ca' }),
    ])
  })

  it('gives a1 a dual-PSU group and a PDU that prefers the jump box, then a host by IP', () => {
    const devices = host(sampleLab(), 'a1').powerManagement.devices
    expect(devices.map((d: LooseDocument) => [d.type, d.order])).toEqual([
      ['ipmilan', 1],
      ['ipmilan', 1],
      ['apc', 2],
    ])
    const [jump, ip] = devices[2].proxyPreferences
    expect(jump).toBe(sampleLab().proxies[0].address)
    expect(isIpv4(ip)).toBe(true)
  })

  it('sets preference lists at every level, each of which the validator checks', () => {
    const doc = sampleLab()
    const lists: [string, (d: LooseDocument) => LooseDocument][] = [
      ['defaults', (d) => d.defaults],
      ['dataCenters', (d) => d.dataCenters[1]],
      ['clusters', (d) => d.clusters[2]],
      ['hosts', (d) => host(d, 'a1').powerManagement],
      ['devices', (d) => host(d, 'a1').powerManagement.devices[2]],
    ]
    for (const [, owner] of lists) {
      expect(owner(doc).proxyPreferences.length).toBeGreaterThan(0)
      const broken = sampleLab()
      owner(broken).proxyPreferences.push('nowhere.lab.example')
      const result = validateDocument(broken)
      // A name that matches no machine is a warning: the draft stays valid, actions refuse it.
      expect(result.warnings.map((w) => w.message)).toEqual([
        expect.stringMatching(/^"nowhere\.lab\.example" matches no host or proxy/),
      ])
      owner(broken).proxyPreferences.push('not a name')
      expect(validateDocument(broken).ok).toBe(false)
    }
  })

  it('uses documentation addresses and no plain-text passwords', () => {
    const text = JSON.stringify(sampleLab())
    const addresses = [...text.matchAll(/"(?:address|host)":"([^"]+)"/g)].map((m) => m[1])
    const bmcs = [...text.matchAll(/"ip":"([^"]+)"/g)].map((m) => m[1])
    const passwords = [...text.matchAll(/"password":(\{[^}]*\}|"[^"]*")/g)].map((m) => m[1])
    expect(addresses).toHaveLength(9)
    for (const address of addresses) expect(address).toMatch(/\.lab\.example$|^192\.0\.2\.\d+$/)
    expect(bmcs).toHaveLength(9)
    for (const ip of bmcs) expect(ip).toMatch(/^10\./)
    expect(passwords).toHaveLength(9)
    for (const password of passwords) expect(password).toBe('{"env":"FENCEPOST_BMC_PASSWORD"}')
  })
})
