// The core with Node adapters, as the CLI and browser mode use it: the store file through conf,
// secrets in an AES-256-GCM file, agents run locally or over pooled SSH.
import { createCore } from './fencepostCore'
import type { CorePorts, FencepostCore } from './fencepostCore'
import { PROJECT_ROOT, dataPaths, defaultDataDir } from './paths'
import { createConfBackend } from './persistence/confBackend'
import type { AgentRunner } from './runners/agentRunner'
import { createFileKnownHosts } from './runners/knownHosts'
import type { KnownHostsStore } from './runners/knownHosts'
import { createLocalRunner } from './runners/localRunner'
import { createRoutingRunner } from './runners/routingRunner'
import { createSshRunner } from './runners/sshRunner'
import { createFileSecretStore } from './secrets/fileSecretStore'

/** Options of {@link createNodeCore}. */
export interface NodeCoreOptions {
  env?: NodeJS.ProcessEnv
  /** Overrides FENCEPOST_HOME / ~/.config/Fencepost. */
  dataDir?: string
  fencingSettings?: CorePorts['fencingSettings']
  /** Trust unknown SSH host keys on first contact (`--trust-new-hosts`). */
  trustOnFirstUse?: boolean
}

/** The agent runner of every host: local for `exec: "local"`, pooled SSH otherwise. */
export function createAgentRunner(
  knownHosts: KnownHostsStore,
  trustOnFirstUse = false,
): AgentRunner {
  return createRoutingRunner({
    local: createLocalRunner(),
    ssh: createSshRunner({ knownHosts, trustOnFirstUse }),
  })
}

/** Builds the core for a Node host (CLI, browser mode, tests). */
export function createNodeCore(options: NodeCoreOptions = {}): Promise<FencepostCore> {
  const env = options.env ?? process.env
  const dataDir = options.dataDir ?? defaultDataDir(env)
  const knownHosts = createFileKnownHosts(dataPaths(dataDir).knownHosts)
  const runner = createAgentRunner(knownHosts, options.trustOnFirstUse)
  return createCore({
    knownHosts,
    dataDir,
    backend: createConfBackend({ cwd: dataDir, configName: 'config' }),
    secrets: createFileSecretStore({ dir: dataDir }),
    projectRoot: PROJECT_ROOT,
    runner,
    env,
    ...(options.fencingSettings ? { fencingSettings: options.fencingSettings } : {}),
  })
}
