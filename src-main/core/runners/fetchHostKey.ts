// The key a host presents, read without logging in (the verifier refuses it once seen): what
// `fencepost trust HOST` and the Settings dialog show the user before anything is stored.
import { connect as netConnect } from 'node:net'
import { NodeSSH } from 'node-ssh'
import { RunnerError } from './agentRunner'
import { hostPortKey, sshFingerprint } from './knownHosts'
import type { SshLibraryError } from './sshErrors'

/** The `SHA256:…` fingerprint `host:port` presents; a RunnerError when there is none to read. */
export async function fetchHostKey(
  host: string,
  port: number,
  timeoutMs = 10_000,
): Promise<string> {
  let fingerprint: string | undefined
  const ssh = new NodeSSH()
  try {
    await ssh.connect({
      sock: netConnect({ host, port, noDelay: true }),
      username: 'fencepost-hostkey-probe',
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        fingerprint = sshFingerprint(key)
        return false
      },
    })
  } catch (err) {
    if (fingerprint) return fingerprint
    const e = err as SshLibraryError
    throw new RunnerError('proxy-unreachable', `${hostPortKey(host, port)}: ${e.code ?? e.message}`)
  } finally {
    ssh.dispose()
  }
  throw new RunnerError('proxy-unreachable', `${hostPortKey(host, port)}: no host key received`)
}
