import type { FencingEvent } from '../../common/api'
import { describeHedge, describeOutcome } from '../../common/fencing'
import type { ActionResult, Attempt, DevicePower, PowerAction } from '../../common/fencing'
import { leftState } from '../../common/powerJudgement'
import { isApiError } from '../../common/errors'
import { ActionRefused } from '../../core/fencing/orchestrator'
import type { Command, Output } from '../command'
import { EXIT, OperationFailed, UsageError } from '../command'
import { documentFor, openCore, printJson } from '../context'
import { BULK_HELP, BULK_OPTIONS, isBulk, runBulkCommand } from '../bulkCommand'
import { cancelOnInterrupt } from '../interrupt'

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

function summary(result: ActionResult, again: (action: PowerAction) => string): string {
  if (result.dryRunSteps) {
    const lines = [`Dry run of ${result.action} on ${result.host} — nothing is executed.`]
    if (result.message) lines.push(result.message)
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
  const left = leftLines(result, again)
  if (result.result === 'ok') {
    const note = failed.length ? ` — fell back after: ${failed.join('; ')}` : ''
    return [
      `${result.action} ${result.host}: ok, power is ${result.power}${via}${note}`,
      ...left,
    ].join('\n')
  }
  const head =
    result.result === 'cancelled'
      ? `${result.action} ${result.host}: CANCELLED`
      : `${result.action} ${result.host}: FAILED — ${result.message ?? 'no device group succeeded'}`
  return [head, ...left].join('\n')
}

function powerWords(d: DevicePower): string {
  const at = d.at ? new Date(d.at).toLocaleTimeString(undefined, { hour12: false }) : undefined
  return `${d.device} ${d.power}${at ? ` (confirmed ${at})` : ''}`
}

/**
 * What the action left (powerJudgement.ts): each device's last known power, the warning for a group
 * left mixed, and the next safe steps as commands. Nothing after an action that did its job.
 */
function leftLines(result: ActionResult, again: (action: PowerAction) => string): string[] {
  const left = leftState(result)
  if (!left || (result.result === 'ok' && !left.warning)) return []
  const lines = ['  last known power:']
  for (const group of left.groups) {
    const mixed = group.state === 'mixed' ? `   <- ${left.warning ?? 'mixed'}` : ''
    lines.push(`    order ${group.order}: ${group.devices.map(powerWords).join(', ')}${mixed}`)
  }
  if (left.warning) lines.push(`  WARNING: ${left.warning}`)
  if (left.steps.length)
    lines.push(
      `  next safe step: ${left.steps.map((s) => `${s.label} (${again(s.action)})`).join(' or ')}`,
    )
  return lines
}

function powerCommand(action: PowerAction, summaryText: string): Command {
  // Status reads power only, so it may run on many hosts at once (DESIGN.md §8).
  const many = action === 'status'
  return {
    name: action,
    usage: many ? 'status HOST…|--all [--dry-run]' : `${action} HOST [--dry-run]`,
    summary: summaryText,
    help: [
      'Options:',
      '  --dry-run   show the plan, the proxies in order and the exact stdin (secrets as ***);',
      '              execute nothing (one HOST only)',
      ...(many ? BULK_HELP : []),
      '',
      'Devices of equal order act together; groups are tried in ascending order, and each',
      "device's candidate proxies in plan order. Each step is printed as it happens.",
      "Ctrl+C cancels: the result says each device's last known power, warns when a group of",
      'supplies is left mixed (the host may be half-powered) and names the next safe step.',
    ].join('\n'),
    options: { 'dry-run': { type: 'boolean' }, ...(many ? BULK_OPTIONS : {}) },
    async run(input) {
      const { positionals, values, output } = input
      if (many && isBulk(input)) {
        if (values['dry-run']) throw new UsageError('--dry-run: one HOST at a time')
        return runBulkCommand('status', input)
      }
      if (values.concurrency !== undefined)
        throw new UsageError('--concurrency: only with several HOSTs or --all')
      const host = positionals[0]
      if (!host || positionals.length > 1)
        throw new UsageError(
          many
            ? 'give a HOST (name or id), several, or --all'
            : 'give exactly one HOST (name or id)',
        )
      const doc = await documentFor(values)
      const core = await openCore()
      const dryRun = values['dry-run'] === true
      const unsubscribe = values.json
        ? () => {}
        : core.onEvent((event) => printEvent(output, event))
      if (!values.json && !dryRun) output.out(`${action} ${host}:`)
      // Ctrl+C cancels: the running agent calls stop and the result says what each device was
      // last confirmed to be. A second Ctrl+C quits at once (its host lock is recovered later).
      const removeInterrupt = dryRun
        ? () => {}
        : cancelOnInterrupt(output, () => core.orchestrator.cancel(doc, host))
      let result: ActionResult
      try {
        result = await core.runAction(doc, { host, action, dryRun })
      } catch (error) {
        // Refused before it ran: nothing done, exit 1 (the message names the lock's holder).
        if (error instanceof ActionRefused || (isApiError(error) && error.code === 'busy'))
          throw new OperationFailed(error.message)
        throw error
      } finally {
        removeInterrupt()
        unsubscribe()
      }
      const topology = typeof values.topology === 'string' ? ` --topology ${values.topology}` : ''
      const again = (next: PowerAction): string => `fencepost ${next} ${host}${topology}`
      if (values.json) printJson(output.out, result)
      else output.out(summary(result, again))
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
