import { spawn } from 'node:child_process'
import { locateLocalAgent, localSearchDirs } from './agentLocator'
import { type AgentOutput, type AgentRunner, RunnerError } from './agentRunner'
import {
  AGENT_PATH,
  checkAgentName,
  looksLikeMissingAgent,
  OutputBuffer,
  signalExitCode,
  startDeadline,
  tail,
} from './runnerSupport'

export interface LocalRunnerOptions {
  /** Folders searched before the standard ones (`/usr/sbin`, …), e.g. a bundled agents folder. */
  extraPath?: string[]
  /** Extra environment for the agents. */
  env?: Record<string, string>
  /** Between SIGTERM and SIGKILL of a timed-out agent's process group. Default 1 s. */
  killGraceMs?: number
}

const PASSED_ENV = ['HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR']

/**
 * Runs agents on this workstation (`engine.exec = "local"`): no shell, no arguments. The agent is
 * found as the SSH runner finds it on a proxy (agentLocator.ts): `extraPath`, this process's PATH,
 * then where fence-agents installs — an unprivileged desktop user's PATH lacks `/usr/sbin` too.
 */
export function createLocalRunner(options: LocalRunnerOptions = {}): AgentRunner {
  const path = [...(options.extraPath ?? []), AGENT_PATH].join(':')
  // Only what an agent needs: the app's environment may hold secrets (`{ env: "VAR" }` values),
  // and an agent gets its options from stdin alone.
  const inherited = Object.fromEntries(
    PASSED_ENV.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]]])),
  )
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PATH: path,
    // Python 3.11 warns about `pipes` on every fence agent run.
    PYTHONWARNINGS: 'ignore::DeprecationWarning',
    ...options.env,
  }
  const killGraceMs = options.killGraceMs ?? 1000
  const children = new Set<number>()
  /** Agent name → absolute path; only what was found (a missing agent may be installed later). */
  const located = new Map<string, string>()

  function locate(agent: string, what: string): string {
    const known = located.get(agent)
    if (known) return known
    const found = locateLocalAgent(agent, options.extraPath)
    if (!found) {
      throw new RunnerError(
        'agent-missing',
        `${what}: ${agent} not found in ${localSearchDirs(options.extraPath).join(', ')}. ` +
          'Install the fence agents on this workstation (Debian: fence-agents).',
      )
    }
    located.set(agent, found)
    return found
  }

  function killGroup(pid: number, signal: NodeJS.Signals): void {
    try {
      process.kill(-pid, signal)
    } catch {
      // already gone
    }
  }

  return {
    async run(target, call) {
      checkAgentName(call.agent)
      const what = `${call.agent} on ${target.name}`
      const file = locate(call.agent, what)
      const deadline = startDeadline(call, what)
      let pid: number | undefined
      let exited = false
      const running = new Promise<AgentOutput>((resolve, reject) => {
        if (deadline.error) {
          reject(deadline.error)
          return
        }
        // Own process group, so a timeout ends the agent's children (ipmitool, …) too.
        const child = spawn(file, [], { env, detached: true, stdio: 'pipe' })
        pid = child.pid
        if (pid !== undefined) children.add(pid)
        const stdout = new OutputBuffer()
        const stderr = new OutputBuffer()
        child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
        child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
        // An agent that exits without reading stdin makes the write fail with EPIPE.
        child.stdin.on('error', () => undefined)
        child.on('error', (err: NodeJS.ErrnoException) => {
          exited = true
          located.delete(call.agent)
          if (err.code === 'ENOENT' || err.code === 'EACCES') {
            reject(new RunnerError('agent-missing', `${what}: cannot run ${file} (${err.code})`))
          } else {
            reject(
              new RunnerError(
                'agent-missing',
                `${what}: cannot start (${err.code ?? err.message})`,
              ),
            )
          }
        })
        child.on('close', (code, signal) => {
          exited = true
          if (pid !== undefined) children.delete(pid)
          const err = stderr.text()
          if (code === null) {
            const name = signal ?? 'SIGKILL'
            resolve({
              code: signalExitCode(name),
              stdout: stdout.text(),
              stderr: `${err}${err ? '\n' : ''}[${call.agent} ended by signal ${name}]`,
            })
          } else if (looksLikeMissingAgent(code, err)) {
            reject(
              new RunnerError(
                'agent-missing',
                `${what}: not runnable (exit ${code}): ${tail(err)}`,
              ),
            )
          } else {
            resolve({ code, stdout: stdout.text(), stderr: err })
          }
        })
        child.stdin.end(call.stdin)
      })
      running.catch(() => undefined)
      try {
        return await Promise.race([running, deadline.promise])
      } finally {
        deadline.dispose()
        if (!exited && pid !== undefined) {
          const group = pid
          killGroup(group, 'SIGTERM')
          setTimeout(() => {
            if (children.has(group)) killGroup(group, 'SIGKILL')
          }, killGraceMs).unref()
        }
      }
    },

    async close() {
      for (const pid of children) killGroup(pid, 'SIGKILL')
      children.clear()
    },
  }
}
