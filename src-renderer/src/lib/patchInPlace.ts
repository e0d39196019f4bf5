// Undo and redo bring back a whole document; written over the one on screen value by value, only
// what differs changes, so only the views that show it draw again (replacing the document made
// every view of a 2,000-host lab draw again on each Ctrl+Z).
import { reactive, toRaw } from 'vue'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Container = Json[] | { [key: string]: Json }

const isContainer = (value: unknown): value is Container =>
  typeof value === 'object' && value !== null

/** The `id` of a JSON object, if it has one (hosts, devices, clusters…). */
const idOf = (value: Json): unknown =>
  isContainer(value) && !Array.isArray(value) ? value['id'] : undefined

/**
 * Makes `target` (a reactive object, or its raw copy) deeply equal to `source` (plain JSON, not
 * kept: its parts are copied in where they replace a whole value), writing only what differs, through
 * the reactive proxy so exactly those reads are triggered. Array items with different `id`s are
 * replaced whole rather than patched field by field. Returns false (and changes nothing) when the
 * two are not the same kind of container, or the document's keys would end up in another order.
 */
export function patchInPlace(target: object, source: object): boolean {
  const raw = toRaw(target) as Container
  if (!isContainer(source) || Array.isArray(raw) !== Array.isArray(source)) return false
  return patch(raw, source as Container)
}

/** Makes `raw` equal to `source`; false (nothing changed) when its keys would change order. */
function patch(raw: Container, source: Container): boolean {
  // Reads go to the raw objects (cheap, untracked); writes go through the proxy (they trigger).
  // The proxy is asked for only to write: making one for each of a big lab's objects cost more
  // than replacing the document.
  const live = () => reactive(raw as object) as Container
  if (Array.isArray(raw)) {
    const from = source as Json[]
    for (let i = 0; i < from.length; i++) {
      const next = from[i]!
      if (i >= raw.length) (live() as Json[]).push(next)
      else patchValue(raw[i]!, next, (v) => ((live() as Json[])[i] = v), true)
    }
    if (raw.length > from.length) (live() as Json[]).length = from.length
    return true
  }
  const from = source as { [key: string]: Json }
  const keys = Object.keys(from)
  const had = Object.keys(raw)
  if (!sameKeys(had, keys)) {
    // The document's JSON (what dirtiness and undo compare) follows key order: a key deleted and
    // written back would move to the end. Such an object is replaced whole instead.
    const kept = had.filter((key) => key in from)
    const added = keys.filter((key) => !(key in raw))
    if (!sameKeys([...kept, ...added], keys)) return false
    const into = live() as { [key: string]: Json }
    for (const key of had) if (!(key in from)) delete into[key]
  }
  for (const key of keys) {
    const next = from[key]!
    if (!(key in raw)) (live() as { [key: string]: Json })[key] = next
    else patchValue(raw[key]!, next, (v) => ((live() as { [key: string]: Json })[key] = v), false)
  }
  return true
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function patchValue(was: Json, next: Json, write: (value: Json) => void, item: boolean): void {
  if (was === next) return
  const container = isContainer(was) && isContainer(next)
  if (
    !container ||
    Array.isArray(was) !== Array.isArray(next) ||
    (item && idOf(was) !== idOf(next)) ||
    !patch(was as Container, next as Container)
  )
    write(next)
}
