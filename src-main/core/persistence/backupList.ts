// The backups as the UI lists them (DESIGN.md §5a): the newest first, each with its size and what
// restoring it would change in the stored lab. Backups hold secret refs only, and the summary
// compares secrets by presence, so nothing here carries a secret.
import { basename } from 'node:path'
import type { BackupInfo } from '../../common/api'
import type { TopologyDocument } from '../../common/document'
import {
  describeChanges,
  describeDocumentSize,
  summarizeChanges,
  type SummarizeOptions,
} from '../../common/documentChanges'
import type { ValidationIssue } from '../../common/validation'
import type { DocumentStore } from './documentStore'
import { describeError } from './rawFileBackend'

/** How many backups the UI lists. */
export const LISTED_BACKUPS = 10

/** Options of {@link listBackups}. */
export interface BackupListOptions extends SummarizeOptions {
  store: DocumentStore
  validate(
    input: unknown,
  ): { ok: true; document: TopologyDocument } | { ok: false; issues: ValidationIssue[] }
  /** How many (default {@link LISTED_BACKUPS}). */
  limit?: number
}

/** The newest backups, newest first, compared with the stored document. */
export function listBackups(options: BackupListOptions): BackupInfo[] {
  const { store, validate } = options
  const stored = store.load().document
  const files = store
    .listBackups()
    .reverse()
    .slice(0, options.limit ?? LISTED_BACKUPS)
  return files.map((path): BackupInfo => {
    const id = basename(path)
    const at = /(\d{4}-\d\d-\d\dT\d\d)-(\d\d)-(\d\d)(\.\d{3}Z)/.exec(id)
    const fallbackAt = at ? `${at[1]}:${at[2]}:${at[3]}${at[4]}` : ''
    try {
      const backup = store.readBackup(id)
      if (!backup) throw new Error('not a backup of this store')
      if (backup.topology === undefined) {
        return {
          id,
          at: backup.at,
          revision: backup.revision,
          size: 'no topology',
          changes: [],
          restorable: false,
        }
      }
      const checked = validate(backup.topology)
      if (!checked.ok) {
        const first = checked.issues[0]
        return {
          id,
          at: backup.at,
          revision: backup.revision,
          size: `not a valid topology${first ? ` (${first.path}: ${first.message})` : ''}`,
          changes: [],
          restorable: false,
        }
      }
      return {
        id,
        at: backup.at,
        revision: backup.revision,
        size: describeDocumentSize(checked.document),
        changes: stored
          ? describeChanges(summarizeChanges(stored, checked.document, options))
          : ['The store holds no topology now.'],
        restorable: true,
      }
    } catch (error) {
      return {
        id,
        at: fallbackAt,
        revision: 0,
        size: `cannot be read (${describeError(error)})`,
        changes: [],
        restorable: false,
      }
    }
  })
}
