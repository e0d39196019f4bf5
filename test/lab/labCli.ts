/**
 * The manual lab: a persistent copy of the test lab on fixed loopback addresses (block 40), for
 * trying `fencepost` by hand as the issue's Done-when describes. Needs root and the lab packages
 * (scripts/install-lab.sh).
 *
 *   npx tsx test/lab/labCli.ts up               start it, write test/lab/lab-topology.json
 *   npx tsx test/lab/labCli.ts status           what runs, and each BMC's chassis power
 *   npx tsx test/lab/labCli.ts kill-proxy p1    SIGKILL one proxy's sshd (to see the fallback)
 *   npx tsx test/lab/labCli.ts down             stop everything, remove the lab (idempotent)
 *
 * The daemons run detached and outlive this command; their PIDs and start times are kept in
 * /tmp/fencepost-lab-manual/state.json, so `down` never signals a reused PID.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { labAddress, labUnavailable, startLab } from './lab'
import { doneWhenTopology } from './labTopology'
import {
  isAlive,
  killAll,
  type ProcessId,
  processesInNamespace,
  processId,
  stopTree,
} from './processes'

const exec = promisify(execFile)

const BLOCK = 40
const STATE_DIR = '/tmp/fencepost-lab-manual'
const STATE_FILE = join(STATE_DIR, 'state.json')
const LAB_DIR = join(STATE_DIR, 'lab')
const TOPOLOGY = fileURLToPath(new URL('./lab-topology.json', import.meta.url))

interface DaemonRecord {
  kind: 'proxy' | 'bmc'
  name: string
  address: string
  port: number
  id: ProcessId
}

interface BmcRecord {
  name: string
  address: string
  port: number
  user: string
  password: string
}

interface State {
  version: 1
  startedAt: string
  dir: string
  topology: string
  daemons: DaemonRecord[]
  bmcs: BmcRecord[]
}

/** A path as the user would type it from here. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file)
  return rel && !rel.startsWith('..') ? rel : file
}

function readState(): State | undefined {
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as State
  } catch {
    return undefined
  }
}

/** Chassis power as ipmitool reads it (password from the environment, not argv). */
async function chassisPower(bmc: BmcRecord): Promise<string> {
  try {
    const { stdout } = await exec(
      'ipmitool',
      [
        ...['-I', 'lanplus', '-C', '3', '-H', bmc.address, '-p', String(bmc.port)],
        ...['-U', bmc.user, '-E', '-N', '1', '-R', '2', 'chassis', 'power', 'status'],
      ],
      { env: { ...process.env, IPMI_PASSWORD: bmc.password }, timeout: 10_000 },
    )
    return /Chassis Power is (on|off)/.exec(stdout)?.[1] ?? stdout.trim()
  } catch {
    return 'no answer'
  }
}

function ipmitoolCommand(bmc: BmcRecord): string {
  const port = bmc.port === 623 ? '' : ` -p ${bmc.port}`
  return `ipmitool -I lanplus -C 3 -H ${bmc.address}${port} -U ${bmc.user} -P ${bmc.password} chassis power status`
}

async function table(state: State): Promise<string[]> {
  const lines: string[] = []
  for (const d of state.daemons) {
    const running = isAlive(d.id)
    const what = d.kind === 'proxy' ? 'proxy sshd   ' : 'BMC ipmi_sim '
    let extra = ''
    if (d.kind === 'bmc') {
      const bmc = state.bmcs.find((b) => b.name === d.name)!
      extra = `  ${bmc.user} / ${bmc.password}`
      if (running) extra += `  chassis power ${await chassisPower(bmc)}`
    }
    lines.push(
      `  ${what} ${d.name.padEnd(8)} ${`${d.address}:${d.port}`.padEnd(18)} ` +
        `${running ? `running (pid ${d.id.pid})` : 'STOPPED'}${extra}`,
    )
  }
  return lines
}

async function down(): Promise<void> {
  const state = readState()
  // daemons.json is the lab's own list: it covers an `up` that died before writing the state.
  let listed: ProcessId[] = []
  try {
    listed = JSON.parse(readFileSync(join(LAB_DIR, 'daemons.json'), 'utf8')) as ProcessId[]
  } catch {
    // no lab folder
  }
  const ids = new Map(
    [...(state?.daemons.map((d) => d.id) ?? []), ...listed].map((id) => [
      `${id.pid}@${id.start}`,
      id,
    ]),
  )
  // Agents a killed session left behind live on in the proxies' namespaces (see lab.ts): taken
  // now, while those namespaces are surely still the lab's.
  let namespaces: string[] = []
  try {
    namespaces = JSON.parse(readFileSync(join(LAB_DIR, 'namespaces.json'), 'utf8')) as string[]
  } catch {
    // no lab folder
  }
  const leftovers = namespaces.flatMap((ns) =>
    processesInNamespace(ns.startsWith('net:') ? 'net' : 'mnt', ns),
  )
  const running = [...ids.values()].filter(isAlive)
  for (const id of running) await stopTree(id, 'SIGTERM')
  killAll(leftovers)
  rmSync(STATE_DIR, { recursive: true, force: true })
  const hadTopology = existsSync(TOPOLOGY)
  rmSync(TOPOLOGY, { force: true })
  if (!state && ids.size === 0) {
    console.log('No manual lab was running; nothing to stop.')
    return
  }
  console.log(
    `Manual lab stopped: ${running.length} daemon(s) ended, ${STATE_DIR} removed` +
      (hadTopology ? `, ${shown(TOPOLOGY)} removed.` : '.'),
  )
}

async function up(): Promise<void> {
  const existing = readState()
  if (existing) {
    if (existing.daemons.every((d) => isAlive(d.id))) {
      console.log('The manual lab is already up.\n')
      await explain(existing)
      return
    }
    console.log('A previous manual lab is partly stopped; starting it afresh.')
    await down()
  }
  rmSync(STATE_DIR, { recursive: true, force: true })
  mkdirSync(STATE_DIR, { recursive: true, mode: 0o755 })

  const bmc = (name: string, host: number): BmcRecord & { power: 'on' } => ({
    name,
    address: labAddress(BLOCK, host),
    port: 623,
    user: 'admin',
    // A throwaway fixture password (ipmi_sim: no spaces or quotes, at most 19 characters).
    password: `lab-${randomBytes(4).toString('hex')}`,
    power: 'on',
  })
  const bmcs = [bmc('h1-bmc', 21), bmc('h2-psu1', 22), bmc('h2-psu2', 23)]
  const lab = await startLab({
    persistent: LAB_DIR,
    proxies: [
      { name: 'p1', address: labAddress(BLOCK, 11), port: 2222 },
      { name: 'p2', address: labAddress(BLOCK, 12), port: 2222 },
    ],
    bmcs,
  })
  try {
    const record = (
      kind: DaemonRecord['kind'],
      d: { name: string; host: string; port: number; pid(): number | undefined },
    ): DaemonRecord => {
      const pid = d.pid()
      const id = pid === undefined ? undefined : processId(pid)
      if (!id) throw new Error(`${d.name} is not running`)
      return { kind, name: d.name, address: d.host, port: d.port, id }
    }
    const daemons = [
      ...lab.proxies.map((p) => record('proxy', p)),
      ...lab.bmcs.map((b) => record('bmc', b)),
    ]
    const state: State = {
      version: 1,
      startedAt: new Date().toISOString(),
      dir: LAB_DIR,
      topology: TOPOLOGY,
      daemons,
      bmcs: bmcs.map(({ name, address, port, user, password }) => ({
        name,
        address,
        port,
        user,
        password,
      })),
    }
    writeFileSync(TOPOLOGY, `${JSON.stringify(doneWhenTopology(lab), null, 2)}\n`)
    writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`)
    console.log('Manual lab is up.\n')
    await explain(state)
  } catch (error) {
    await lab.stop()
    throw error
  }
}

async function explain(state: State): Promise<void> {
  const topology = shown(state.topology)
  const h1 = state.bmcs.find((b) => b.name === 'h1-bmc')!
  const fp = (action: string): string => `npx fencepost ${action} --topology ${topology}`
  console.log(
    [
      ...(await table(state)),
      '',
      `Topology: ${topology} (machine-specific: key paths and pinned host keys; git ignores it)`,
      '  h1: BMC h1-bmc through p1, else p2 · h2: two power supplies h2-psu1 + h2-psu2 (order 1)',
      '',
      'Try:',
      `  ${fp('plan h1')}`,
      `  ${fp('off h1')}`,
      `  ${ipmitoolCommand(h1)}`,
      '  npx tsx test/lab/labCli.ts kill-proxy p1',
      `  ${fp('on h1')}        # falls back to p2 and says so`,
      `  ${ipmitoolCommand(h1)}`,
      `  ${fp('off h2')}       # both supplies together`,
      '  npx tsx test/lab/labCli.ts status',
      '  npx tsx test/lab/labCli.ts down        # stop everything (`up` again gives a fresh lab)',
    ].join('\n'),
  )
}

async function status(): Promise<number> {
  const state = readState()
  if (!state) {
    console.log('No manual lab is running. Start one: npx tsx test/lab/labCli.ts up')
    return 1
  }
  console.log(`Manual lab started ${state.startedAt} (state: ${STATE_FILE})\n`)
  console.log((await table(state)).join('\n'))
  return state.daemons.every((d) => isAlive(d.id)) ? 0 : 1
}

async function killProxy(name: string | undefined): Promise<number> {
  const state = readState()
  if (!state) {
    console.error('No manual lab is running. Start one: npx tsx test/lab/labCli.ts up')
    return 1
  }
  const proxy = state.daemons.find((d) => d.kind === 'proxy' && d.name === name)
  if (!proxy) {
    const names = state.daemons.filter((d) => d.kind === 'proxy').map((d) => d.name)
    console.error(`kill-proxy: give one of ${names.join(', ')}`)
    return 2
  }
  if (!isAlive(proxy.id)) {
    console.log(`${proxy.name} is already stopped.`)
    return 0
  }
  await stopTree(proxy.id, 'SIGKILL', 0)
  console.log(
    `Killed ${proxy.name} (sshd pid ${proxy.id.pid} on ${proxy.address}:${proxy.port}). ` +
      'Power actions now fall back to the next proxy; `up` again restores a fresh lab.',
  )
  return 0
}

const USAGE = 'Usage: npx tsx test/lab/labCli.ts up | down | status | kill-proxy NAME'

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args
  if (command === '--help' || command === '-h') {
    console.log(USAGE)
    return 0
  }
  if (!['up', 'down', 'status', 'kill-proxy'].includes(command ?? '')) {
    console.error(USAGE)
    return 2
  }
  const why = labUnavailable()
  if (why) {
    console.error(`The lab cannot run here: ${why}`)
    return 2
  }
  switch (command) {
    case 'up':
      await up()
      return 0
    case 'down':
      await down()
      return 0
    case 'status':
      return status()
    default:
      return killProxy(rest[0])
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = 1
}
