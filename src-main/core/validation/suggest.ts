/** "Did you mean …?" hints for misspelt keys, parameters, device types and preference entries. */

const MAX_LENGTH = 64

/** Edit distance (insert, delete, substitute), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const current = [i]
    for (let j = 1; j <= y.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1)
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute))
    }
    previous = current
  }
  return previous[y.length] ?? 0
}

/**
 * The candidate closest to `value`, if it is close enough to be a likely typo (at most a third of
 * its letters off, and no more than 2).
 */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  if (value.length === 0 || value.length > MAX_LENGTH) return undefined
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    if (candidate.length > MAX_LENGTH) continue
    const d = distance(value, candidate)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  const allowed = Math.min(2, Math.floor(Math.max(value.length, 3) / 3))
  return best !== value && bestDistance <= allowed ? best : undefined
}

/** `; did you mean "x"?` or an empty string. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  const hint = closest(value, candidates)
  return hint === undefined ? '' : `; did you mean ${JSON.stringify(hint)}?`
}
