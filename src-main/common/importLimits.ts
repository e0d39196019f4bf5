/**
 * How big a topology file may be, and the one message that says so. The CLI, the core, the IPC
 * argument check, the browser-mode server and the UI all use this rule, so a file is refused with
 * the same words wherever it is imported.
 *
 * Real labs stay far below: a 2,000-host lab is about 1.3 MB of JSON, a 10,000-host one about
 * 7 MB. The limit only keeps a wrong file (a disk image, a log) from being read whole.
 */

/** The largest topology file, in bytes (UTF-8). */
export const MAX_TOPOLOGY_BYTES = 64 * 1024 * 1024

/**
 * The largest API request body. A file's text travels as a JSON string, where quotes, backslashes
 * and newlines take two bytes each; twice the file limit plus room for the rest always fits.
 */
export const MAX_REQUEST_BYTES = 2 * MAX_TOPOLOGY_BYTES + 1024 * 1024

/** `1.3 MB`, `640 KB`, `12 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  const mb = bytes / (1024 * 1024)
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`
}

/**
 * Why a topology file of `size` bytes cannot be imported, in words, or `undefined` when it can.
 * A text's length in characters may stand in for its bytes: it is never more.
 */
export function topologySizeProblem(size: number): string | undefined {
  if (size <= MAX_TOPOLOGY_BYTES) return undefined
  return (
    `the file is too big to be a topology (${formatBytes(size)}; at most ` +
    `${formatBytes(MAX_TOPOLOGY_BYTES)}, while a 10,000-host lab is about 7 MB)`
  )
}
