/** A stand-in OS keyring for tests: entries in memory, and a switch that makes it unreachable. */
import type { Keyring } from '../../../../src-main/core/secrets/keyringSecretStore'

export class MemoryKeyring implements Keyring {
  readonly name = 'test keyring'
  readonly entries = new Map<string, Map<string, string>>()
  /** When set, every call rejects with this message (no D-Bus, locked keyring, …). */
  unreachable: string | undefined
  /** Accounts whose `set` fails (a full or read-only keyring). */
  readonly refuse = new Set<string>()

  private check(): void {
    if (this.unreachable !== undefined) throw new Error(this.unreachable)
  }

  private of(service: string): Map<string, string> {
    let map = this.entries.get(service)
    if (!map) this.entries.set(service, (map = new Map()))
    return map
  }

  async get(service: string, account: string): Promise<string | undefined> {
    this.check()
    return this.of(service).get(account)
  }

  async set(service: string, account: string, value: string): Promise<void> {
    this.check()
    if (this.refuse.has(account)) throw new Error(`the keyring refused ${account}`)
    this.of(service).set(account, value)
  }

  async delete(service: string, account: string): Promise<boolean> {
    this.check()
    return this.of(service).delete(account)
  }

  async list(service: string): Promise<string[]> {
    this.check()
    return [...this.of(service).keys()]
  }
}
