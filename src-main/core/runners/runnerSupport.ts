import { constants } from 'node:os'
import { type AgentCall, RunnerError } from './agentRunner'

/**
 * Agent names are a single command word: the SSH runner hands them to the remote shell, so
 * anything else would be a command injection.
 */
const AGENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}$/

export function checkAgentName(agent: string): void {
  if (!AGENT_NAME.test(agent)) {
    throw new RunnerError('agent-missing', `${JSON.stringify(agent)} is not a valid agent name`)
  }
}

/** The agents live in `/usr/sbin`, which a normal user's PATH lacks. */
export const AGENT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

/** Per stream; a runaway agent must not fill the engine's memory. */
const MAX_OUTPUT_BYTES = 1 << 20

export class OutputBuffer {
  private chunks: Buffer[] = []
  private size = 0
  private truncated = false

  push(chunk: Buffer): void {
    if (this.size >= MAX_OUTPUT_BYTES) {
      this.truncated = true
      return
    }
    const room = MAX_OUTPUT_BYTES - this.size
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk
    if (kept.length < chunk.length) this.truncated = true
    this.chunks.push(kept)
    this.size += kept.length
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8')
    return this.truncated ? `${text}\n[output truncated]` : text
  }
}

/** The shell convention for a process ended by a signal: 128 + its number. */
export function signalExitCode(signal: string): number {
  const name = (
    signal.startsWith('SIG') ? signal : `SIG${signal}`
  ) as keyof typeof constants.signals
  return 128 + (constants.signals[name] ?? 0)
}

/** Exit 127 (126: not executable) is the shell's "command not found". */
export function looksLikeMissingAgent(code: number, stderr: string): boolean {
  return code === 127 || code === 126 || (code !== 0 && /command not found/i.test(stderr))
}

/** The last lines of an agent's stderr for an error message (agents never echo stdin). */
export function tail(text: string, max = 300): string {
  const t = text.trim()
  return t.length > max ? `…${t.slice(-max)}` : t
}

/** The outer timeout and the caller's AbortSignal, as one promise that only ever rejects. */
export interface Deadline {
  readonly promise: Promise<never>
  /** Set once the deadline fired. */
  readonly error: RunnerError | undefined
  dispose(): void
}

export function startDeadline(call: AgentCall, what: string): Deadline {
  let timer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  let error: RunnerError | undefined
  const promise = new Promise<never>((_, reject) => {
    const fire = (e: RunnerError): void => {
      if (error) return
      error = e
      reject(e)
    }
    timer = setTimeout(
      () => fire(new RunnerError('timeout', `${what}: no result within ${call.timeoutMs} ms`)),
      call.timeoutMs,
    )
    onAbort = () => fire(new RunnerError('cancelled', `${what}: cancelled`))
    if (call.signal?.aborted) onAbort()
    else call.signal?.addEventListener('abort', onAbort, { once: true })
  })
  promise.catch(() => undefined)
  return {
    promise,
    get error() {
      return error
    },
    dispose() {
      clearTimeout(timer)
      if (onAbort) call.signal?.removeEventListener('abort', onAbort)
    },
  }
}
