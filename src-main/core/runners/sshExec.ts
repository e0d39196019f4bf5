// One agent run in an opened exec channel: stdin in, stdout and stderr out (the PID announcement
// taken off stderr), the exit status read as the orchestrator needs it.
import type { ClientChannel } from 'ssh2'
import { PID_MARKER } from './agentLocator'
import { type AgentCall, type AgentOutput, type RunTarget, RunnerError } from './agentRunner'
import { looksLikeMissingAgent, OutputBuffer, signalExitCode, tail } from './runnerSupport'
import { type ChannelJob, stopChannel } from './sshChannel'
import type { SshConnection } from './sshConnection'
import { targetLabel } from './sshErrors'
import type { SshPool } from './sshPool'

/**
 * Runs `call` in `channel` (already holding a slot of `conn`, released when the channel closes).
 * A job given up before the channel opened is stopped at once instead.
 */
export function runOnChannel(
  pool: SshPool,
  conn: SshConnection,
  channel: ClientChannel,
  target: RunTarget,
  call: AgentCall,
  job: ChannelJob,
): Promise<AgentOutput> {
  return new Promise<AgentOutput>((resolve, reject) => {
    job.channel = channel
    job.conn = conn
    const stdout = new OutputBuffer()
    const stderr = new OutputBuffer()
    let exit: { code: number | null; signal: string | undefined } | undefined
    channel.on('data', (chunk: Buffer) => stdout.push(chunk))
    // The first stderr line is our own PID announcement (agentCommand), not the agent's.
    let head: Buffer | undefined = Buffer.alloc(0)
    channel.stderr.on('data', (chunk: Buffer) => {
      if (head === undefined) {
        stderr.push(chunk)
        return
      }
      head = Buffer.concat([head, chunk])
      const nl = head.indexOf(10)
      if (nl < 0 && head.length < 64) return
      const first = head.subarray(0, nl < 0 ? head.length : nl).toString('latin1')
      const rest = head.subarray(nl < 0 ? head.length : nl + 1)
      head = undefined
      if (first.startsWith(PID_MARKER)) {
        const pid = Number(first.slice(PID_MARKER.length))
        if (Number.isInteger(pid) && pid > 1) job.remotePid = pid
        if (rest.length > 0) stderr.push(rest)
      } else {
        stderr.push(Buffer.concat([Buffer.from(first, 'latin1'), Buffer.from('\n'), rest]))
      }
    })
    channel.stderr.on('end', () => {
      if (head !== undefined && head.length > 0) stderr.push(head)
      head = undefined
    })
    channel.on('error', () => undefined)
    channel.on('exit', (code: number | null, signal?: string) => {
      exit = { code: typeof code === 'number' ? code : null, signal }
    })
    channel.on('close', () => {
      job.closed = true
      pool.release(conn)
      if (!exit) {
        // A command running when the proxy dies ends with no exit status at all.
        reject(
          new RunnerError(
            'proxy-unreachable',
            `${targetLabel(target)}: connection lost while ${call.agent} was running`,
          ),
        )
        return
      }
      const err = stderr.text()
      if (exit.code === null) {
        const signal = exit.signal ?? 'KILL'
        resolve({
          code: signalExitCode(signal),
          stdout: stdout.text(),
          stderr: `${err}${err ? '\n' : ''}[${call.agent} ended by signal ${signal}]`,
        })
        return
      }
      if (looksLikeMissingAgent(exit.code, err)) {
        reject(
          new RunnerError(
            'agent-missing',
            `${targetLabel(target)}: ${call.agent} not runnable (exit ${exit.code}): ${tail(err)}`,
          ),
        )
        return
      }
      resolve({ code: exit.code, stdout: stdout.text(), stderr: err })
    })
    if (job.done) {
      stopChannel(pool, conn, channel, job)
      return
    }
    channel.end(call.stdin)
  })
}
