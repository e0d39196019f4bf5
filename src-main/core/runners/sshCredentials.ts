// The login a target asks for, as node-ssh takes it: its identity file read, its password, or the
// SSH agent's socket. A target with none of them is refused before any connection is opened.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import type { Config } from 'node-ssh'
import { type RunTarget, RunnerError } from './agentRunner'
import { targetLabel } from './sshErrors'

/** The credentials of `target`; `agentSocket` defaults to `SSH_AUTH_SOCK`. */
export async function sshCredentials(
  target: RunTarget,
  agentSocket: string | undefined,
): Promise<Partial<Config>> {
  const cfg: Partial<Config> = {}
  if (target.identityFile) {
    const file = target.identityFile.replace(/^~(?=\/|$)/, homedir())
    try {
      cfg.privateKey = await readFile(file, 'utf8')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err)
      throw new RunnerError(
        'auth-failed',
        `${targetLabel(target)}: cannot read identity file ${file} (${code})`,
      )
    }
  }
  if (target.password) {
    cfg.password = target.password
    cfg.tryKeyboard = true
  }
  if (target.agent) {
    const socket = agentSocket ?? process.env.SSH_AUTH_SOCK
    if (!socket) {
      throw new RunnerError(
        'auth-failed',
        `${targetLabel(target)}: agent auth wanted but SSH_AUTH_SOCK is not set`,
      )
    }
    cfg.agent = socket
  }
  if (!cfg.privateKey && !cfg.password && !cfg.agent) {
    throw new RunnerError(
      'auth-failed',
      `${targetLabel(target)}: no SSH credentials configured (identityFile, password or agent)`,
    )
  }
  return cfg
}
