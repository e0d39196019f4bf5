// Whole processes, timed from spawn to exit: what the CLI and fencing sections compare.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import type { LabProxy } from '../test/lab/lab'
import { labUnavailable } from '../test/lab/lab'

/** One finished process: its exit code, what it printed, and how long it ran. */
export interface Timed {
  code: number
  stdout: string
  stderr: string
  ms: number
}

/** Runs `command args…` to its exit, `stdin` written and closed, and times it. */
export function timed(
  command: string,
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.env ? { env: options.env } : {}),
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) =>
      resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started }),
    )
    child.stdin.end(options.stdin ?? '')
  })
}

/** Throws unless the process exited with `code`, with what it said. */
export function expectExit(run: Timed, code: number, what: string): Timed {
  if (run.code !== code) {
    throw new Error(`${what} exited ${run.code}, not ${code}: ${(run.stderr || run.stdout).trim()}`)
  }
  return run
}

/**
 * One raw `ssh proxy fence_ipmilan`, as an admin would type it: a fresh ssh process, the agent
 * by its full path (a stock proxy's login PATH lacks /usr/sbin), options on stdin.
 */
export function rawSsh(proxy: LabProxy, stdin: string): Promise<Timed> {
  return timed(
    'ssh',
    [
      ...['-i', proxy.identityFile, '-p', String(proxy.port)],
      ...['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no'],
      ...['-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR'],
      `${proxy.user}@${proxy.host}`,
      '/usr/sbin/fence_ipmilan',
    ],
    { stdin },
  )
}

/** Runs `tasks` with at most `limit` at once; resolves when all are done. */
export async function atMost<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = []
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]!()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}

/** Throws when the real lab cannot run here (a bench without its parts measures nothing). */
export function requireLab(): void {
  const missing = labUnavailable()
  if (missing) throw new Error(missing)
}
