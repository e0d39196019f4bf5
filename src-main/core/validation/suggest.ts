/** "Did you mean …?" hints for misspelt keys, parameters, device types and preference entries. */

const MAX_LENGTH = 64

/**
 * Edit distance (insert, delete, substitute), case-insensitive, computed only as far as `limit`:
 * anything farther comes back as `limit + 1`. Cheap enough to run against thousands of names.
 */
function distanceWithin(a: string, b: string, limit: number): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  if (Math.abs(x.length - y.length) > limit) return limit + 1
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= y.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1)
      const d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute)
      current.push(d)
      rowMin = Math.min(rowMin, d)
    }
    if (rowMin > limit) return limit + 1
    previous = current
  }
  return previous[y.length] ?? limit + 1
}

/**
 * The candidate closest to `value`, if it is close enough to be a likely typo (at most a third of
 * its letters off, and no more than 2).
 */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  if (value.length === 0 || value.length > MAX_LENGTH) return undefined
  const limit = Math.min(2, Math.floor(Math.max(value.length, 3) / 3))
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of candidates) {
    if (candidate === value || candidate.length > MAX_LENGTH) continue
    const d = distanceWithin(value, candidate, bestDistance - 1)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
      if (d === 0) break
    }
  }
  return best
}

/** `; did you mean "x"?` or an empty string. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  const hint = closest(value, candidates)
  return hint === undefined ? '' : `; did you mean ${JSON.stringify(hint)}?`
}
