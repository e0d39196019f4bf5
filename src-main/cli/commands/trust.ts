// `fencepost trust MACHINE`: the explicit trust on first use of DESIGN.md §5. It shows the SSH host
// key a machine presents and stores it in the app's known hosts only when told to with --yes —
// never a prompt, so a script cannot hang and a person confirms after checking the fingerprint on
// the machine itself. A changed key is never replaced without --replace.
import { dataPaths, defaultDataDir } from '../../core/paths'
import { createFileKnownHosts, hostPortKey, sameFingerprint } from '../../core/runners/knownHosts'
import { findByReference, listMachines } from '../../common/planner/machines'
import type { Command } from '../command'
import { EXIT, OperationFailed, UsageError } from '../command'
import { documentFor, printJson } from '../context'

/** What `trust` found and did (`--json`). */
type TrustStatus =
  | 'trusted'
  | 'already-trusted'
  | 'unconfirmed'
  | 'changed'
  | 'replaced'
  | 'pinned'
  | 'pinned-mismatch'

const CHECK_HINT =
  'Check it on the machine itself: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub'

export const trustCommand: Command = {
  name: 'trust',
  usage: 'trust MACHINE [--yes] [--replace]',
  summary: "show a proxy's SSH host key; store it in the app's known hosts with --yes",
  help: [
    'Connects to MACHINE (a host, proxy or the engine of the topology, by name, id or address),',
    "prints the SHA256 fingerprint of its host key, and with --yes stores it in the app's known",
    'hosts (<data folder>/known-hosts.json). Without --yes nothing is stored and the exit code is 1.',
    'A machine with a pinned ssh.hostKey in the topology is checked against the pin instead.',
    '',
    'Options:',
    '  --yes       store the key (after you checked the fingerprint on the machine)',
    '  --replace   with --yes: replace a known key that differs (the machine got a new key)',
    '',
    'Example: fencepost trust jump1 --yes',
  ].join('\n'),
  options: { yes: { type: 'boolean' }, replace: { type: 'boolean' } },
  async run({ positionals, values, output }) {
    const ref = positionals[0]
    if (!ref || positionals.length > 1) {
      throw new UsageError('give exactly one MACHINE (a host or proxy name, id or address)')
    }
    const doc = await documentFor(values)
    const machines = listMachines(doc)
    const machine = machines.find((m) => m.id === ref) ?? findByReference(machines, ref)[0]
    if (!machine) throw new UsageError(`no machine "${ref}" in the topology`)
    if (machine.exec === 'local') {
      throw new UsageError(
        `${machine.name} runs agents on this workstation (exec: "local"): no SSH host key to trust`,
      )
    }
    // Where the runner connects (see targetOf in the core), without reading any secret.
    const host = machine.ssh?.host ?? machine.address
    const port = machine.ssh?.port ?? 22
    const hostPort = hostPortKey(host, port)
    const who = `${machine.name} (${hostPort})`

    const { fetchHostKey } = await import('../../core/runners/sshRunner')
    let fingerprint: string
    try {
      fingerprint = await fetchHostKey(host, port)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      throw new OperationFailed(`cannot fetch the host key of ${machine.name}: ${message}`)
    }

    const file = dataPaths(defaultDataDir(process.env)).knownHosts
    const store = createFileKnownHosts(file)
    const pinned = machine.ssh?.hostKey
    const known = pinned ? undefined : await store.get(hostPort)
    const again = [
      `fencepost trust ${machine.name}`,
      ...(typeof values.topology === 'string' ? [`--topology ${values.topology}`] : []),
    ].join(' ')
    const lines: string[] = [`${who} presents host key ${fingerprint}`]
    const warning: string[] = []
    let status: TrustStatus

    if (pinned) {
      if (sameFingerprint(pinned, fingerprint)) {
        status = 'pinned'
        lines.push(
          'It matches the hostKey pinned in the topology, which decides; nothing to store.',
        )
      } else {
        status = 'pinned-mismatch'
        warning.push(
          `WARNING: THE HOST KEY OF ${who} DOES NOT MATCH THE PINNED ONE`,
          `  pinned in the topology: ${pinned}`,
          `  presented now:          ${fingerprint}`,
          'Someone may be intercepting the connection (man-in-the-middle). Fencing through this',
          'machine is refused. If the key was replaced on purpose, update ssh.hostKey in the topology.',
        )
      }
    } else if (known !== undefined && sameFingerprint(known, fingerprint)) {
      status = 'already-trusted'
      lines.push(`Already trusted (${file}).`)
    } else if (known !== undefined) {
      warning.push(
        `WARNING: THE HOST KEY OF ${who} HAS CHANGED`,
        `  known:     ${known}`,
        `  presented: ${fingerprint}`,
        'Someone may be intercepting the connection (man-in-the-middle), or the machine got a new',
        'key. Fencing through it is refused until this is settled.',
      )
      if (values.yes === true && values.replace === true) {
        await store.trust(hostPort, fingerprint)
        status = 'replaced'
        lines.push(`Replaced the known key of ${who} in ${file}.`)
      } else {
        status = 'changed'
        lines.push(CHECK_HINT, `If it was replaced on purpose: ${again} --yes --replace`)
      }
    } else if (values.yes === true) {
      await store.trust(hostPort, fingerprint)
      status = 'trusted'
      lines.push(`Trusted: stored in ${file}.`)
    } else {
      status = 'unconfirmed'
      lines.push('Not trusted yet, nothing stored.', CHECK_HINT, `If it matches: ${again} --yes`)
    }

    const accepted = ['trusted', 'already-trusted', 'replaced', 'pinned'].includes(status)
    if (values.json) {
      printJson(output.out, {
        machine: machine.name,
        hostPort,
        fingerprint,
        ...(pinned ? { pinned } : {}),
        ...(known !== undefined ? { known } : {}),
        status,
        stored: status === 'trusted' || status === 'replaced',
        file,
      })
    } else {
      for (const line of warning) output.err(line)
      for (const line of lines) output.out(line)
    }
    return accepted ? EXIT.ok : EXIT.failed
  },
}
