import type { Command } from '../command'
import { coverageCommand } from './coverage'
import { historyCommand } from './history'
import { exportCommand, importCommand } from './importExport'
import { planCommand } from './plan'
import { pluginsImportCommand, pluginsListCommand } from './plugins'
import { offCommand, onCommand, restartCommand, statusCommand } from './power'
import { demoCommand, serveCommand } from './serve'
import { testCommand } from './test'
import { trustCommand } from './trust'
import { validateCommand } from './validate'

/** Every command, in the order `fencepost --help` lists them. */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  planCommand,
  coverageCommand,
  statusCommand,
  onCommand,
  offCommand,
  restartCommand,
  testCommand,
  trustCommand,
  importCommand,
  exportCommand,
  pluginsListCommand,
  pluginsImportCommand,
  historyCommand,
  serveCommand,
  demoCommand,
]
