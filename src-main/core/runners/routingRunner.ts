import type { AgentRunner } from './agentRunner'

/** One runner for the orchestrator: `exec: "local"` targets to `local`, the rest to `ssh`. */
export function createRoutingRunner(runners: {
  local: AgentRunner
  ssh: AgentRunner
}): AgentRunner {
  return {
    run: (target, call) =>
      (target.exec === 'local' ? runners.local : runners.ssh).run(target, call),
    async connect(target, signal) {
      const runner = target.exec === 'local' ? runners.local : runners.ssh
      await runner.connect?.(target, signal)
    },
    async close() {
      await Promise.all([runners.local.close(), runners.ssh.close()])
    },
  }
}
