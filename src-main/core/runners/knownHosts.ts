import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * The app's own known-hosts: `host:port` → `SHA256:…` fingerprint. Separate from
 * `~/.ssh/known_hosts` so trusting a key is an explicit act in Fencepost (CLI `trust`, Settings).
 */
export interface KnownHostsStore {
  get(hostPort: string): Promise<string | undefined>
  trust(hostPort: string, fingerprint: string): Promise<void>
  forget(hostPort: string): Promise<void>
  list(): Promise<Record<string, string>>
}

/** The store key of an SSH endpoint: `host:port`, IPv6 literals in brackets like OpenSSH. */
export function hostPortKey(host: string, port: number): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1')
  return bare.includes(':') ? `[${bare}]:${port}` : `${bare}:${port}`
}

/** `SHA256:<base64, no padding>` of a public key blob, exactly as `ssh-keygen -lf` prints it. */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`
}

/** The fingerprint of one OpenSSH public key line (`ssh-ed25519 AAAA… comment`). */
export function fingerprintOfPublicKeyLine(line: string): string {
  const blob = line.trim().split(/\s+/)[1]
  if (!blob) throw new Error('not an OpenSSH public key line')
  return sshFingerprint(Buffer.from(blob, 'base64'))
}

// The rule lives in common, so the UI compares a pasted fingerprint exactly as the runner does.
export { sameFingerprint } from '../../common/hostKeys'

interface KnownHostsFile {
  version: 1
  hosts: Record<string, string>
}

/**
 * A known-hosts store kept in one JSON file (`{ version: 1, hosts: { "host:port": "SHA256:…" } }`),
 * written atomically with mode 0600. Writes are serialized within this process.
 */
export function createFileKnownHosts(file: string): KnownHostsStore {
  let queue: Promise<unknown> = Promise.resolve()

  async function load(): Promise<Record<string, string>> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw err
    }
    const parsed = JSON.parse(text) as Partial<KnownHostsFile>
    const hosts: Record<string, string> = {}
    for (const [k, v] of Object.entries(parsed.hosts ?? {})) {
      if (typeof v === 'string') hosts[k] = v
    }
    return hosts
  }

  async function save(hosts: Record<string, string>): Promise<void> {
    await mkdir(dirname(file), { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    const body: KnownHostsFile = { version: 1, hosts }
    await writeFile(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 })
    await rename(tmp, file)
  }

  function update(change: (hosts: Record<string, string>) => void): Promise<void> {
    const next = queue.then(async () => {
      const hosts = await load()
      change(hosts)
      await save(hosts)
    })
    queue = next.catch(() => undefined)
    return next
  }

  return {
    async get(hostPort) {
      await queue
      return (await load())[hostPort]
    },
    trust: (hostPort, fingerprint) =>
      update((hosts) => {
        hosts[hostPort] = fingerprint
      }),
    forget: (hostPort) =>
      update((hosts) => {
        delete hosts[hostPort]
      }),
    async list() {
      await queue
      return load()
    },
  }
}

/** An in-memory store (tests, dry runs). */
export function createMemoryKnownHosts(initial: Record<string, string> = {}): KnownHostsStore {
  const hosts = new Map(Object.entries(initial))
  return {
    get: async (hostPort) => hosts.get(hostPort),
    trust: async (hostPort, fingerprint) => {
      hosts.set(hostPort, fingerprint)
    },
    forget: async (hostPort) => {
      hosts.delete(hostPort)
    },
    list: async () => Object.fromEntries(hosts),
  }
}
