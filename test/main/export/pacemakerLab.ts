// A hand-made lab for the Pacemaker export: cluster `prod` (id c-prod) with three nodes, where
// node1 has two power supplies of equal order whose first prefers a named host (node3), and a PDU
// that prefers the engine; a host of another cluster is admitted by `dc`. Ids and names differ.
import type { TopologyDocument } from '../../../src-main/common/document'

/** The BMC password of the lab: markup characters, so escaping shows. */
export const BMC_PASSWORD = `pw&<"'>1`
/** The PDU's password. */
export const PDU_PASSWORD = 'pdu secret $HOME `x`'

/** A fresh copy of the lab. */
export function pacemakerLab(): TopologyDocument {
  const ipmi = (ip: string) => ({
    ip,
    username: 'admin',
    password: BMC_PASSWORD,
    lanplus: true,
  })
  const host = (id: string, name: string, cluster: string, devices: unknown[]) => ({
    id,
    name,
    address: `${name}.lab.example`,
    cluster,
    status: 'up',
    canProxy: true,
    powerManagement: { enabled: true, devices },
  })
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    defaults: { proxyPreferences: ['cluster', 'dc'] },
    dataCenters: [{ id: 'dc1', name: 'Main' }],
    clusters: [
      { id: 'c-prod', name: 'prod', dataCenter: 'dc1' },
      { id: 'c-other', name: 'other', dataCenter: 'dc1' },
    ],
    hosts: [
      host('h-n1', 'node1', 'c-prod', [
        {
          id: 'psu-a',
          type: 'ipmilan',
          order: 1,
          params: ipmi('10.0.0.11'),
          proxyPreferences: ['node3', 'cluster'],
        },
        { id: 'psu-b', type: 'ipmilan', order: 1, params: ipmi('10.0.0.12') },
        {
          id: 'pdu',
          type: 'apc',
          order: 2,
          params: {
            ip: '10.0.0.200',
            username: 'apc',
            password: PDU_PASSWORD,
            plug: '3',
            command_prompt: 'APC>',
          },
          proxyPreferences: ['engine', 'cluster'],
        },
      ]),
      host('h-n2', 'node2', 'c-prod', [
        { id: 'bmc', type: 'ipmilan', order: 1, params: ipmi('10.0.0.21') },
      ]),
      host('h-n3', 'node3', 'c-prod', [
        { id: 'bmc', type: 'ipmilan', order: 1, params: ipmi('10.0.0.31') },
      ]),
      host('h-o1', 'other1', 'c-other', [
        { id: 'bmc', type: 'ipmilan', order: 1, params: ipmi('10.0.1.11') },
      ]),
    ],
    proxies: [],
  } as TopologyDocument
}
