// One attempt: one agent call for one device through one proxy, mapped to an outcome code.
import type { Device } from '../../common/document'
import type { Attempt, PowerState } from '../../common/fencing'
import type { FenceType } from '../../common/plugins'
import type { AgentOutput, AgentRunner, RunTarget } from '../runners/agentRunner'
import { RunnerError } from '../runners/agentRunner'
import { SecretResolutionError } from '../secrets/secretStore'
import type { Machine } from '../../common/planner/machines'
import { buildAgentStdin } from './agentStdin'
import { withParameterDefaults } from '../../common/parameterDefaults'
import type { PlainParam } from './agentStdin'

/** Runs a device type in-process instead of an agent on a proxy (the demo's `sim` type). */
export interface InProcessDevice {
  execute(request: {
    typeId: string
    action: 'on' | 'off' | 'status'
    params: Record<string, PlainParam>
    proxyId: string
    signal: AbortSignal
  }): Promise<AgentOutput>
}

/** What an attempt needs from the rest of the core. */
export interface AttemptContext {
  runner: AgentRunner
  targetOf(machine: Machine): Promise<RunTarget>
  isSecretParam(typeId: string, key: string): boolean
  timeoutMs: number
  signal: AbortSignal
  now(): number
}

const OUTPUT_TAIL_LINES = 8

/** The agent's own last lines (stdout, then stderr), blank lines dropped. */
function tail(output: AgentOutput): string {
  const lines = [output.stdout, output.stderr]
    .join('\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
  return lines.slice(-OUTPUT_TAIL_LINES).join('\n')
}

/** fence-agents log through Python's logging: `2024-05-01 12:00:00,123 ERROR: Failed: …`. */
const LOG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d+)?\s+/
/** With `verbose=1` fence_ipmilan logs ipmitool's answer as `DEBUG: <exit code> <output>`. */
const DEBUG_PREFIX = /^DEBUG:\s+\d+\s+/

/** The agents that drive a BMC through ipmitool (fence_ipmilan and its aliases). */
const IPMITOOL_AGENTS = /^fence_(ipmilan|ipmilanplus|idrac|ilo[345]|imm)$/
/** fencing.py's answer whenever a status read fails, whatever the cause. */
const STATUS_FAILED = /Unable to obtain correct plug status/i
/** ipmitool: the BMC answered and refused the session (a wrong user name or password). */
const SESSION_REFUSED =
  /Unable to establish IPMI v2 \/ RMCP\+ session|Unable to establish LAN session|RAKP 2 HMAC is invalid|RAKP 2 message indicates an error|unauthorized name|invalid (user ?name|password)/i
/** ipmitool or the agent: the BMC was never reached. */
const NOT_REACHED =
  /could not open socket|connection timed out|network is unreachable|no route to host|connection refused|address lookup|unable to resolve|name or service not known|no response from remote controller/i

/**
 * What a failed agent call means, in the agent's own words plus — for the ipmitool agents — what
 * those words allow us to say about the cause, never more. Measured against ipmi_sim
 * (test/lab/sshRunner.test.ts): a wrong user name or password and an unreachable BMC both end in
 * `Failed: Unable to obtain correct plug status…`; only with `verbose=1` does the agent show
 * ipmitool's own line, which tells them apart (a refused session, or a socket/timeout error).
 */
export function agentFailureMessage(agent: string, output: AgentOutput): string {
  const lines = `${output.stderr}\n${output.stdout}`
    .split('\n')
    .map((l) => l.trim().replace(LOG_TIMESTAMP, '').replace(DEBUG_PREFIX, ''))
    .filter(Boolean)
  const said = lines.filter(
    (l) => /^(failed|error|unable)/i.test(l) || SESSION_REFUSED.test(l) || NOT_REACHED.test(l),
  )
  const chosen = [...new Set(said.length > 0 ? said : lines.slice(-1))]
  const words =
    chosen.length > 0
      ? chosen.join(' ')
      : `the agent exited with code ${output.code} and printed nothing`
  if (!IPMITOOL_AGENTS.test(agent)) return words
  const refused = lines.some((l) => SESSION_REFUSED.test(l))
  const unreached = lines.some((l) => NOT_REACHED.test(l))
  if (refused && !unreached) return `${words} — the BMC rejected the user name or password`
  if (!refused && !unreached && lines.some((l) => STATUS_FAILED.test(l))) {
    return (
      `${words} — either the BMC rejected the user name or password, or it could not be ` +
      "reached: the agent's output does not say which"
    )
  }
  return words
}

function withTimeout<T>(
  work: (signal: AbortSignal) => Promise<T>,
  ms: number,
  outer: AbortSignal,
): Promise<T> {
  const controller = new AbortController()
  const onAbort = (): void => controller.abort()
  outer.addEventListener('abort', onAbort, { once: true })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new RunnerError('timeout', `no answer in ${Math.round(ms / 1000)} s`))
    }, ms)
  })
  let fail = (): void => {}
  const cancelled = new Promise<never>((_, reject) => {
    fail = () => reject(new RunnerError('cancelled', 'cancelled'))
    if (outer.aborted) fail()
    else outer.addEventListener('abort', fail, { once: true })
  })
  return Promise.race([work(controller.signal), timeout, cancelled]).finally(() => {
    clearTimeout(timer)
    outer.removeEventListener('abort', onAbort)
    outer.removeEventListener('abort', fail)
  })
}

/** Runs `action` of `device` through `proxy` and maps the answer to an outcome. Never throws. */
export async function runAttempt(
  context: AttemptContext,
  request: {
    device: Device
    type: FenceType
    inProcess: InProcessDevice | undefined
    params: Record<string, PlainParam>
    proxy: Machine
    action: 'on' | 'off' | 'status'
  },
): Promise<Attempt> {
  const { device, type, proxy, action } = request
  const started = context.now()
  const base = {
    device: device.id,
    proxy: proxy.name,
    action,
    startedAt: new Date(started).toISOString(),
  }
  let stdin: string | undefined
  try {
    const built = buildAgentStdin(type, action, request.params, (key) =>
      context.isSecretParam(type.id, key),
    )
    stdin = built.redacted
    const output = request.inProcess
      ? await withTimeout(
          (signal) =>
            request.inProcess!.execute({
              typeId: type.id,
              action,
              params: withParameterDefaults(type.parameters, request.params),
              proxyId: proxy.id,
              signal,
            }),
          context.timeoutMs,
          context.signal,
        )
      : await context.runner.run(await context.targetOf(proxy), {
          agent: type.agent,
          stdin: built.text,
          timeoutMs: context.timeoutMs,
          signal: context.signal,
        })
    const ms = context.now() - started
    const outputTail = tail(output)
    if (action === 'status' && (output.code === 0 || output.code === 2)) {
      const power: PowerState = output.code === 0 ? 'on' : 'off'
      return { ...base, outcome: 'ok', ms, power, stdin, output: outputTail }
    }
    if (action !== 'status' && output.code === 0) {
      return { ...base, outcome: 'ok', ms, stdin, output: outputTail }
    }
    return {
      ...base,
      outcome: 'device-error',
      ms,
      message: agentFailureMessage(type.agent, output),
      stdin,
      output: outputTail,
    }
  } catch (error) {
    const ms = context.now() - started
    if (error instanceof SecretResolutionError) {
      // The proxy's login secret (ssh.password) is missing: nothing was run. No stdin either.
      return { ...base, outcome: 'secret-missing', ms, message: error.message }
    }
    if (error instanceof RunnerError) {
      return {
        ...base,
        outcome: error.code,
        ms,
        message: error.message,
        ...(stdin ? { stdin } : {}),
      }
    }
    const message = error instanceof Error ? error.message : String(error)
    return { ...base, outcome: 'device-error', ms, message, ...(stdin ? { stdin } : {}) }
  }
}
