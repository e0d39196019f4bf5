/**
 * Separate out-of-band networks for the lab (LAB.md, last section): per site a proxy namespace and
 * an OOB namespace joined by a veth pair; the BMC listens in the OOB namespace. The root namespace
 * only ever talks to 127/8; the TEST-NET addresses exist only inside namespaces made here.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { type BmcSpec, bmcSpecAt, type PowerState, type ProxySpec } from './lab'
import { isAlive, killAll, processId } from './processes'

const exec = promisify(execFile)
const IP = '/usr/sbin/ip'
const PREFIX = 'fplab-'

/** Subnets allowed for sites. Never 192.0.2.0/24: the machine's own interface may sit there. */
const SUBNETS = new Set(['198.51.100', '203.0.113'])

export interface OobSiteSpec {
  /** Short: [a-z0-9], up to 8. */
  name: string
  /** `198.51.100` or `203.0.113` (a /24). */
  subnet: string
}

export interface OobSite {
  name: string
  /** Where the proxy's sessions run (ProxySpec.netns). */
  proxyNs: string
  /** Where the BMC listens (BmcSpec.netns). */
  oobNs: string
  proxyIp: string
  bmcIp: string
}

/** A lab proxy at `address`:2222 whose sessions run in `site`'s proxy namespace. */
export function siteProxySpec(site: OobSite, name: string, address: string): ProxySpec {
  return { name, address, port: 2222, netns: site.proxyNs }
}

/** `site`'s BMC, in its OOB namespace: as {@link bmcSpecAt}. */
export function siteBmcSpec(
  site: OobSite,
  name: string,
  password: string,
  power?: PowerState,
): BmcSpec {
  return { ...bmcSpecAt(site.bmcIp, name, password, power), netns: site.oobNs }
}

export interface OobNetworks {
  sites: OobSite[]
  site(name: string): OobSite
  /** Kills whatever still runs in the namespaces and deletes them. Idempotent. */
  destroy(): Promise<void>
}

async function ip(...args: string[]): Promise<string> {
  const { stdout } = await exec(IP, args, { timeout: 10_000 })
  return stdout
}

async function listNamespaces(): Promise<string[]> {
  const out = await ip('netns', 'list')
  return out
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n !== '')
}

async function deleteNamespace(ns: string): Promise<void> {
  try {
    const pids = (await ip('netns', 'pids', ns)).split('\n').filter((l) => /^\d+$/.test(l))
    killAll(pids.map((p) => processId(Number(p))).filter((id) => id !== undefined))
  } catch {
    // gone already
  }
  try {
    await ip('netns', 'del', ns)
  } catch {
    // gone already
  }
}

/** Why namespaces cannot be used here, or undefined (probes `ip netns add`). */
export async function netnsUnavailable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'network namespaces need root'
  const probe = `${PREFIX}${process.pid}-probe`
  try {
    await ip('netns', 'add', probe)
    await ip('netns', 'del', probe)
    return undefined
  } catch (err) {
    return `ip netns add failed: ${String(err).split('\n')[0]}`
  }
}

/** Deletes namespaces left by test processes that are gone (`fplab-<pid>-<start>-…`). */
async function reapStale(): Promise<void> {
  for (const ns of await listNamespaces()) {
    const m = /^fplab-(\d+)-(\d+)-/.exec(ns)
    if (m && !isAlive({ pid: Number(m[1]), start: Number(m[2]) })) await deleteNamespace(ns)
  }
}

/** Creates the sites' namespaces. Pair with `destroy()` in afterAll, after `lab.stop()`. */
export async function createOobNetworks(specs: OobSiteSpec[]): Promise<OobNetworks> {
  for (const spec of specs) {
    if (!/^[a-z0-9]{1,8}$/.test(spec.name)) throw new Error(`bad site name ${spec.name}`)
    if (!SUBNETS.has(spec.subnet))
      throw new Error(`${spec.name}: subnet must be one of ${[...SUBNETS].join(', ')}`)
  }
  await reapStale()
  const me = processId(process.pid)
  const tag = `${PREFIX}${process.pid}-${me?.start ?? 0}-${Math.random().toString(36).slice(2, 6)}`
  const made: string[] = []
  const sites: OobSite[] = []

  const destroy = async (): Promise<void> => {
    for (const ns of made.splice(0)) await deleteNamespace(ns)
  }

  try {
    for (const spec of specs) {
      const site: OobSite = {
        name: spec.name,
        proxyNs: `${tag}-${spec.name}-px`,
        oobNs: `${tag}-${spec.name}-oob`,
        proxyIp: `${spec.subnet}.1`,
        bmcIp: `${spec.subnet}.10`,
      }
      for (const ns of [site.proxyNs, site.oobNs]) {
        await ip('netns', 'add', ns)
        made.push(ns)
        await ip('-n', ns, 'link', 'set', 'lo', 'up')
        // No routing between sites through a namespace, whatever the kernel default.
        await exec(IP, ['netns', 'exec', ns, 'sh', '-c', 'echo 0 > /proc/sys/net/ipv4/ip_forward'])
      }
      await ip(
        '-n',
        site.proxyNs,
        'link',
        'add',
        'oob0',
        'type',
        'veth',
        'peer',
        'name',
        'oob0',
        'netns',
        site.oobNs,
      )
      await ip('-n', site.proxyNs, 'addr', 'add', `${site.proxyIp}/24`, 'dev', 'oob0')
      await ip('-n', site.oobNs, 'addr', 'add', `${site.bmcIp}/24`, 'dev', 'oob0')
      await ip('-n', site.proxyNs, 'link', 'set', 'oob0', 'up')
      await ip('-n', site.oobNs, 'link', 'set', 'oob0', 'up')
      sites.push(site)
    }
  } catch (err) {
    await destroy()
    throw err
  }

  return {
    sites,
    site(name) {
      const s = sites.find((x) => x.name === name)
      if (!s) throw new Error(`no site ${name}`)
      return s
    },
    destroy,
  }
}
