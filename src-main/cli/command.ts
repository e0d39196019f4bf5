/** The shape of a CLI command and the errors that set the exit code (DESIGN.md §7). */
import type { ParseArgsConfig } from 'node:util'

/** Exit codes: 0 success, 1 the operation failed, 2 bad usage or invalid input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** Bad usage or invalid input: exit 2. `lines` are printed one per line. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly lines: string[] = [],
  ) {
    super(message)
  }
}

/** The operation ran and failed: exit 1. */
export class OperationFailed extends Error {}

/** Options every command takes. */
export const COMMON_OPTIONS = {
  topology: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>

/** Where a command writes. Tests capture it. */
export interface Output {
  out(text: string): void
  err(text: string): void
}

/** One `fencepost` command. */
export interface Command {
  name: string
  /** One line for `fencepost --help`. */
  summary: string
  /** The usage line, e.g. `plan HOST [--device ID]`. */
  usage: string
  /** Extra help text: options and an example. */
  help: string
  options: NonNullable<ParseArgsConfig['options']>
  /** Runs the command; returns the exit code. */
  run(input: CommandInput): Promise<number>
}

/** What a command gets: its parsed arguments and where to write. */
export interface CommandInput {
  positionals: string[]
  values: Record<string, string | boolean | undefined>
  output: Output
}
