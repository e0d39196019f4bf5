// The app's settings (SSH defaults, fencing timeouts) in `settings.json` beside the store file.
import { existsSync, readFileSync } from 'node:fs'
import type { AppSettings } from '../../common/api'
import { DEFAULT_SETTINGS, appSettingsSchema } from '../../common/settings'
import { formatPath } from '../../common/validation'
import type { ValidationIssue } from '../../common/validation'
import { writeFileAtomicSync } from '../persistence/atomicWrite'

/** Settings that failed validation; nothing was written. */
export class InvalidSettingsError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(`invalid settings: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
  }
}

/** Reads and writes the settings file. */
export interface SettingsStore {
  /** The stored settings; defaults for what is missing; a damaged file is reported by `problem`. */
  get(): AppSettings
  set(settings: unknown): AppSettings
  /** Why the file could not be used, if it could not. */
  problem(): string | undefined
}

/** A settings store over one JSON file. */
export function createSettingsStore(file: string): SettingsStore {
  let problem: string | undefined
  const get = (): AppSettings => {
    problem = undefined
    if (!existsSync(file)) return structuredClone(DEFAULT_SETTINGS)
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<AppSettings>
      const merged = {
        ssh: { ...DEFAULT_SETTINGS.ssh, ...raw.ssh },
        fencing: { ...DEFAULT_SETTINGS.fencing, ...raw.fencing },
      }
      const parsed = appSettingsSchema.safeParse(merged)
      if (parsed.success) return parsed.data
      problem = `${file}: ${parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ')} — using defaults`
    } catch (error) {
      problem = `${file} is not readable JSON (${(error as Error).message}) — using defaults`
    }
    return structuredClone(DEFAULT_SETTINGS)
  }
  return {
    get,
    set(settings) {
      const parsed = appSettingsSchema.safeParse(settings)
      if (!parsed.success) {
        throw new InvalidSettingsError(
          parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
        )
      }
      writeFileAtomicSync(file, JSON.stringify(parsed.data, null, 2) + '\n')
      return parsed.data
    },
    problem: () => problem,
  }
}
