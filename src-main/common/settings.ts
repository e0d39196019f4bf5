/** The schema of the app's settings (SettingsApi), shared by the core and the settings view. */
import * as z from 'zod'
import type { AppSettings } from './api'
import { DEFAULT_BUDGET_LIMIT_MS } from './budget'
import { portSchema, text } from './document'

/** Runtime schema of {@link AppSettings}; every bad field is named by its path. */
export const appSettingsSchema = z
  .object({
    ssh: z
      .object({
        user: text.min(1, { message: 'must not be empty' }).max(64),
        port: portSchema,
        identityFile: text.optional(),
        agent: z.boolean(),
      })
      .strict(),
    fencing: z
      .object({
        agentTimeoutMs: z.number().int().min(1_000, { message: 'at least 1 s' }).max(600_000, {
          message: 'at most 10 minutes',
        }),
        verifyRetries: z
          .number()
          .int()
          .min(0, { message: 'at least 0' })
          .max(100, { message: 'at most 100' }),
        verifyDelayMs: z
          .number()
          .int()
          .min(0, { message: 'at least 0 s' })
          .max(60_000, { message: 'at most 60 s' }),
        hedgeAfterMs: z
          .number()
          .int()
          .min(100, { message: 'at least 0.1 s' })
          .max(60_000, { message: 'at most 60 s' }),
        // A file or client from before the budget limit gets the default (see settingsStore).
        budgetLimitMs: z
          .number()
          .int()
          .min(1_000, { message: 'at least 1 s' })
          .max(86_400_000, { message: 'at most 24 hours' })
          .default(DEFAULT_BUDGET_LIMIT_MS),
      })
      .strict(),
  })
  .strict() satisfies z.ZodType<AppSettings>

/** Settings of a new install. */
export const DEFAULT_SETTINGS: AppSettings = {
  ssh: { user: 'root', port: 22, agent: false },
  fencing: {
    agentTimeoutMs: 60_000,
    verifyRetries: 10,
    verifyDelayMs: 2_000,
    hedgeAfterMs: 1_500,
    budgetLimitMs: DEFAULT_BUDGET_LIMIT_MS,
  },
}
