/**
 * Runtime schemas of every API method's arguments. The Electron IPC handlers and the browser-mode
 * server check arguments with these before they call the core; documents themselves are checked in
 * full by the core's validator, which returns every issue by path.
 */
import * as z from 'zod'
import type { ApiDomain } from './api'
import { API_METHODS } from './api'
import { MAX_BULK_CONCURRENCY } from './bulk'
import { FOREIGN_FORMATS } from './foreignFormats'
import { topologySizeProblem } from './importLimits'
import { appSettingsSchema } from './settings'

const hostRef = z.string().min(1).max(256)
// What `ssh-keygen -lf` prints; pasted text may carry spaces around it.
const fingerprint = z
  .string()
  .trim()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, { message: 'fingerprint: not a SHA256:… fingerprint' })
// JSON has no `undefined`: over HTTP an omitted base revision arrives as null.
const baseRevision = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullish()
const documentInput = z.record(z.string(), z.unknown())
// A file's text: the size rule's own words, not a schema's "Too big".
const topologyText = z.string().superRefine((value, ctx) => {
  const problem = topologySizeProblem(value.length)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})
const backupId = z.string().min(1).max(256)
// Another system's files: each within the size rule, and together within one request.
const foreignFiles = z
  .array(z.object({ name: z.string().min(1).max(1024), text: topologyText }).strict())
  .min(1)
  .max(16)
  .superRefine((files, ctx) => {
    const problem = topologySizeProblem(files.reduce((n, f) => n + f.text.length, 0))
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
const faults = z
  .object({
    proxiesDown: z.array(z.string().max(256)).max(1000),
    cutOff: z
      .array(
        z
          .string()
          .max(512)
          .regex(/^[^|]+\|[^|]+$/, 'not "bmc|proxyId"'),
      )
      .max(10000),
    failing: z.array(z.string().max(256)).max(1000),
    slow: z.array(z.string().max(256)).max(1000),
    authFailing: z.array(z.string().max(256)).max(1000).optional(),
    hostKeyChanged: z.array(z.string().max(256)).max(1000).optional(),
    agentMissing: z.array(z.string().max(256)).max(1000).optional(),
    secretMissing: z.array(z.string().max(256)).max(1000).optional(),
  })
  .strict()

/** The argument tuple schema of each method. */
export const API_ARGUMENTS = {
  topology: {
    load: z.tuple([]),
    save: z.tuple([documentInput, baseRevision]),
    validate: z.tuple([documentInput]),
    // JSON has no `undefined`: over HTTP omitted options arrive as null.
    exportText: z.union([
      z.tuple([]),
      z.tuple([
        z
          .object({ includeSecrets: z.boolean(), confirm: z.string().max(100).optional() })
          .strict()
          .nullish(),
      ]),
    ]),
    importText: z.tuple([topologyText, baseRevision]),
    translateForeign: z.tuple([
      z.object({ format: z.enum(FOREIGN_FORMATS).nullish(), files: foreignFiles }).strict(),
    ]),
    backups: z.tuple([]),
    restoreBackup: z.tuple([backupId, baseRevision]),
  },
  plan: {
    // JSON has no `undefined`: over HTTP an omitted lab arrives as null.
    inputs: z.union([z.tuple([]), z.tuple([z.literal('demo').nullish()])]),
  },
  fencing: {
    run: z.tuple([
      z
        .object({
          host: hostRef,
          action: z.enum(['status', 'on', 'off', 'restart']),
          dryRun: z.boolean(),
          lab: z.literal('demo').optional(),
        })
        .strict(),
    ]),
    cancel: z.tuple([hostRef]),
    // JSON has no `undefined`: over HTTP an omitted lab arrives as null.
    test: z.union([z.tuple([hostRef]), z.tuple([hostRef, z.literal('demo').nullish()])]),
    testMany: z.tuple([
      z
        .object({
          action: z.enum(['test', 'status']).optional(),
          hosts: z.array(hostRef).max(100_000).optional(),
          bulkId: z.string().min(1).max(100),
          concurrency: z.number().int().min(1).max(MAX_BULK_CONCURRENCY).optional(),
          lab: z.literal('demo').optional(),
        })
        .strict(),
    ]),
    cancelMany: z.tuple([z.string().min(1).max(100)]),
    reachability: z.union([z.tuple([hostRef]), z.tuple([hostRef, z.literal('demo').nullish()])]),
    knownPower: z.union([z.tuple([]), z.tuple([z.literal('demo').nullish()])]),
    // JSON has no `undefined`: over HTTP an omitted host arrives as null.
    history: z.union([
      z.tuple([]),
      z.tuple([hostRef.nullish()]),
      z.tuple([hostRef.nullish(), z.literal('demo').nullish()]),
    ]),
  },
  plugins: { list: z.tuple([]), diagnostics: z.tuple([]) },
  demo: {
    faults: z.tuple([]),
    setFaults: z.tuple([faults]),
    reset: z.tuple([]),
    open: z.tuple([]),
  },
  settings: {
    get: z.tuple([]),
    set: z.tuple([appSettingsSchema]),
    knownHosts: z.tuple([]),
    forgetHost: z.tuple([z.string().min(1).max(300)]),
    fetchHostKey: z.tuple([hostRef]),
    // JSON has no `undefined`: over HTTP an omitted `replace` arrives as null.
    trustHost: z.union([
      z.tuple([hostRef, fingerprint]),
      z.tuple([hostRef, fingerprint, z.boolean().nullish()]),
    ]),
  },
  shell: {},
} as const satisfies {
  [D in ApiDomain]: { [M in (typeof API_METHODS)[D][number]]: z.ZodType<unknown[]> }
}

/** Checks a call's arguments; throws an Error naming the method and the bad argument. */
export function checkArguments(domain: ApiDomain, method: string, args: unknown): unknown[] {
  const schemas = API_ARGUMENTS[domain] as Record<string, z.ZodType<unknown[]>>
  const schema = schemas[method]
  if (!schema) throw new Error(`unknown method ${domain}.${method}`)
  const parsed = schema.safeParse(args)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first?.path.length ? ` (argument ${first.path.join('.')})` : ''
    throw new Error(`${domain}.${method}: bad arguments${where}: ${first?.message ?? 'invalid'}`)
  }
  return parsed.data
}
