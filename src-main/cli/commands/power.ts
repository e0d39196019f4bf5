import type { FencingEvent } from '../../common/api'
import { describeHedge, describeOutcome } from '../../common/fencing'
import type { ActionResult, Attempt, PowerAction } from '../../common/fencing'
import { isApiError } from '../../common/errors'
import { ActionRefused } from '../../core/fencing/orchestrator'
import type { Command, Output } from '../command'
import { EXIT, OperationFailed, UsageError } from '../command'
import { documentFor, openCore, printJson } from '../context'

function attemptLine(attempt: Attempt): string {
  const head = `  ${attempt.device} via ${attempt.proxy}: ${attempt.action}`
  if (attempt.outcome === 'ok') {
    const answer = attempt.action === 'status' ? `power ${attempt.power ?? 'unknown'}` : 'ok'
    return `${head} — ${answer} (${attempt.ms} ms)`
  }
  const why = attempt.message ? `: ${attempt.message}` : ''
  const words = attempt.passedOverFor
    ? `passed over for ${attempt.passedOverFor}`
    : describeOutcome(attempt.outcome)
  return `${head} — ${words} [${attempt.outcome}] (${attempt.ms} ms)${why}`
}

/** Streams events as they happen (human output). */
export function printEvent(output: Output, event: FencingEvent): void {
  if (event.kind === 'attempt') output.out(attemptLine(event.attempt))
  else if (event.kind === 'message') output.out(`  ${event.text}`)
  else if (event.kind === 'hedged') output.out(`  ${describeHedge(event)}`)
}

function summary(result: ActionResult): string {
  if (result.dryRunSteps) {
    const lines = [`Dry run of ${result.action} on ${result.host} — nothing is executed.`]
    for (const step of result.dryRunSteps) {
      lines.push(
        '',
        `${step.action} ${step.device} (order ${step.order}) through: ${step.proxies.join(', ') || 'NO CANDIDATE'}`,
        ...step.stdin
          .trimEnd()
          .split('\n')
          .map((l) => `    ${l}`),
      )
    }
    return lines.join('\n')
  }
  const proxies = [
    ...new Set(result.attempts.filter((a) => a.outcome === 'ok').map((a) => a.proxy)),
  ]
  const failed = [
    ...new Set(
      result.attempts
        .filter((a) => a.outcome !== 'ok')
        .map((a) => `${a.proxy} ${describeOutcome(a.outcome)} for ${a.device}`),
    ),
  ]
  const via = proxies.length ? ` via ${proxies.join(', ')}` : ''
  if (result.result === 'ok') {
    const note = failed.length ? ` — fell back after: ${failed.join('; ')}` : ''
    return `${result.action} ${result.host}: ok, power is ${result.power}${via}${note}`
  }
  return `${result.action} ${result.host}: FAILED — ${result.message ?? 'no device group succeeded'}`
}

function powerCommand(action: PowerAction, summaryText: string): Command {
  return {
    name: action,
    usage: `${action} HOST [--dry-run]`,
    summary: summaryText,
    help: [
      'Options:',
      '  --dry-run   show the plan, the proxies in order and the exact stdin (secrets as ***);',
      '              execute nothing',
      '',
      'Devices of equal order act together; groups are tried in ascending order, and each',
      "device's candidate proxies in plan order. Each step is printed as it happens.",
    ].join('\n'),
    options: { 'dry-run': { type: 'boolean' } },
    async run({ positionals, values, output }) {
      const host = positionals[0]
      if (!host || positionals.length > 1)
        throw new UsageError('give exactly one HOST (name or id)')
      const doc = await documentFor(values)
      const core = await openCore()
      const dryRun = values['dry-run'] === true
      const unsubscribe = values.json
        ? () => {}
        : core.onEvent((event) => printEvent(output, event))
      if (!values.json && !dryRun) output.out(`${action} ${host}:`)
      let result: ActionResult
      try {
        result = await core.runAction(doc, { host, action, dryRun })
      } catch (error) {
        // Refused before it ran: nothing done, exit 1 (the message names the lock's holder).
        if (error instanceof ActionRefused || (isApiError(error) && error.code === 'busy'))
          throw new OperationFailed(error.message)
        throw error
      } finally {
        unsubscribe()
      }
      if (values.json) printJson(output.out, result)
      else output.out(summary(result))
      return result.result === 'ok' ? EXIT.ok : EXIT.failed
    },
  }
}

export const statusCommand = powerCommand(
  'status',
  'power status of a host through its fence devices',
)
export const onCommand = powerCommand('on', 'power a host on (verified by status)')
export const offCommand = powerCommand('off', 'power a host off (verified by status)')
export const restartCommand = powerCommand('restart', 'power a host off, then on (both verified)')
