import { parseArgs } from 'node:util'
import { COMMANDS } from './commands/index'
import { isApiError } from '../common/errors'
import { COMMON_OPTIONS, EXIT, OperationFailed, UsageError } from './command'
import type { Command, Output } from './command'
import { terminalOutput } from './terminalText'

function mainHelp(): string {
  const width = 34
  return [
    'fencepost — plan and run host fencing through proxies',
    '',
    'Usage: fencepost <command> [--topology FILE] [--json]',
    '',
    'Commands:',
    ...COMMANDS.map((c) =>
      c.usage.length > width
        ? `  ${c.usage}\n  ${''.padEnd(width)}  ${c.summary}`
        : `  ${c.usage.padEnd(width)}  ${c.summary}`,
    ),
    '',
    "Without --topology a command works on the app's own store",
    '(FENCEPOST_HOME, default ~/.config/Fencepost).',
    'Exit codes: 0 success, 1 the operation failed, 2 bad usage or invalid input.',
    "Run `fencepost <command> --help` for a command's options.",
  ].join('\n')
}

function commandHelp(command: Command): string {
  return [
    `Usage: fencepost ${command.usage} [--topology FILE] [--json]`,
    '',
    command.summary,
    ...(command.help ? ['', command.help] : []),
  ].join('\n')
}

function findCommand(args: string[]): { command: Command | undefined; rest: string[] } {
  // Two-word commands first ("plugins list").
  const two = COMMANDS.find((c) => c.name === `${args[0]} ${args[1]}`)
  if (two) return { command: two, rest: args.slice(2) }
  return { command: COMMANDS.find((c) => c.name === args[0]), rest: args.slice(1) }
}

/**
 * Runs the CLI with `args` (no `node` / script name); returns the exit code. Everything it prints
 * goes through {@link terminalOutput}: no raw escape from an agent or a document reaches the
 * terminal.
 */
export async function runCli(args: string[], rawOutput: Output): Promise<number> {
  const output = terminalOutput(rawOutput)
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    const topic = args[0] === 'help' ? findCommand(args.slice(1)).command : undefined
    output.out(topic ? commandHelp(topic) : mainHelp())
    return args.length === 0 ? EXIT.usage : EXIT.ok
  }
  const { command, rest } = findCommand(args)
  if (!command) {
    output.err(`fencepost: unknown command "${args[0]}". Run \`fencepost --help\`.`)
    return EXIT.usage
  }
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    })
    if (parsed.values.help) {
      output.out(commandHelp(command))
      return EXIT.ok
    }
    return await command.run({
      positionals: parsed.positionals,
      values: parsed.values as Record<string, string | boolean | undefined>,
      output,
    })
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`fencepost ${command.name}: ${error.message}`)
      for (const line of error.lines) output.err(`  ${line}`)
      return EXIT.usage
    }
    if (error instanceof OperationFailed) {
      output.err(`fencepost ${command.name}: ${error.message}`)
      return EXIT.failed
    }
    if (isApiError(error)) {
      // Bad input (an unknown host, an invalid document) is exit 2; a busy host, a store that
      // moved on or a refused action is an operation that could not run: exit 1.
      output.err(`fencepost ${command.name}: ${error.message}`)
      return ['busy', 'changed-elsewhere', 'refused'].includes(error.code)
        ? EXIT.failed
        : EXIT.usage
    }
    if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      output.err(`fencepost ${command.name}: ${error.message}`)
      output.err(`Run \`fencepost ${command.name} --help\`.`)
      return EXIT.usage
    }
    output.err(
      `fencepost ${command.name}: ${error instanceof Error ? error.message : String(error)}`,
    )
    return EXIT.failed
  }
}
