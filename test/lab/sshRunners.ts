/** The SSH runners a lab test makes: each with its own in-memory known hosts, closed together. */
import { createMemoryKnownHosts } from '../../src-main/core/runners/knownHosts'
import { createSshRunner, type SshRunner } from '../../src-main/core/runners/sshRunner'

type SshRunnerOptions = Parameters<typeof createSshRunner>[0]

/** `runner(options)` makes a runner and keeps it; `closeRunners()` closes every one kept so far. */
export function labSshRunners(): {
  runner(options?: Partial<SshRunnerOptions>): SshRunner
  closeRunners(): Promise<void>
} {
  const runners: SshRunner[] = []
  return {
    runner(options = {}) {
      const r = createSshRunner({ knownHosts: createMemoryKnownHosts(), ...options })
      runners.push(r)
      return r
    },
    async closeRunners() {
      await Promise.all(runners.splice(0).map((r) => r.close()))
    },
  }
}
