// Documents the renderer tests start from. Data only: what the UI and the core make of them is
// theirs to say.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TopologyDocument } from '../../../src-main/common/document'

/** The password of a1's psu1 in {@link sampleDocument}. */
export const SAMPLE_PASSWORD = 'hunter2-secret'

/** A small valid lab: dc1 › c1 (a1 with psu1, a2, a3 in maintenance), engine, one jump box. */
export function sampleDocument(): TopologyDocument {
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    dataCenters: [{ id: 'dc1', name: 'Default' }],
    clusters: [{ id: 'c1', name: 'cluster-a', dataCenter: 'dc1' }],
    hosts: [
      {
        id: 'a1',
        name: 'a1',
        address: 'a1.lab.example',
        cluster: 'c1',
        status: 'up',
        canProxy: true,
        powerManagement: {
          enabled: true,
          devices: [
            {
              id: 'psu1',
              type: 'ipmilan',
              order: 1,
              params: { ip: '10.1.0.11', username: 'admin', password: SAMPLE_PASSWORD },
            },
          ],
        },
      },
      {
        id: 'a2',
        name: 'a2',
        address: 'a2.lab.example',
        cluster: 'c1',
        status: 'up',
        canProxy: true,
      },
      {
        id: 'a3',
        name: 'a3',
        address: 'a3.lab.example',
        cluster: 'c1',
        status: 'maintenance',
        canProxy: true,
      },
    ],
    proxies: [{ id: 'p1', name: 'jump1', address: 'jump1.lab.example' }],
  }
}

/** resources/demo-lab.json, read afresh (a new object per call). */
export function demoDocument(): TopologyDocument {
  return JSON.parse(
    readFileSync(join(__dirname, '../../../resources/demo-lab.json'), 'utf8'),
  ) as TopologyDocument
}
