import { describe, expect, it } from 'vitest'
import type { Device, Host, TopologyDocument } from '../../../src-main/common/document'
import {
  describeChanges,
  describeDocumentSize,
  hasNoChanges,
  summarizeChanges,
} from '../../../src-main/common/documentChanges'

// Ids and names differ on purpose, so a summary that shows ids where names belong is caught.
function device(id: string, params: Device['params'] = {}, extra: Partial<Device> = {}): Device {
  return {
    id,
    type: 'ipmilan',
    order: 1,
    params: { ip: `10.0.0.${id.length}`, ...params },
    ...extra,
  }
}

function host(id: string, name: string, devices: Device[], extra: Partial<Host> = {}): Host {
  return {
    id,
    name,
    address: `${name}.lab.example`,
    cluster: 'c1',
    status: 'up',
    canProxy: true,
    powerManagement: { enabled: true, devices },
    ...extra,
  }
}

function hostAt(doc: TopologyDocument, h: number): Host {
  const found = doc.hosts[h]
  if (!found) throw new Error(`no host ${h}`)
  return found
}

function dev(doc: TopologyDocument, h: number, d: number): Device {
  const found = hostAt(doc, h).powerManagement?.devices[d]
  if (!found) throw new Error(`no device ${d} of host ${h}`)
  return found
}

function lab(): TopologyDocument {
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    defaults: { proxyPreferences: ['cluster', 'dc'] },
    dataCenters: [{ id: 'dc1', name: 'Default' }],
    clusters: [{ id: 'c1', name: 'cluster-a', dataCenter: 'dc1' }],
    hosts: [
      host('h1', 'a1', [
        device('psu1', { password: { ref: 's-1' } }),
        device('psu2', { password: { ref: 's-2' } }, { order: 2 }),
      ]),
      host('h2', 'a2', [device('psu1')], { ssh: { user: 'root', password: { ref: 's-3' } } }),
    ],
    proxies: [{ id: 'p1', name: 'jump1', address: 'jump1.lab.example' }],
  }
}

describe('summarizeChanges', () => {
  it('finds nothing between a document and its copy', () => {
    const summary = summarizeChanges(lab(), structuredClone(lab()))
    expect(hasNoChanges(summary)).toBe(true)
    expect(describeChanges(summary)).toEqual(['No changes.'])
  })

  it('names added and removed hosts by name, with their devices', () => {
    const after = lab()
    after.hosts.push(host('h7', 'a7', [device('psu1')]), host('h8', 'a8', []))
    after.hosts = after.hosts.filter((h) => h.id !== 'h2')
    const summary = summarizeChanges(lab(), after)
    expect(summary.hosts.added).toEqual([
      { id: 'h7', name: 'a7' },
      { id: 'h8', name: 'a8' },
    ])
    expect(summary.hosts.removed).toEqual([{ id: 'h2', name: 'a2' }])
    expect(summary.devices.added).toEqual([{ id: 'psu1', hostId: 'h7', hostName: 'a7' }])
    expect(summary.devices.removed).toEqual([{ id: 'psu1', hostId: 'h2', hostName: 'a2' }])
    expect(describeChanges(summary)).toEqual([
      '2 hosts added: a7, a8',
      '1 host removed: a2',
      '1 device added: psu1 of a7',
      '1 device removed: psu1 of a2',
    ])
  })

  it('names changed device fields and its host', () => {
    const after = lab()
    const psu2 = dev(after, 0, 1)
    psu2.params.ip = '10.9.9.9'
    psu2.proxyPreferences = ['engine']
    const summary = summarizeChanges(lab(), after, {
      paramLabel: (_type, name) => (name === 'ip' ? 'address' : undefined),
    })
    expect(summary.devices.changed).toEqual([
      {
        id: 'psu2',
        hostId: 'h1',
        hostName: 'a1',
        fields: [
          { field: 'proxyPreferences', label: 'preferences' },
          { field: 'params.ip', label: 'address' },
        ],
      },
    ])
    expect(describeChanges(summary)).toEqual(['psu2 of a1 changed (preferences, address)'])
  })

  it('compares secrets by presence only and never carries a value', () => {
    const after = lab()
    // A plain password in an imported file stands for the same secret as the stored ref.
    dev(after, 0, 0).params.password = 'hunter2-plain'
    // An env secret is present too.
    hostAt(after, 1).ssh!.password = { env: 'A2_PASSWORD' }
    expect(hasNoChanges(summarizeChanges(lab(), after))).toBe(true)

    delete dev(after, 0, 1).params.password
    dev(after, 1, 0).params.passwd = 'other-secret-value'
    const summary = summarizeChanges(lab(), after)
    const lines = describeChanges(summary)
    expect(lines).toEqual([
      'psu2 of a1 changed (password removed)',
      'psu1 of a2 changed (passwd set)',
    ])
    const text = JSON.stringify(summary) + lines.join('\n')
    for (const secret of ['hunter2', 'other-secret-value', 's-1', 's-2', 's-3', 'A2_PASSWORD']) {
      expect(text).not.toContain(secret)
    }
  })

  it('treats a parameter a plugin marks secret, and any { ref }, as a secret', () => {
    const before = lab()
    dev(before, 0, 0).params.key = { ref: 's-9' }
    dev(before, 0, 0).params.tenant = 'abc'
    const after = structuredClone(before)
    dev(after, 0, 0).params.key = 'new-plain'
    dev(after, 0, 0).params.tenant = 'xyz'
    const isSecretParam = (_type: string, name: string): boolean => name === 'tenant'
    expect(hasNoChanges(summarizeChanges(before, after, { isSecretParam }))).toBe(true)
    // Without the plugin's word, `tenant` is an ordinary parameter.
    expect(describeChanges(summarizeChanges(before, after))).toEqual([
      'psu1 of a1 changed (tenant)',
    ])
  })

  it('reports SSH, data centers, clusters, proxies, the engine and the defaults', () => {
    const after = lab()
    hostAt(after, 1).ssh = { user: 'admin' }
    hostAt(after, 1).cluster = 'c2'
    hostAt(after, 1).name = 'a2-renamed'
    after.dataCenters[0]!.proxyPreferences = ['cluster']
    after.clusters.push({ id: 'c2', name: 'cluster-b', dataCenter: 'dc1' })
    after.proxies = [{ id: 'p2', name: 'jump2', address: 'jump2.lab.example' }]
    after.engine.address = 'engine2.lab.example'
    after.engine.exec = { ssh: { user: 'fence' } }
    after.defaults = undefined
    const lines = describeChanges(summarizeChanges(lab(), after))
    expect(lines).toEqual([
      'Default changed (preferences)',
      '1 cluster added: cluster-b',
      'a2-renamed changed (name, cluster, SSH user, SSH password removed)',
      '1 standalone proxy added: jump2',
      '1 standalone proxy removed: jump1',
      'engine changed (address, runs agents, SSH user)',
      'defaults changed (preferences)',
    ])
  })

  it('shortens long lists and says how many more', () => {
    const after = lab()
    for (let i = 0; i < 2000; i++) after.hosts.push(host(`n${i}`, `node${i}`, [device('psu1')]))
    for (const h of after.hosts.slice(0, 2)) h.status = 'down'
    hostAt(after, 0).powerManagement!.devices.forEach((d) => (d.order += 5))
    const lines = describeChanges(summarizeChanges(lab(), after), { maxNames: 3 })
    expect(lines).toEqual([
      '2000 hosts added: node0, node1, node2 and 1997 more',
      'a1 changed (status)',
      'a2 changed (status)',
      '2000 devices added: psu1 of node0, psu1 of node1, psu1 of node2 and 1997 more',
      'psu1 of a1 changed (order)',
      'psu2 of a1 changed (order)',
    ])
    const many = lab()
    for (let i = 0; i < 6; i++) many.hosts.push(host(`e${i}`, `edge${i}`, []))
    const moved = structuredClone(many)
    moved.hosts.forEach((h) => (h.address = `${h.name}.other.example`))
    const more = describeChanges(summarizeChanges(many, moved), { maxNames: 3 })
    expect(more).toEqual([
      'a1 changed (address)',
      'a2 changed (address)',
      'edge0 changed (address)',
      '5 more hosts changed',
    ])
  })

  it('counts hosts and devices for a backup list', () => {
    expect(describeDocumentSize(lab())).toBe('2 hosts, 3 devices')
    const one = lab()
    one.hosts = [host('h1', 'a1', [device('psu1')])]
    expect(describeDocumentSize(one)).toBe('1 host, 1 device')
  })
})
