/**
 * Topology documents over a started lab: the lab's sshd proxies become standalone proxies of the
 * document (their `ssh` is the lab address, port, user and client key, host key pinned), its
 * ipmi_sim BMCs become `ipmilan` devices. Used by the lab tests and by the manual lab (labCli.ts).
 */
import type { ParamValue, TopologyDocument } from '../../src-main/common/document'
import type { Lab, LabBmc } from './lab'

/** One fence device of a lab host. */
export interface LabDeviceSpec {
  id: string
  /** The lab BMC it drives: fills ip/ipport/username/password/lanplus/cipher/power_wait. */
  bmc?: string
  /** Device type. Default `ipmilan`. */
  type?: string
  /** Default 1. */
  order?: number
  /** Entries as the document takes them: lab proxy names, `cluster`, … */
  proxyPreferences?: string[]
  /** Added to, or overriding, the BMC's parameters (`power_timeout: 1`, a wrong `password`, …). */
  params?: Record<string, ParamValue>
}

/** One host to fence. Hosts are targets only: they never act as proxies. */
export interface LabHostSpec {
  id: string
  devices: LabDeviceSpec[]
  /** As {@link LabDeviceSpec.proxyPreferences}. */
  proxyPreferences?: string[]
}

export interface LabTopologyOptions {
  hosts: LabHostSpec[]
  /** Lab proxies to list, in this document order. Default: all of them, in lab order. */
  proxies?: string[]
  /**
   * Pin each proxy's current host key in `ssh.hostKey` (default). `false` leaves the decision to
   * the app's known-hosts store (`fencepost trust`).
   */
  pinHostKeys?: boolean
}

/**
 * A lab proxy's id in the document: never its name (`px-p1` for `p1`), so code that mixes the two
 * up fails here as it would in the field. Messages and results show the name.
 */
export function labProxyId(name: string): string {
  return `px-${name}`
}

/** The one cluster every lab proxy serves, so the `cluster` entry admits them all. */
export const LAB_CLUSTER = 'c1'

/**
 * What fence_ipmilan needs for a lab BMC: lanplus with cipher suite 3 (other suites make ipmitool
 * ask for a cipher list ipmi_sim lacks: 10–14 s per call) and `power_wait=0` (the default 2 s
 * would only slow every on/off down).
 */
export function ipmilanParams(bmc: LabBmc): Record<string, ParamValue> {
  return {
    ip: bmc.host,
    ipport: bmc.port,
    username: bmc.user,
    password: bmc.password,
    lanplus: true,
    cipher: '3',
    power_wait: 0,
  }
}

/** A valid topology document (validate it with the core's plugins to be sure) over `lab`. */
export function labTopology(lab: Lab, options: LabTopologyOptions): TopologyDocument {
  const names = options.proxies ?? lab.proxies.map((p) => p.name)
  const pin = options.pinHostKeys ?? true
  return {
    version: 1,
    engine: { name: 'engine', address: '127.0.0.1', canProxy: false, exec: 'local' },
    defaults: { proxyPreferences: ['cluster'] },
    dataCenters: [{ id: 'dc1', name: 'lab' }],
    clusters: [{ id: LAB_CLUSTER, name: 'lab-cluster', dataCenter: 'dc1' }],
    hosts: options.hosts.map((host) => ({
      id: host.id,
      name: host.id,
      address: `${host.id}.lab.example`,
      cluster: LAB_CLUSTER,
      status: 'up',
      canProxy: false,
      powerManagement: {
        enabled: true,
        ...(host.proxyPreferences ? { proxyPreferences: host.proxyPreferences } : {}),
        devices: host.devices.map((device) => ({
          id: device.id,
          type: device.type ?? 'ipmilan',
          order: device.order ?? 1,
          params: {
            ...(device.bmc ? ipmilanParams(lab.bmc(device.bmc)) : {}),
            ...device.params,
          },
          ...(device.proxyPreferences ? { proxyPreferences: device.proxyPreferences } : {}),
        })),
      },
    })),
    proxies: names.map((name) => {
      const p = lab.proxy(name)
      return {
        id: labProxyId(p.name),
        name: p.name,
        address: p.host,
        cluster: LAB_CLUSTER,
        ssh: {
          port: p.port,
          user: p.user,
          identityFile: p.identityFile,
          ...(pin ? { hostKey: p.hostKeyFingerprint } : {}),
        },
      }
    }),
  }
}

/**
 * The topology of the issue's Done-when, shared by the manual lab and its automated twin
 * (test/lab/cli.test.ts): h1's BMC through p1, else p2; h2 with two power supplies (both must go
 * off) through whichever proxy of the cluster answers. Needs proxies p1, p2 and BMCs h1-bmc,
 * h2-psu1, h2-psu2.
 */
export function doneWhenTopology(lab: Lab): TopologyDocument {
  return labTopology(lab, {
    proxies: ['p1', 'p2'],
    hosts: [
      { id: 'h1', devices: [{ id: 'bmc', bmc: 'h1-bmc', proxyPreferences: ['p1', 'p2'] }] },
      {
        id: 'h2',
        devices: [
          { id: 'psu1', bmc: 'h2-psu1', proxyPreferences: ['cluster'] },
          { id: 'psu2', bmc: 'h2-psu2', proxyPreferences: ['cluster'] },
        ],
      },
    ],
  })
}
