// Which host keys a connection accepts: the pinned fingerprint when the topology has one, else the
// app's known hosts, else trust on first use only when allowed or when the person asked says so.
// A refusal is an error that says why and what to do, never a silent retry.
import type { RunTarget } from './agentRunner'
import { RunnerError } from './agentRunner'
import { hostPortKey, type KnownHostsStore, sameFingerprint, sshFingerprint } from './knownHosts'
import { targetLabel } from './sshErrors'

/** What the runner asks when it meets a host key it does not know. */
export interface TrustRequest {
  machineId: string
  name: string
  host: string
  port: number
  /** `SHA256:…` of the key the host presented. */
  fingerprint: string
}

/** A host key that is unknown or differs from the pinned or known one. */
export class HostKeyError extends RunnerError {
  constructor(
    readonly reason: 'unknown' | 'changed',
    /** `host:port` as the known-hosts store keys it. */
    readonly hostPort: string,
    /** What the host presented. */
    readonly fingerprint: string,
    /** What was pinned or known, for `changed`. */
    readonly expected: string | undefined,
    message: string,
  ) {
    super('host-key-mismatch', message)
    this.name = 'HostKeyError'
  }
}

/** Where known keys live and what happens to an unknown one. */
export interface HostKeyPolicyOptions {
  knownHosts: KnownHostsStore
  /** Store and accept an unknown host key on first contact. Default false. */
  trustOnFirstUse?: boolean
  /** Asked for an unknown key when `trustOnFirstUse` is off; `true` stores and accepts it. */
  onTrustNeeded?: (request: TrustRequest) => boolean | Promise<boolean>
}

/**
 * Decides on the key (the raw blob) `target` presented: undefined accepts it, a
 * {@link HostKeyError} refuses it and says why. An accepted unknown key is stored.
 */
export async function checkHostKey(
  policy: HostKeyPolicyOptions,
  target: RunTarget,
  key: Buffer,
): Promise<HostKeyError | undefined> {
  const where = targetLabel(target)
  const fingerprint = sshFingerprint(key)
  const hp = hostPortKey(target.host, target.port)
  if (target.hostKey) {
    if (sameFingerprint(target.hostKey, fingerprint)) return undefined
    return new HostKeyError(
      'changed',
      hp,
      fingerprint,
      target.hostKey,
      `${where}: host key ${fingerprint} does not match the pinned ${target.hostKey}. ` +
        'Possible man-in-the-middle; if the key was replaced on purpose, update the pinned hostKey.',
    )
  }
  const known = await policy.knownHosts.get(hp)
  if (known !== undefined) {
    if (sameFingerprint(known, fingerprint)) return undefined
    return new HostKeyError(
      'changed',
      hp,
      fingerprint,
      known,
      `${where}: host key CHANGED: known ${known}, presented ${fingerprint}. ` +
        'Possible man-in-the-middle; if the key was replaced on purpose, trust the new one ' +
        `with \`fencepost trust ${target.name} --yes --replace\` or in Settings → Known hosts.`,
    )
  }
  let accept = policy.trustOnFirstUse ?? false
  if (!accept && policy.onTrustNeeded) {
    accept = await policy.onTrustNeeded({
      machineId: target.machineId,
      name: target.name,
      host: target.host,
      port: target.port,
      fingerprint,
    })
  }
  if (accept) {
    await policy.knownHosts.trust(hp, fingerprint)
    return undefined
  }
  return new HostKeyError(
    'unknown',
    hp,
    fingerprint,
    undefined,
    `${where}: unknown host key ${fingerprint}. Check it on the machine ` +
      `(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then trust it: ` +
      `\`fencepost trust ${target.name}\` or Settings → Known hosts.`,
  )
}
