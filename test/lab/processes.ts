/**
 * Daemons for the lab: started detached (own session, every fd to a log file), tracked by PID *and*
 * start time so a reused PID is never signalled, stopped with their whole process tree. Never
 * `pkill -f`.
 */
import { spawn } from 'node:child_process'
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'

/** A process identity that survives PID reuse: PID + start time in clock ticks since boot. */
export interface ProcessId {
  pid: number
  start: number
}

interface ProcStat {
  pid: number
  ppid: number
  state: string
  start: number
}

function readStat(pid: number): ProcStat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // comm (field 2) may contain spaces and parentheses: split after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return {
    pid,
    state: rest[0] ?? '?',
    ppid: Number(rest[1]),
    start: Number(rest[19]),
  }
}

/** The identity of a running process, or undefined if it is gone. */
export function processId(pid: number): ProcessId | undefined {
  const stat = readStat(pid)
  return stat && stat.state !== 'Z' ? { pid, start: stat.start } : undefined
}

/** Same PID, same start time, not a zombie. */
export function isAlive(id: ProcessId): boolean {
  const stat = readStat(id.pid)
  return stat !== undefined && stat.start === id.start && stat.state !== 'Z'
}

/** The process and all its live descendants (children first is not needed: one signal each). */
export function processTree(root: ProcessId): ProcessId[] {
  if (!isAlive(root)) return []
  const children = new Map<number, ProcStat[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readStat(Number(entry))
    if (!stat || stat.state === 'Z') continue
    const list = children.get(stat.ppid) ?? []
    list.push(stat)
    children.set(stat.ppid, list)
  }
  const tree: ProcessId[] = [root]
  for (let i = 0; i < tree.length; i++) {
    for (const child of children.get(tree[i]!.pid) ?? [])
      tree.push({ pid: child.pid, start: child.start })
  }
  return tree
}

/**
 * Live processes whose environment contains `needle` (e.g. the lab's unique PATH entry): catches
 * what a session left behind after its parent died and it was reparented to PID 1.
 */
export function processesWithEnv(needle: string): ProcessId[] {
  const found: ProcessId[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    if (pid === process.pid) continue
    let environ: string
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'latin1')
    } catch {
      continue
    }
    if (!environ.split('\0').some((v) => v.includes(needle))) continue
    const id = processId(pid)
    if (id) found.push(id)
  }
  return found
}

/** The namespace a process is in (`mnt:[4026532…]`), or undefined when it is gone. */
export function namespaceOf(pid: number, kind: 'mnt' | 'net'): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/${kind}`)
  } catch {
    return undefined
  }
}

/**
 * Live processes in the namespace `ns` (see {@link namespaceOf}): what a lab proxy's sessions left
 * behind, reparented or not. Never the namespace of this process or of PID 1 — that would be
 * everything.
 */
export function processesInNamespace(kind: 'mnt' | 'net', ns: string): ProcessId[] {
  if (ns === namespaceOf(process.pid, kind) || ns === namespaceOf(1, kind)) return []
  const found: ProcessId[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    if (pid === process.pid || namespaceOf(pid, kind) !== ns) continue
    const id = processId(pid)
    if (id) found.push(id)
  }
  return found
}

/** SIGKILL to each, if still the same process. */
export function killAll(ids: ProcessId[]): void {
  signal(ids, 'SIGKILL')
}

function signal(ids: ProcessId[], sig: NodeJS.Signals): void {
  for (const id of ids) {
    if (!isAlive(id)) continue
    try {
      process.kill(id.pid, sig)
    } catch {
      // gone meanwhile
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Ends a process and its descendants: `sig` to all of them (snapshot first, since killed parents
 * orphan their children), SIGKILL to whatever is left after `graceMs`.
 */
export async function stopTree(
  root: ProcessId,
  sig: NodeJS.Signals,
  graceMs = 2000,
): Promise<void> {
  const tree = processTree(root)
  if (tree.length === 0) return
  signal(tree, sig)
  const until = Date.now() + graceMs
  while (tree.some(isAlive) && Date.now() < until) await sleep(10)
  if (tree.some(isAlive)) {
    signal(tree, 'SIGKILL')
    const hard = Date.now() + 2000
    while (tree.some(isAlive) && Date.now() < hard) await sleep(10)
  }
}

/** The synchronous variant, for `process.on('exit')`. */
export function killTreeSync(root: ProcessId): void {
  signal(processTree(root), 'SIGKILL')
}

export interface Daemon {
  readonly name: string
  readonly id: ProcessId
  readonly logFile: string
  /** Resolves when the process exits (whoever ended it). */
  readonly exited: Promise<void>
  alive(): boolean
  /** SIGTERM to the tree, SIGKILL after a grace period. Idempotent. */
  stop(): Promise<void>
  /** SIGKILL to the tree at once. Idempotent. */
  kill(): Promise<void>
}

export interface DaemonOptions {
  logFile: string
  cwd?: string
  env?: NodeJS.ProcessEnv
}

/** Starts `command` detached in its own session; stdin from /dev/null, stdout+stderr appended to the log. */
export function startDaemon(
  name: string,
  command: string,
  args: string[],
  options: DaemonOptions,
): Daemon {
  const fd = openSync(options.logFile, 'a')
  let child
  try {
    child = spawn(command, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      cwd: options.cwd,
      env: options.env ?? process.env,
    })
  } finally {
    closeSync(fd)
  }
  const pid = child.pid
  let done = false
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true
      resolve()
    })
    child.once('error', () => {
      done = true
      resolve()
    })
  })
  child.unref()
  const id = (pid !== undefined ? processId(pid) : undefined) ?? { pid: pid ?? -1, start: -1 }
  const alive = (): boolean => !done && id.pid > 0 && isAlive(id)
  return {
    name,
    id,
    logFile: options.logFile,
    exited,
    alive,
    async stop() {
      if (id.pid > 0) await stopTree(id, 'SIGTERM')
    },
    async kill() {
      if (id.pid > 0) await stopTree(id, 'SIGKILL', 0)
    },
  }
}

/** What `ps -eo args` shows, read from /proc directly (bare Debian images lack procps). */
export function processArgs(): string[] {
  const lines: string[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const raw = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (raw) lines.push(raw.replace(/\0+$/, '').split('\0').join(' '))
    } catch {
      // exited meanwhile
    }
  }
  return lines
}

/**
 * fence_ipmilan itself hands the BMC password to ipmitool as `-P …`. ipmitool overwrites its argv
 * at once, but a sampler can catch the first microseconds. That window is the agent's doing and
 * out of our reach; our part (the SSH session, the shell, the agent's own command line) must
 * never carry a secret. Secret checks of the process list therefore skip exactly these lines.
 */
export const AGENT_IPMITOOL_ARGV = /^\S*ipmitool /

export interface ProcessListSample {
  /** Sampled process command lines that contained the needle. */
  seen: string[]
  /** How many times the whole process list was read. */
  samples: number
  /** How many sampled command lines matched `watch` (proof the sampler saw the agents run). */
  watched: number
}

/**
 * Reads the whole process list every ~2 ms until `stop()`, keeping every command line that
 * contains `needle` (a password a test hands to the app).
 */
export function sampleProcessArgs(
  needle: string,
  watch: RegExp,
): { stop(): Promise<ProcessListSample> } {
  const result: ProcessListSample = { seen: [], samples: 0, watched: 0 }
  let sampling = true
  const loop = (async () => {
    while (sampling) {
      result.samples++
      await new Promise((resolve) => setTimeout(resolve, 2))
      for (const line of processArgs()) {
        if (line.includes(needle)) result.seen.push(line)
        if (watch.test(line)) result.watched++
      }
    }
  })()
  return {
    async stop() {
      sampling = false
      await loop
      return result
    },
  }
}
