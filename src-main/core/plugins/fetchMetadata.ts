/**
 * Fetches a fence agent's metadata XML, on this machine or on a proxy, for
 * `fencepost plugins import-metadata AGENT [--via PROXY]`.
 *
 * Both ways send `action=metadata` on stdin with no arguments (DESIGN.md §5): fence-agents answer it
 * exactly like `-o metadata`, and it is the only form an {@link AgentRunner} can send.
 */
import { spawn } from 'node:child_process'
import { RunnerError, type AgentRunner, type RunTarget } from '../runners/agentRunner'
import { importMetadata, type ImportOptions, type MetadataImport } from './importMetadata'

/** Where and how long to fetch. */
export interface FetchMetadataOptions {
  /** Run the agent on a proxy through this runner; without it the agent runs here. */
  via?: { runner: AgentRunner; target: RunTarget }
  /** Outer timeout; default 30 s. */
  timeoutMs?: number
  signal?: AbortSignal
}

const AGENT_NAME = /^fence_[a-z0-9_]+$/
const DEFAULT_TIMEOUT_MS = 30_000
/** fence-agents live in /usr/sbin, which is not on a normal user's PATH. */
const AGENT_DIRS = ['/usr/sbin', '/sbin', '/usr/local/sbin']

function checkXml(agent: string, code: number, stdout: string, stderr: string): string {
  if (code !== 0 || !stdout.includes('<resource-agent')) {
    const said = (stderr.trim() || stdout.trim()).split('\n').slice(-3).join(' ')
    throw new Error(`${agent} gave no metadata (exit ${code})${said ? `: ${said}` : ''}`)
  }
  return stdout
}

function runLocally(agent: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const path = [process.env.PATH ?? '', ...AGENT_DIRS].filter(Boolean).join(':')
    const child = spawn(agent, [], {
      env: { ...process.env, PATH: path, PYTHONWARNINGS: 'ignore::DeprecationWarning' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let settled = false
    const finish = (action: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      action()
    }
    const onAbort = (): void => {
      child.kill('SIGKILL')
      finish(() => reject(new RunnerError('cancelled', `${agent}: cancelled`)))
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      finish(() => reject(new RunnerError('timeout', `${agent}: no metadata in ${timeoutMs} ms`)))
    }, timeoutMs)
    if (signal?.aborted) return onAbort()
    signal?.addEventListener('abort', onAbort, { once: true })

    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.stdin.on('error', () => undefined) // an agent that exits early closes its stdin
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish(() =>
        reject(
          error.code === 'ENOENT'
            ? new RunnerError('agent-missing', `${agent} is not installed here`)
            : error,
        ),
      ),
    )
    child.on('close', (code) =>
      finish(() => {
        try {
          resolve(checkXml(agent, code ?? 1, stdout, stderr))
        } catch (error) {
          reject(error)
        }
      }),
    )
    child.stdin.end('action=metadata\n')
  })
}

/** The agent's metadata XML. Rejects with a {@link RunnerError} when the agent cannot be run. */
export async function fetchAgentMetadata(
  agent: string,
  options: FetchMetadataOptions = {},
): Promise<string> {
  if (!AGENT_NAME.test(agent)) throw new Error(`"${agent}" is not a fence_* agent name`)
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (!options.via) return runLocally(agent, timeoutMs, options.signal)
  const { runner, target } = options.via
  const output = await runner.run(target, {
    agent,
    stdin: 'action=metadata\n',
    timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  })
  return checkXml(agent, output.code, output.stdout, output.stderr)
}

/** Fetches an agent's metadata and turns it into a manifest ({@link importMetadata}). */
export async function importAgentMetadata(
  agent: string,
  options: FetchMetadataOptions & ImportOptions = {},
): Promise<MetadataImport> {
  const xml = await fetchAgentMetadata(agent, options)
  // The agent is the executable that was run, whatever name its metadata gives.
  return importMetadata(xml, {
    agent,
    ...(options.id !== undefined ? { id: options.id } : {}),
    ...(options.version !== undefined ? { version: options.version } : {}),
  })
}
