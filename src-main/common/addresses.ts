/** Address syntax checks shared by the schema, the planner and the UI. Pure, no Node APIs. */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/

/** True for a dotted-quad IPv4 address. */
export function isIpv4(value: string): boolean {
  return IPV4.test(value)
}

/** True for an IPv6 address (full, compressed, or with an embedded IPv4 tail). */
export function isIpv6(value: string): boolean {
  if (!value.includes(':') || value.length > 45) return false
  let body = value
  let groupsForV4 = 0
  const lastColon = body.lastIndexOf(':')
  const tail = body.slice(lastColon + 1)
  if (tail.includes('.')) {
    if (!isIpv4(tail)) return false
    body = body.slice(0, lastColon + 1) + '0'
    groupsForV4 = 1
  }
  const halves = body.split('::')
  if (halves.length > 2) return false
  const group = /^[0-9A-Fa-f]{1,4}$/
  const parts = (half: string): string[] | null => {
    if (half === '') return []
    const groups = half.split(':')
    return groups.every((g) => group.test(g)) ? groups : null
  }
  const left = parts(halves[0] ?? '')
  const right = halves.length === 2 ? parts(halves[1] ?? '') : []
  if (!left || !right) return false
  const count = left.length + right.length + groupsForV4
  return halves.length === 2 ? count <= 8 : count === 8
}

/** True for an IPv4 or IPv6 address. */
export function isIpAddress(value: string): boolean {
  return isIpv4(value) || isIpv6(value)
}

/** True for a host name or FQDN (RFC 1123 labels, 253 characters at most, not all-numeric). */
export function isHostName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value
  if (name.length === 0 || name.length > 253) return false
  const labels = name.split('.')
  if (!labels.every((label) => LABEL.test(label))) return false
  // "10.1.0.300" is a broken IP, not a name.
  return !/^\d+$/.test(labels[labels.length - 1] ?? '')
}

/** True for an IP address, a host name or an FQDN. */
export function isHostAddress(value: string): boolean {
  return isIpAddress(value) || isHostName(value)
}
