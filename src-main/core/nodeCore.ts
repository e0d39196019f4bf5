// The core with Node adapters, as the CLI and browser mode use it: the store file through conf,
// secrets in the workstation's one secret store (OS keyring, else an AES-256-GCM file — chosen by
// openSecretStore as the desktop app chooses), agents run locally or over pooled SSH.
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
import { openSecretStore } from './secrets/openSecretStore'
import type { OpenedSecretStore } from './secrets/openSecretStore'
import type { Keyring } from './secrets/keyringSecretStore'

/** Options of {@link createNodeCore}. */
export interface NodeCoreOptions {
  env?: NodeJS.ProcessEnv
  /** Overrides FENCEPOST_HOME / ~/.config/Fencepost. */
  dataDir?: string
  fencingSettings?: CorePorts['fencingSettings']
  /** Trust unknown SSH host keys on first contact (`--trust-new-hosts`). */
  trustOnFirstUse?: boolean
  /** Runs the agents instead of the local + SSH runners (tests: a scripted stand-in). */
  runner?: AgentRunner
  /** Which program this is, as host locks name their holder (default `fencepost CLI`). */
  lockOwner?: CorePorts['lockOwner']
  /** The secret store, opened already (the CLI does, to print its warning). */
  secretStore?: OpenedSecretStore
  /** The keyring openSecretStore probes: default the OS keyring, `null` none, a stand-in. */
  keyring?: Keyring | null
  /** Reads an SSH server's host key (default: over the network; tests: a stand-in). */
  fetchHostKey?: CorePorts['fetchHostKey']
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
export async function createNodeCore(options: NodeCoreOptions = {}): Promise<FencepostCore> {
  const env = options.env ?? process.env
  const dataDir = options.dataDir ?? defaultDataDir(env)
  const knownHosts = createFileKnownHosts(dataPaths(dataDir).knownHosts)
  const runner = options.runner ?? createAgentRunner(knownHosts, options.trustOnFirstUse)
  return createCore({
    knownHosts,
    dataDir,
    backend: createConfBackend({ cwd: dataDir, configName: 'config' }),
    secrets: (
      options.secretStore ??
      (await openSecretStore({
        dataDir,
        env,
        ...(options.keyring !== undefined ? { keyring: options.keyring } : {}),
      }))
    ).store,
    projectRoot: PROJECT_ROOT,
    runner,
    env,
    ...(options.fencingSettings ? { fencingSettings: options.fencingSettings } : {}),
    ...(options.lockOwner ? { lockOwner: options.lockOwner } : {}),
    ...(options.fetchHostKey ? { fetchHostKey: options.fetchHostKey } : {}),
  })
}
