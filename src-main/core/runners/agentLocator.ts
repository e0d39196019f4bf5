import { accessSync, constants as fsConstants, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Where fence-agents puts its agents on the distributions we meet (Debian/Ubuntu: `/usr/sbin`;
 * RHEL: `/usr/sbin`; hand installs: `/usr/local/sbin`), searched in this order after the login's
 * own PATH. A stock Debian proxy's unprivileged login has none of the `sbin` folders on its PATH
 * (sshd's default is `/usr/local/bin:/usr/bin:/bin:/usr/games`), so a bare `fence_ipmilan` there
 * ends with "command not found".
 */
export const AGENT_DIRS: readonly string[] = [
  '/usr/sbin',
  '/sbin',
  '/usr/local/sbin',
  '/usr/bin',
  '/bin',
  '/usr/local/bin',
]

/** What the probe found on one machine. */
export interface ProbeResult {
  /** Absolute path of the agent, or undefined when it is nowhere. */
  agent: string | undefined
  /** `timeout` (GNU coreutils or BusyBox) that accepts `-k`, or undefined. */
  timeout: string | undefined
}

/**
 * One small POSIX `sh` script that prints `agent=PATH` (empty when absent) and `timeout=PATH`
 * (empty when there is no `timeout -k`). Agent names reach it as arguments (`$1`), never as script
 * text, and are single command words anyway ({@link checkAgentName}).
 */
const PROBE_SCRIPT = [
  'a=$1',
  'p=$(command -v "$a" 2>/dev/null)',
  'case $p in /*) [ -f "$p" ] && [ -x "$p" ] || p= ;; *) p= ;; esac',
  `if [ -z "$p" ]; then for d in ${AGENT_DIRS.join(' ')}; do`,
  'if [ -f "$d/$a" ] && [ -x "$d/$a" ]; then p=$d/$a; break; fi; done; fi',
  'echo "agent=$p"',
  't=$(command -v timeout 2>/dev/null)',
  'case $t in /*) "$t" -k 1 5 true >/dev/null 2>&1 || t= ;; *) t= ;; esac',
  'echo "timeout=$t"',
].join('\n')

/**
 * The remote command that probes for `agent`: runs under `sh` whatever the login shell is (the
 * script is single-quoted; it contains no `'`).
 */
export function probeCommand(agent: string): string {
  return `sh -c ${shellQuote(PROBE_SCRIPT)} fencepost-probe ${shellQuote(agent)}`
}

function isControl(ch: string): boolean {
  const code = ch.charCodeAt(0)
  return code < 0x20 || code === 0x7f
}

/** Reads the probe's output. Anything that is not an absolute, printable path counts as absent. */
export function parseProbe(stdout: string): ProbeResult {
  const values = new Map<string, string>()
  for (const line of stdout.split('\n')) {
    const eq = line.indexOf('=')
    if (eq > 0) values.set(line.slice(0, eq), line.slice(eq + 1).replace(/\r$/, ''))
  }
  const path = (value: string | undefined): string | undefined =>
    value !== undefined && value.startsWith('/') && ![...value].some(isControl) ? value : undefined
  return { agent: path(values.get('agent')), timeout: path(values.get('timeout')) }
}

/** POSIX single quoting; also safe for csh-family login shells (no `!` or newline expected). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

/**
 * How long the proxy's own `timeout` lets an agent run: a little longer than our bound, so our
 * deadline (which signals the agent) always fires first and the proxy's only catches what a lost
 * connection leaves behind.
 */
export function remoteBoundSeconds(timeoutMs: number): number {
  return Math.ceil(timeoutMs / 1000) + 2
}

/** After the remote bound, SIGTERM; this many seconds later SIGKILL. */
export const REMOTE_KILL_AFTER_S = 2

/** The first stderr line of every agent run over SSH: `fencepost-pid=<session leader PID>`. */
export const PID_MARKER = 'fencepost-pid='

/**
 * The command line an SSH runner sends: the agent by absolute path, inside the proxy's
 * `timeout -k` when it has one, with Python's `pipes` deprecation warning silenced (`env`, so a
 * csh or fish login shell runs it too). Everything `exec`s into the session's leader, whose PID is
 * announced first on stderr ({@link PID_MARKER}): sshd delivers a signal request with
 * `killpg(session)` — and refuses it outright for root logins — so {@link killCommand} on that
 * PID is the way to end the agent that works everywhere. Were `timeout` not the leader, it would
 * also move itself and the agent into a process group of their own.
 */
export function agentCommand(
  found: { agent: string; timeout?: string },
  timeoutMs: number,
): string {
  const words = [
    'exec',
    'sh',
    '-c',
    shellQuote(`echo "${PID_MARKER}$$" >&2; exec "$@"`),
    'fencepost-agent',
    'env',
    'PYTHONWARNINGS=ignore::DeprecationWarning',
  ]
  if (found.timeout) {
    words.push(
      shellQuote(found.timeout),
      '-k',
      String(REMOTE_KILL_AFTER_S),
      String(remoteBoundSeconds(timeoutMs)),
    )
  }
  words.push(shellQuote(found.agent))
  return words.join(' ')
}

/** Sends `signal` to the process group of an agent run by {@link agentCommand}. */
export function killCommand(pid: number, signal: 'TERM' | 'KILL'): string {
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`bad pid ${pid}`)
  const script = 'kill -s "$1" -- "-$2" 2>/dev/null || kill -s "$1" "$2" 2>/dev/null; true'
  return `exec sh -c ${shellQuote(script)} fencepost-kill ${signal} ${pid}`
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/**
 * The same search on this workstation (the local runner): `extraDirs` first (a bundled agents
 * folder), then the process's PATH, then {@link AGENT_DIRS}. Undefined when the agent is nowhere.
 */
export function locateLocalAgent(
  agent: string,
  extraDirs: readonly string[] = [],
  pathVar: string | undefined = process.env.PATH,
): string | undefined {
  const fromPath = (pathVar ?? '').split(':').filter((d) => d.startsWith('/'))
  for (const dir of [...extraDirs, ...fromPath, ...AGENT_DIRS]) {
    const file = join(dir, agent)
    if (isExecutableFile(file)) return file
  }
  return undefined
}

/** The folders {@link locateLocalAgent} searched, for the "not found" message. */
export function localSearchDirs(
  extraDirs: readonly string[] = [],
  pathVar: string | undefined = process.env.PATH,
): string[] {
  const fromPath = (pathVar ?? '').split(':').filter((d) => d.startsWith('/'))
  return [...new Set([...extraDirs, ...fromPath, ...AGENT_DIRS])]
}
