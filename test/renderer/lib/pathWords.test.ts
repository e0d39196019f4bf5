import { describe, expect, it } from 'vitest'
import { describePath, messageWords, valueAtPath } from '../../../src-renderer/src/lib/pathWords'
import { sampleDocument } from '../support/sampleLab'

function lab() {
  const doc = sampleDocument()
  doc.hosts[0]!.powerManagement!.devices.push({ id: 'psu2', type: 'ipmilan', order: 1, params: {} })
  doc.hosts[0]!.name = 'node-a1'
  return doc
}

describe('path words', () => {
  it('names a device by its id and its host by name', () => {
    expect(describePath(lab(), 'hosts[0].powerManagement.devices[1]')).toBe('psu2 of node-a1')
    expect(describePath(lab(), 'hosts[0].powerManagement.devices[1].params.ip')).toBe(
      'ip of psu2 of node-a1',
    )
  })

  it('names hosts, clusters, data centers, proxies and the engine', () => {
    expect(describePath(lab(), 'hosts[1]')).toBe('host a2')
    expect(describePath(lab(), 'hosts[1].address')).toBe('address of host a2')
    expect(describePath(lab(), 'clusters[0].proxyPreferences[1]')).toBe(
      'entry 2 of the proxy preferences of cluster cluster-a',
    )
    expect(describePath(lab(), 'dataCenters[0]')).toBe('data center Default')
    expect(describePath(lab(), 'proxies[0].ssh.port')).toBe('SSH port of proxy jump1')
    expect(describePath(lab(), 'engine.address')).toBe('address of the engine')
  })

  it('leaves a path it cannot follow as it was', () => {
    expect(describePath(lab(), 'hosts[9].address')).toBe('hosts[9].address')
  })

  it('replaces the paths inside a core message, with the name the core added', () => {
    expect(messageWords(lab(), 'address "x" is already used by hosts[0] ("node-a1")')).toBe(
      'address "x" is already used by host node-a1',
    )
    expect(
      messageWords(lab(), 'duplicate id "psu2"; hosts[0].powerManagement.devices[1] has it too'),
    ).toBe('duplicate id "psu2"; psu2 of node-a1 has it too')
    expect(messageWords(lab(), 'not an IP address or FQDN')).toBe('not an IP address or FQDN')
  })

  it('reads the value at a path', () => {
    expect(valueAtPath(lab(), 'hosts[0].powerManagement.devices[0].params.ip')).toBe('10.1.0.11')
    expect(valueAtPath(lab(), 'hosts[5].address')).toBeUndefined()
  })
})
