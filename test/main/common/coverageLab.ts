/** The lab the coverage tests (common and CLI) share. It passes the real schema. */
import { documentSchema } from '../../../src-main/common/document'
import type { TopologyDocument } from '../../../src-main/common/document'
import { device, host, proxy } from './planner/fixtures'

/**
 * The coverage lab:
 * ```
 * engine (may proxy)          jump1 (standalone, not placed)
 * Default (dc1): cluster-a (c1) a1 a2 a3 · cluster-b (c2) b1 b2
 * Remote (dc2):  cluster-r (c3) r1 (alone)
 * ```
 * - a1: psu1, default `cluster, dc` → a2 a3 b1 b2: four routes.
 * - a2: plug 2 of the PDU 10.0.0.200, through jump1 only: jump1 is its single point of failure.
 * - a3: plug 3 of the same PDU through jump1, then a BMC through the engine: two groups, no
 *   single machine to lose — but losing the PDU leaves it the BMC only.
 * - b1: through its peer b2 only. b2: through the engine only.
 * - r1: `cluster` admits only itself: no route.
 * - x1: beside r1, may not proxy; its power management is disabled: left out.
 */
export function coverageLab(): TopologyDocument {
  const pdu = (plug: string) => ({ ip: '10.0.0.200', username: 'apc', plug })
  return documentSchema.parse({
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    dataCenters: [
      { id: 'dc1', name: 'Default' },
      { id: 'dc2', name: 'Remote' },
    ],
    clusters: [
      { id: 'c1', name: 'cluster-a', dataCenter: 'dc1' },
      { id: 'c2', name: 'cluster-b', dataCenter: 'dc1' },
      { id: 'c3', name: 'cluster-r', dataCenter: 'dc2' },
    ],
    hosts: [
      host('h-a1', 'c1', {
        name: 'a1',
        powerManagement: { enabled: true, devices: [device('psu1')] },
      }),
      host('h-a2', 'c1', {
        name: 'a2',
        powerManagement: {
          enabled: true,
          devices: [device('pdu', { type: 'apc', params: pdu('2'), proxyPreferences: ['jump1'] })],
        },
      }),
      host('h-a3', 'c1', {
        name: 'a3',
        powerManagement: {
          enabled: true,
          devices: [
            device('pdu', { type: 'apc', params: pdu('3'), proxyPreferences: ['jump1'] }),
            device('bmc', {
              order: 2,
              params: { ip: '10.1.0.13' },
              proxyPreferences: ['engine'],
            }),
          ],
        },
      }),
      host('h-b1', 'c2', {
        name: 'b1',
        powerManagement: {
          enabled: true,
          devices: [device('bmc', { params: { ip: '10.2.0.11' }, proxyPreferences: ['b2'] })],
        },
      }),
      host('h-b2', 'c2', {
        name: 'b2',
        powerManagement: {
          enabled: true,
          devices: [device('bmc', { params: { ip: '10.2.0.12' }, proxyPreferences: ['engine'] })],
        },
      }),
      host('h-r1', 'c3', {
        name: 'r1',
        powerManagement: {
          enabled: true,
          devices: [device('bmc', { params: { ip: '10.3.0.11' }, proxyPreferences: ['cluster'] })],
        },
      }),
      host('h-x1', 'c3', {
        name: 'x1',
        canProxy: false,
        powerManagement: { enabled: false, devices: [device('bmc')] },
      }),
    ],
    proxies: [proxy('p-jump1', 'jump1')],
  })
}
