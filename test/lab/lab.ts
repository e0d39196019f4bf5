/**
 * The real fencing lab (see /work/shared/LAB.md): sshd proxies on loopback addresses, ipmi_sim BMCs,
 * the real fence agents. Started and stopped by the tests themselves; needs root.
 *
 * Two flavours of proxy (see {@link LabFlavour}): `stock` (the default) is a Debian proxy as an
 * admin finds it — an unprivileged login whose PATH lacks `/usr/sbin`, sshd's own defaults
 * (`MaxSessions 10`, `MaxStartups 10:30:100`, no `SetEnv`); `root` logs in as root, whose PATH
 * has the agents. The lab's fake agents sit in `/usr/local/sbin` as each proxy sees it (a bind
 * mount in the proxy's own mount namespace), where a hand install would put them: found only by
 * looking there, as the product's agent probe does.
 *
 * Loopback blocks in use, one per test file and flavour so parallel files never clash
 * (127.0.<index>.x), stock / root:
 *   20 / 24 test/lab/lab.test.ts · 21 / 25 test/lab/sshRunner.test.ts
 *   22 / 26 test/lab/sshFaults.test.ts · 23 (hosts 11–29 / 31–49) test/lab/netns.test.ts
 *   30–31 / 27–28 test/lab/fencing.test.ts · 32 / 29 test/lab/cli.test.ts
 *   33 (hosts 11–29 / 31–49) test/lab/hedgedFallback.test.ts
 *   50 (stock only) test/lab/budget.test.ts
 *   51 (stock only) test/lab/bulk.test.ts
 *   40 the manual lab of test/lab/labCli.ts (persistent, outlives its process) · 90 bench/run.ts
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  accessSync,
  chmodSync,
  chownSync,
  constants as fsConstants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { RunTarget } from '../../src-main/core/runners/agentRunner'
import { fingerprintOfPublicKeyLine } from '../../src-main/core/runners/knownHosts'
import {
  type Daemon,
  isAlive,
  killAll,
  killTreeSync,
  namespaceOf,
  type ProcessId,
  processId,
  processesInNamespace,
  startDaemon,
} from './processes'

const exec = promisify(execFile)

/** The one unprivileged user every lab proxy logs in as. */
export const LAB_USER = 'fencepost-lab'
/** Accepted only by proxies started with `passwordAuth: true`. */
export const LAB_USER_PASSWORD = 'fencepost-lab-pw'
// `openssl passwd -6 -salt fencepostlab fencepost-lab-pw` (UsePAM no: sshd checks the shadow hash).
const LAB_USER_HASH =
  '$6$fencepostlab$ZK44NJVhIu0G5iXA/dE/BpV9196/zGtRDU8fc82OlMz2tU3sOVuVSRVCrPCp6aL6ljrqFNUtsxaRnen.LyF37/'
const LAB_USER_HOME = '/var/lib/fencepost-lab'
/** The root flavour's login (uid 0, see ensureLabRoot). */
export const LAB_ROOT = 'fencepost-lab-root'
const LAB_ROOT_HOME = '/var/lib/fencepost-lab-root'
const SSHD = '/usr/sbin/sshd'
const IP = '/usr/sbin/ip'
const DIR_PREFIX = 'fencepost-lab-'
/** Where each proxy sees the lab's fake agents (its own bind mount of the lab's bin folder). */
export const LAB_AGENT_DIR = '/usr/local/sbin'

/**
 * `stock`: unprivileged login, stock sshd settings, PATH without `/usr/sbin` (the default, what
 * the field has). `root`: the same sshd logging in as root (a password-auth proxy still logs in as
 * the lab user: root never gets a password here).
 */
export type LabFlavour = 'stock' | 'root'
/** Both flavours, stock first: for `describe.each`-style loops over the lab tests. */
export const LAB_FLAVOURS: readonly LabFlavour[] = ['stock', 'root']

export type PowerState = 'on' | 'off'
export type BmcFault = 'none' | 'error' | 'ignore'

export interface ProxySpec {
  name: string
  /** A 127.x.y.z address, see {@link labAddress}. */
  address: string
  port: number
  /** Also accept {@link LAB_USER_PASSWORD} (publickey still works). */
  passwordAuth?: boolean
  /**
   * Run the proxy's sessions inside this network namespace (see netns.ts): a socat listener on
   * `address:port` starts `sshd -i` in the namespace for each connection.
   */
  netns?: string
}

export interface BmcSpec {
  name: string
  /** 127/8, or an address inside `netns`. */
  address: string
  port: number
  user: string
  /** ipmi_sim's parser rejects spaces and quotes; at most 19 characters. */
  password: string
  /** Initial chassis power. Default off. */
  power?: PowerState
  /** Run ipmi_sim (and the lab's own ipmitool checks) inside this network namespace. */
  netns?: string
}

export interface LabSpec {
  proxies?: ProxySpec[]
  bmcs?: BmcSpec[]
  /**
   * Extra fake agents (name → script text) put into the lab's bin folder, which every proxy sees
   * as {@link LAB_AGENT_DIR} (on no stock PATH). `fence_hang` is always there: it records its PID
   * and sleeps.
   */
  agents?: Record<string, string>
  /** Default `stock`. */
  flavour?: LabFlavour
  /**
   * Keep the lab in this folder (new or empty) and let its daemons outlive this process: no exit
   * hook, no owner record, so neither this process's exit nor another test's stale-lab reaper
   * touches it. The caller records the daemons' ids and stops them (test/lab/labCli.ts).
   */
  persistent?: string
}

export interface LabProxy {
  readonly name: string
  readonly host: string
  readonly port: number
  readonly user: string
  /** The lab's client key (authorized on every proxy). */
  readonly identityFile: string
  /** Set when the proxy accepts password auth. */
  readonly password: string | undefined
  /** `SHA256:…` of the current host key (changes with `start({ newHostKey: true })`). */
  readonly hostKeyFingerprint: string
  readonly logFile: string
  /** sshd's log so far. */
  log(): string
  /** The listening sshd, while it runs. */
  pid(): number | undefined
  /** Starts sshd (after `stop`/`kill`); waits until it answers with an SSH banner. */
  start(options?: { newHostKey?: boolean }): Promise<void>
  /** SIGTERM to sshd and every session under it, SIGKILL after 2 s. Idempotent. */
  stop(): Promise<void>
  /** SIGKILL to sshd and every session under it. Idempotent. */
  kill(): Promise<void>
  /** A runner target for this proxy (key auth, host key pinned), with overrides. */
  target(overrides?: Partial<RunTarget>): RunTarget
}

export interface LabBmc {
  readonly name: string
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
  /** Chassis power as ipmitool (cipher 3) reads it over the network. */
  power(): Promise<PowerState>
  /** Sets the state behind the BMC directly (test setup; not logged as a call). */
  setPower(state: PowerState): void
  /** Every chassis_control call so far: `get power`, `set power 1`, … */
  calls(): string[]
  clearCalls(): void
  /** The running ipmi_sim, while it runs. */
  pid(): number | undefined
  /** `error`: power changes fail; `ignore`: accepted, nothing changes. Status reads always work. */
  setFault(fault: BmcFault): void
  /** fence_ipmilan stdin for this BMC (cipher 3, power_wait 0) with extra `key=value` options. */
  stdin(action: string, extra?: Record<string, string | number>): string
  start(): Promise<void>
  stop(): Promise<void>
}

export interface Lab {
  readonly dir: string
  readonly flavour: LabFlavour
  /** The login of the key-auth proxies: the lab user (stock) or root. */
  readonly user: string
  readonly identityFile: string
  /** Fake agents; each proxy sees this folder as {@link LAB_AGENT_DIR}. */
  readonly binDir: string
  /** Writable by the lab user (fake agents drop files here). */
  readonly runDir: string
  readonly proxies: LabProxy[]
  readonly bmcs: LabBmc[]
  proxy(name: string): LabProxy
  bmc(name: string): LabBmc
  /** A fresh ed25519 key that no proxy authorizes. */
  makeKey(name: string): Promise<string>
  /** Stops every daemon and removes the lab folder (kept if FENCEPOST_LAB_KEEP is set). */
  stop(): Promise<void>
}

/** `127.0.<block>.<host>`: one block per test file. */
export function labAddress(block: number, host: number): string {
  if (!Number.isInteger(block) || block < 1 || block > 254) throw new Error(`bad block ${block}`)
  if (!Number.isInteger(host) || host < 1 || host > 254) throw new Error(`bad host ${host}`)
  return `127.0.${block}.${host}`
}

/** The usual proxies of a lab test: `p1` and `p2` at hosts 11 and 12 of `block`, port 2222. */
export function twoLabProxies(block: number): ProxySpec[] {
  return [
    { name: 'p1', address: labAddress(block, 11), port: 2222 },
    { name: 'p2', address: labAddress(block, 12), port: 2222 },
  ]
}

/** A BMC at `host` of `block`: see {@link bmcSpecAt}. */
export function labBmcSpec(
  block: number,
  host: number,
  name: string,
  password: string,
  power?: PowerState,
): BmcSpec {
  return bmcSpecAt(labAddress(block, host), name, password, power)
}

/** A BMC at `address`, port 623, user `admin`; `power` as {@link BmcSpec.power}. */
export function bmcSpecAt(
  address: string,
  name: string,
  password: string,
  power?: PowerState,
): BmcSpec {
  const spec: BmcSpec = { name, address, port: 623, user: 'admin', password }
  return power ? { ...spec, power } : spec
}

function findExecutable(name: string, dirs: string[]): string | undefined {
  for (const dir of dirs) {
    const file = join(dir, name)
    try {
      accessSync(file, fsConstants.X_OK)
      return file
    } catch {
      // next
    }
  }
  return undefined
}

const SEARCH = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin']

/**
 * Why the lab cannot run here, or undefined. For `describe.skipIf(labMissing)(…)`; CI installs
 * everything with scripts/install-lab.sh and runs as root, so it does not skip there.
 */
export function labUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'the lab needs Linux'
  if (process.getuid?.() !== 0) return 'the lab needs root (useradd, sshd privilege separation)'
  const missing = [
    existsSync(SSHD) ? undefined : 'sshd (openssh-server)',
    findExecutable('ssh-keygen', SEARCH) ? undefined : 'ssh-keygen (openssh-client)',
    findExecutable('ipmi_sim', SEARCH) ? undefined : 'ipmi_sim (openipmi)',
    findExecutable('ipmitool', SEARCH) ? undefined : 'ipmitool',
    findExecutable('fence_ipmilan', SEARCH) ? undefined : 'fence_ipmilan (fence-agents)',
    findExecutable('useradd', SEARCH) ? undefined : 'useradd (passwd)',
    findExecutable('unshare', SEARCH) ? undefined : 'unshare (util-linux)',
    findExecutable('mount', SEARCH) ? undefined : 'mount (mount)',
  ].filter((m): m is string => m !== undefined)
  return missing.length > 0
    ? `lab tools missing: ${missing.join(', ')} — run scripts/install-lab.sh`
    : undefined
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

// ---------------------------------------------------------------------------------------------
// Process bookkeeping shared by every lab of this process

interface LabRecord {
  dir: string
  daemons: Set<Daemon>
  /** The proxies' own namespaces (`mnt:[…]`, `net:[…]`): whatever runs in them is the lab's. */
  namespaces: Set<string>
}

/** Every process left in the lab's proxy namespaces (agents orphaned by a closed session). */
function namespaceProcesses(namespaces: Iterable<string>): ProcessId[] {
  return [...namespaces].flatMap((ns) =>
    processesInNamespace(ns.startsWith('net:') ? 'net' : 'mnt', ns),
  )
}

const liveLabs = new Set<LabRecord>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // Last resort when a test file forgot afterAll or crashed: nothing may outlive the worker.
  process.on('exit', () => {
    for (const lab of liveLabs) {
      for (const d of lab.daemons) killTreeSync(d.id)
      killAll(namespaceProcesses(lab.namespaces))
    }
  })
}

function writeDaemonList(lab: LabRecord): void {
  const ids = [...lab.daemons].filter((d) => d.alive()).map((d) => d.id)
  writeFileSync(join(lab.dir, 'daemons.json'), JSON.stringify(ids))
  writeFileSync(join(lab.dir, 'namespaces.json'), JSON.stringify([...lab.namespaces]))
}

/** Kills what labs of dead test processes left behind (a crashed worker, a ^C) and removes them. */
function reapStaleLabs(): void {
  let entries: string[]
  try {
    entries = readdirSync(tmpdir())
  } catch {
    return
  }
  const readNamespaces = (dir: string): string[] => {
    try {
      return JSON.parse(readFileSync(join(dir, 'namespaces.json'), 'utf8')) as string[]
    } catch {
      return []
    }
  }
  const labDirs = entries.filter((e) => e.startsWith(DIR_PREFIX)).map((e) => join(tmpdir(), e))
  const owned = (dir: string): boolean => {
    try {
      return isAlive(JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as ProcessId)
    } catch {
      return true // not ours or half-written: leave it
    }
  }
  // A dead lab's namespace number may already belong to a live lab's new namespace.
  const live = new Set(labDirs.filter(owned).flatMap(readNamespaces))
  for (const dir of labDirs) {
    try {
      if (owned(dir)) continue
      const daemons = JSON.parse(readFileSync(join(dir, 'daemons.json'), 'utf8')) as ProcessId[]
      for (const d of daemons) killTreeSync(d)
      killAll(namespaceProcesses(readNamespaces(dir).filter((ns) => !live.has(ns))))
      rmSync(dir, { recursive: true, force: true })
    } catch {
      // not ours or half-written: leave it
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The lab user

function passwdEntry(name = LAB_USER): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`))
  if (!line) return undefined
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

function shadowHash(name = LAB_USER): string | undefined {
  const line = readFileSync('/etc/shadow', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`))
  return line?.split(':')[1]
}

/**
 * Creates the lab user once (parallel test files may race: retry on the passwd lock). useradd
 * leaves it locked (`!`), which makes sshd refuse even key auth, so it gets a real hash.
 */
async function ensureLabUser(): Promise<{ uid: number; gid: number }> {
  let lastError: unknown
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      if (!passwdEntry()) {
        await exec('useradd', [
          '-m',
          '-d',
          LAB_USER_HOME,
          '-s',
          '/bin/sh',
          '-c',
          'Fencepost lab',
          LAB_USER,
        ])
      }
      if (shadowHash() !== LAB_USER_HASH) await exec('usermod', ['-p', LAB_USER_HASH, LAB_USER])
      const entry = passwdEntry()
      if (entry && shadowHash() === LAB_USER_HASH) return entry
    } catch (err) {
      lastError = err
    }
    await sleep(50 + Math.random() * 100)
  }
  throw new Error(`cannot create the lab user ${LAB_USER}: ${String(lastError)}`)
}

/**
 * The root flavour's login: uid 0 under a name of its own (`useradd -o -u 0`), with its own home
 * and `/bin/sh`, so a root proxy of the lab behaves as a freshly installed one — the real root's
 * dotfiles on this machine (pyenv, cargo, …) stay out of it. sshd treats it as root: root's PATH,
 * `PermitRootLogin`. Key login only (`*`: no password matches).
 */
async function ensureLabRoot(): Promise<void> {
  let lastError: unknown
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      if (!passwdEntry(LAB_ROOT)) {
        await exec('useradd', [
          ...['-o', '-u', '0', '-g', '0', '-m', '-d', LAB_ROOT_HOME],
          ...['-s', '/bin/sh', '-c', 'Fencepost lab (root)', LAB_ROOT],
        ])
      }
      if (shadowHash(LAB_ROOT) !== '*') await exec('usermod', ['-p', '*', LAB_ROOT])
      const entry = passwdEntry(LAB_ROOT)
      if (entry?.uid === 0 && shadowHash(LAB_ROOT) === '*') return
    } catch (err) {
      lastError = err
    }
    await sleep(50 + Math.random() * 100)
  }
  throw new Error(`cannot create the lab's root login ${LAB_ROOT}: ${String(lastError)}`)
}

async function keygen(file: string, comment: string): Promise<void> {
  rmSync(file, { force: true })
  rmSync(`${file}.pub`, { force: true })
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file])
}

function tailOf(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

/** Waits until host:port answers with an SSH banner. */
async function waitForSsh(
  host: string,
  port: number,
  daemon: Daemon,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (!daemon.alive()) throw new Error(`sshd exited:\n${tailOf(daemon.logFile)}`)
    const banner = await new Promise<string>((resolve) => {
      const sock = connect({ host, port })
      let data = ''
      const done = (): void => {
        sock.destroy()
        resolve(data)
      }
      sock.setTimeout(1000, done)
      sock.on('data', (chunk) => {
        data += chunk.toString('latin1')
        if (data.includes('\n')) done()
      })
      sock.on('error', done)
      sock.on('close', done)
    })
    if (banner.startsWith('SSH-')) return
    await sleep(25)
  }
  throw new Error(
    `sshd on ${host}:${port} not ready after ${timeoutMs} ms:\n${tailOf(daemon.logFile)}`,
  )
}

// ---------------------------------------------------------------------------------------------

const FENCE_HANG = (runDir: string): string => `#!/bin/sh
# A hung agent: records its PID (the process stays the same through exec) and sleeps.
cat > /dev/null
echo $$ > '${runDir}/fence_hang.pid'
exec sleep 300
`

const CHASSIS_CONTROL = (dir: string): string => `#!/bin/sh
# ipmi_sim chassis_control: "get power" → power:0|1, "set power 0|1". Faults: ${dir}/fault.
dir='${dir}'
printf '%s\\n' "$*" >> "$dir/calls.log"
fault=$(cat "$dir/fault" 2>/dev/null)
case "$1" in
get)
  case "$2" in
  power) printf 'power:%s\\n' "$(cat "$dir/power")" ;;
  *) exit 1 ;;
  esac ;;
set)
  case "$fault" in
  error) echo "injected fault" >&2; exit 1 ;;
  ignore) exit 0 ;;
  esac
  case "$2" in
  power) printf '%s\\n' "$3" > "$dir/power.tmp" && mv "$dir/power.tmp" "$dir/power" ;;
  *) exit 1 ;;
  esac ;;
*) exit 1 ;;
esac
`

/** Starts the lab. Always pair with `lab.stop()` in afterAll (it is idempotent). */
export async function startLab(spec: LabSpec): Promise<Lab> {
  const why = labUnavailable()
  if (why) throw new Error(why)
  reapStaleLabs()
  installExitHook()

  const names = new Set<string>()
  for (const s of [...(spec.proxies ?? []), ...(spec.bmcs ?? [])]) {
    if (!/^[A-Za-z0-9_-]+$/.test(s.name)) throw new Error(`bad lab name ${s.name}`)
    if (names.has(s.name)) throw new Error(`duplicate lab name ${s.name}`)
    names.add(s.name)
    const inNamespace = 'user' in s && s.netns !== undefined
    // Tests talk only to 127/8 or to addresses inside namespaces they made.
    if (!inNamespace && !/^127\.\d+\.\d+\.\d+$/.test(s.address)) {
      throw new Error(`${s.name}: not a 127/8 address`)
    }
  }
  for (const b of spec.bmcs ?? []) {
    for (const v of [b.user, b.password]) {
      if (!/^[^\s'"\\]+$/.test(v))
        throw new Error(`${b.name}: ipmi_sim rejects ${JSON.stringify(v)}`)
    }
    // Measured: 19 characters work; with 20 every lanplus session fails ("Unable to establish
    // IPMI v2 / RMCP+ session") and the lab would only report a BMC that never answers.
    if (b.password.length > 19) throw new Error(`${b.name}: ipmi_sim takes at most 19 characters`)
  }

  const flavour = spec.flavour ?? 'stock'
  const account = await ensureLabUser()
  if (flavour === 'root') await ensureLabRoot()
  let dir: string
  if (spec.persistent) {
    dir = spec.persistent
    mkdirSync(dir, { recursive: true })
    if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty`)
  } else {
    dir = mkdtempSync(join(tmpdir(), DIR_PREFIX))
  }
  // The lab user must read authorized_keys and run the fake agents.
  chmodSync(dir, 0o755)
  const record: LabRecord = { dir, daemons: new Set(), namespaces: new Set() }
  if (!spec.persistent) {
    liveLabs.add(record)
    writeFileSync(join(dir, 'owner.json'), JSON.stringify(processId(process.pid)))
  }
  writeDaemonList(record)

  const binDir = join(dir, 'bin')
  const runDir = join(dir, 'run')
  mkdirSync(binDir)
  mkdirSync(runDir)
  chownSync(runDir, account.uid, account.gid)
  const agents: Record<string, string> = { fence_hang: FENCE_HANG(runDir), ...spec.agents }
  for (const [name, text] of Object.entries(agents)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`bad agent name ${name}`)
    writeFileSync(join(binDir, name), text, { mode: 0o755 })
  }

  const identityFile = join(dir, 'id_ed25519')
  await keygen(identityFile, 'fencepost-lab-client')
  const authorizedKeys = join(dir, 'authorized_keys')
  writeFileSync(authorizedKeys, readFileSync(`${identityFile}.pub`), { mode: 0o644 })
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })

  function track(daemon: Daemon, namespace?: string): void {
    record.daemons.add(daemon)
    if (namespace) record.namespaces.add(namespace)
    writeDaemonList(record)
    void daemon.exited.then(() => {
      if (liveLabs.has(record)) writeDaemonList(record)
    })
  }

  const proxies = (spec.proxies ?? []).map((p) =>
    makeProxy(p, { dir, flavour, binDir, identityFile, authorizedKeys, track }),
  )
  const bmcs = (spec.bmcs ?? []).map((b) => makeBmc(b, { dir, track }))

  let stopped: Promise<void> | undefined
  const lab: Lab = {
    dir,
    flavour,
    user: flavour === 'root' ? LAB_ROOT : LAB_USER,
    identityFile,
    binDir,
    runDir,
    proxies,
    bmcs,
    proxy(name) {
      const p = proxies.find((x) => x.name === name)
      if (!p) throw new Error(`no lab proxy ${name}`)
      return p
    },
    bmc(name) {
      const b = bmcs.find((x) => x.name === name)
      if (!b) throw new Error(`no lab BMC ${name}`)
      return b
    },
    async makeKey(name) {
      if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`bad key name ${name}`)
      const file = join(dir, `key-${name}`)
      await keygen(file, `fencepost-lab-${name}`)
      return file
    },
    stop() {
      stopped ??= (async () => {
        await Promise.all([...proxies.map((p) => p.stop()), ...bmcs.map((b) => b.stop())])
        for (const d of record.daemons) await d.stop()
        // Agents orphaned by a closed session: still in a proxy's namespace.
        killAll(namespaceProcesses(record.namespaces))
        liveLabs.delete(record)
        if (!process.env.FENCEPOST_LAB_KEEP) rmSync(dir, { recursive: true, force: true })
      })()
      return stopped
    },
  }

  try {
    await Promise.all([...proxies.map((p) => p.start()), ...bmcs.map((b) => b.start())])
  } catch (err) {
    await lab.stop()
    throw err
  }
  return lab
}

interface ProxyContext {
  dir: string
  flavour: LabFlavour
  binDir: string
  identityFile: string
  authorizedKeys: string
  track(daemon: Daemon, namespace?: string): void
}

/**
 * `command args…` in a mount namespace of its own where `binDir` is mounted on
 * {@link LAB_AGENT_DIR}: the fake agents installed where a hand install puts them, for this
 * proxy's sessions only (parallel labs each see their own).
 */
function withLabAgents(binDir: string, command: string, args: string[]): [string, string[]] {
  return [
    findExecutable('unshare', SEARCH) ?? 'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      '--',
      '/bin/sh',
      '-c',
      `mount --bind "$0" ${LAB_AGENT_DIR} && exec "$@"`,
      binDir,
      command,
      ...args,
    ],
  ]
}

function makeProxy(spec: ProxySpec, ctx: ProxyContext): LabProxy {
  const pdir = join(ctx.dir, 'proxies', spec.name)
  mkdirSync(pdir, { recursive: true })
  const hostKey = join(pdir, 'ssh_host_ed25519_key')
  const config = join(pdir, 'sshd_config')
  const logFile = join(pdir, 'sshd.log')
  let daemon: Daemon | undefined
  let fingerprint = ''
  // Root never gets a password here: a password proxy logs in as the lab user in both flavours.
  const user = ctx.flavour === 'root' && !spec.passwordAuth ? LAB_ROOT : LAB_USER
  const users = ctx.flavour === 'root' ? [LAB_ROOT, LAB_USER] : [LAB_USER]

  // Stock sshd settings: no SetEnv, no AcceptEnv, default MaxSessions (10) and MaxStartups.
  writeFileSync(
    config,
    [
      `ListenAddress ${spec.address}:${spec.port}`,
      `HostKey ${hostKey}`,
      'PidFile none',
      'UsePAM no',
      // The lab lives under /tmp (world-writable), which StrictModes refuses for authorized_keys.
      'StrictModes no',
      `PermitRootLogin ${ctx.flavour === 'root' ? 'prohibit-password' : 'no'}`,
      `AllowUsers ${users.join(' ')}`,
      `AuthorizedKeysFile ${ctx.authorizedKeys}`,
      'PubkeyAuthentication yes',
      `PasswordAuthentication ${spec.passwordAuth ? 'yes' : 'no'}`,
      'KbdInteractiveAuthentication no',
      `AuthenticationMethods ${spec.passwordAuth ? 'publickey password' : 'publickey'}`,
      'PermitTTY no',
      'X11Forwarding no',
      'AllowTcpForwarding no',
      'AllowAgentForwarding no',
      'PrintMotd no',
      `LogLevel ${process.env.FENCEPOST_LAB_SSHD_LOGLEVEL ?? 'VERBOSE'}`,
      '',
    ].join('\n'),
  )

  const proxy: LabProxy = {
    name: spec.name,
    host: spec.address,
    port: spec.port,
    user,
    identityFile: ctx.identityFile,
    password: spec.passwordAuth ? LAB_USER_PASSWORD : undefined,
    get hostKeyFingerprint() {
      return fingerprint
    },
    logFile,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    pid: () => (daemon?.alive() ? daemon.id.pid : undefined),
    async start(options = {}) {
      if (daemon?.alive()) {
        if (!options.newHostKey) return
        await daemon.stop()
      }
      if (options.newHostKey || !existsSync(hostKey)) await keygen(hostKey, `${spec.name}-host`)
      fingerprint = fingerprintOfPublicKeyLine(readFileSync(`${hostKey}.pub`, 'utf8'))
      const [command, args] = spec.netns
        ? withLabAgents(ctx.binDir, findExecutable('socat', SEARCH) ?? 'socat', [
            `TCP-LISTEN:${spec.port},bind=${spec.address},reuseaddr,fork`,
            `EXEC:${IP} netns exec ${spec.netns} ${SSHD} -i -e -f ${config},nofork`,
          ])
        : withLabAgents(ctx.binDir, SSHD, ['-D', '-e', '-f', config])
      const started = startDaemon(`sshd ${spec.name}`, command, args, { logFile })
      daemon = started
      ctx.track(started)
      await waitForSsh(spec.address, spec.port, started)
      // `ip netns exec` gives each session a mount namespace of its own; the network one is shared.
      const namespace = spec.netns ? netnsId(spec.netns) : namespaceOf(started.id.pid, 'mnt')
      if (namespace === undefined || namespace === namespaceOf(process.pid, 'mnt')) {
        await started.kill()
        throw new Error(`${spec.name}: sshd is not in a namespace of its own`)
      }
      ctx.track(started, namespace)
    },
    async stop() {
      await daemon?.stop()
    },
    async kill() {
      await daemon?.kill()
    },
    target(overrides = {}) {
      return {
        machineId: spec.name,
        name: spec.name,
        exec: 'ssh',
        host: spec.address,
        port: spec.port,
        user,
        identityFile: ctx.identityFile,
        hostKey: fingerprint,
        ...overrides,
      }
    },
  }
  return proxy
}

/** `net:[inode]` of a named network namespace, as /proc/PID/ns/net shows it. */
function netnsId(name: string): string | undefined {
  try {
    return `net:[${statSync(`/run/netns/${name}`).ino}]`
  } catch {
    return undefined
  }
}

interface BmcContext {
  dir: string
  track(daemon: Daemon): void
}

function makeBmc(spec: BmcSpec, ctx: BmcContext): LabBmc {
  const bdir = join(ctx.dir, 'bmcs', spec.name)
  const stateDir = join(bdir, 'state')
  mkdirSync(stateDir, { recursive: true })
  const powerFile = join(bdir, 'power')
  const faultFile = join(bdir, 'fault')
  const callsFile = join(bdir, 'calls.log')
  const script = join(bdir, 'chassis_control')
  const lanConf = join(bdir, 'lan.conf')
  const emu = join(bdir, 'bmc.emu')
  const logFile = join(bdir, 'ipmi_sim.log')
  writeFileSync(powerFile, spec.power === 'on' ? '1\n' : '0\n')
  writeFileSync(faultFile, 'none\n')
  writeFileSync(callsFile, '')
  writeFileSync(script, CHASSIS_CONTROL(bdir), { mode: 0o755 })
  writeFileSync(
    lanConf,
    [
      `name "${spec.name}"`,
      'set_working_mc 0x20',
      '  startlan 1',
      `    addr ${spec.address} ${spec.port}`,
      '    priv_limit admin',
      '    allowed_auths_callback md5',
      '    allowed_auths_user md5',
      '    allowed_auths_operator md5',
      '    allowed_auths_admin md5',
      // Without a guid lanplus sessions fail.
      `    guid ${randomBytes(16).toString('hex')}`,
      '  endlan',
      `  chassis_control "${script}"`,
      `  user 2 true "${spec.user}" "${spec.password}" admin 10 md5`,
      '',
    ].join('\n'),
  )
  writeFileSync(
    emu,
    [
      'mc_setbmc 0x20',
      'mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02',
      'sel_enable 0x20 1000 0x0a',
      'mc_enable 0x20',
      '',
    ].join('\n'),
  )
  const ipmiSim = findExecutable('ipmi_sim', SEARCH) ?? 'ipmi_sim'
  const inNs = (command: string, args: string[]): [string, string[]] =>
    spec.netns ? [IP, ['netns', 'exec', spec.netns, command, ...args]] : [command, args]
  let daemon: Daemon | undefined

  // -E: the password from IPMI_PASSWORD, so the lab itself never shows it in a process list.
  async function ipmitool(args: string[]): Promise<string> {
    const [command, argv] = inNs('ipmitool', [
      ...['-I', 'lanplus', '-C', '3', '-H', spec.address, '-p', String(spec.port)],
      ...['-U', spec.user, '-E', '-N', '1', '-R', '2', ...args],
    ])
    const { stdout } = await exec(command, argv, {
      env: { ...process.env, IPMI_PASSWORD: spec.password },
      timeout: 10_000,
    })
    return stdout
  }

  async function power(): Promise<PowerState> {
    const out = await ipmitool(['chassis', 'power', 'status'])
    const m = /Chassis Power is (on|off)/.exec(out)
    if (!m) throw new Error(`${spec.name}: unexpected ipmitool answer ${JSON.stringify(out)}`)
    return m[1] as PowerState
  }

  return {
    name: spec.name,
    host: spec.address,
    port: spec.port,
    user: spec.user,
    password: spec.password,
    power,
    setPower(state) {
      writeFileSync(powerFile, state === 'on' ? '1\n' : '0\n')
    },
    calls: () =>
      readFileSync(callsFile, 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
    clearCalls() {
      writeFileSync(callsFile, '')
    },
    pid: () => (daemon?.alive() ? daemon.id.pid : undefined),
    setFault(fault) {
      writeFileSync(faultFile, `${fault}\n`)
    },
    stdin(action, extra = {}) {
      const options: Record<string, string | number> = {
        action,
        ip: spec.address,
        ipport: spec.port,
        username: spec.user,
        password: spec.password,
        lanplus: 1,
        cipher: 3,
        power_wait: 0,
        ...extra,
      }
      return Object.entries(options)
        .map(([k, v]) => `${k}=${v}\n`)
        .join('')
    },
    async start() {
      if (daemon?.alive()) return
      const [command, argv] = inNs(ipmiSim, ['-c', lanConf, '-f', emu, '-s', stateDir, '-n', '-p'])
      daemon = startDaemon(`ipmi_sim ${spec.name}`, command, argv, { logFile, cwd: bdir })
      ctx.track(daemon)
      const until = Date.now() + 10_000
      let last: unknown
      while (Date.now() < until) {
        if (!daemon.alive()) throw new Error(`ipmi_sim ${spec.name} exited:\n${tailOf(logFile)}`)
        try {
          await power()
          writeFileSync(callsFile, '')
          return
        } catch (err) {
          last = err
          await sleep(50)
        }
      }
      throw new Error(`ipmi_sim ${spec.name} not answering: ${String(last)}\n${tailOf(logFile)}`)
    },
    async stop() {
      await daemon?.stop()
    },
  }
}
