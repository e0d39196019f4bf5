// SSH host key fingerprints as people compare them: the core's known hosts and the UI's trust
// dialog use the same rule.

/** Compares two `SHA256:…` fingerprints, tolerating spaces around them and base64 `=` padding. */
export function sameFingerprint(a: string, b: string): boolean {
  const bare = (f: string) => f.trim().replace(/=+$/, '')
  return bare(a) === bare(b)
}
