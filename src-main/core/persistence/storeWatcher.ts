// Open windows learn of saves made elsewhere (DESIGN.md §5a): the store's folder is watched, and a
// change of the stored revision is reported once things have settled.
import { watch } from 'node:fs'
import type { FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'

/** Options of {@link watchStore}. */
export interface StoreWatchOptions {
  /** The store file. */
  file: string
  /** Reads the stored revision now. */
  revision(): number
  /** Called with the new revision after it changed. */
  onChange(revision: number): void
  /** Quiet time after the last file event before the revision is read (default 100 ms). */
  debounceMs?: number
}

/** A running watch; `close` stops it. */
export interface StoreWatch {
  close(): void
}

/**
 * Watches the store's folder, not the file: every writer (conf, electron-store) replaces the file
 * by renaming a temp file over it, and a watch on the file itself would stay on the old inode.
 * Events come in bursts (temp file written, renamed, backup copied), so they are debounced and
 * only a revision that differs from the last one reported counts; the saves of this process are
 * reported too, which lets every window of a browser-mode server learn of the others' saves.
 */
export function watchStore(options: StoreWatchOptions): StoreWatch {
  const folder = dirname(options.file)
  const name = basename(options.file)
  const debounceMs = options.debounceMs ?? 100
  let last = options.revision()
  let timer: ReturnType<typeof setTimeout> | undefined
  let watcher: FSWatcher | undefined

  const check = (): void => {
    timer = undefined
    const now = options.revision()
    if (now === last) return
    last = now
    options.onChange(now)
  }

  try {
    watcher = watch(folder, { persistent: false }, (_event, file) => {
      // Names other than the store's and its writers' temp files (history, secrets, locks) are
      // not ours; an event without a name may be anything.
      if (file && !String(file).startsWith(name) && !String(file).startsWith(`.${name}`)) return
      if (timer !== undefined) clearTimeout(timer)
      timer = setTimeout(check, debounceMs)
      timer.unref?.()
    })
    // The folder went away (a test's temp dir): nothing left to watch.
    watcher.on('error', () => watcher?.close())
  } catch {
    // No folder yet or no inotify: windows learn of other saves when they save (the revision
    // check still refuses a stale one).
    watcher = undefined
  }

  return {
    close() {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      watcher?.close()
    },
  }
}
