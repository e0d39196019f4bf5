/**
 * The topology document (DESIGN.md §2): its runtime schema and the types inferred from it.
 *
 * This is the one schema every host uses — the CLI, the browser-mode server, Electron main and the
 * renderer. It checks the shape of each field; cross-references (dangling ids, duplicates, unknown
 * preference entries, unknown device types) are checked by `validateDocument` in the core.
 */
import * as z from 'zod'
import { isHostAddress, isIpAddress } from './addresses'
import { forbiddenCharacterProblem } from './text'

/** The document version this build reads and writes. Older files are migrated on load. */
export const DOCUMENT_VERSION = 1

/** Host states (DESIGN.md §2). Only `up` hosts act as proxies. */
export const HOST_STATUSES = [
  'up',
  'maintenance',
  'non-operational',
  'non-responsive',
  'down',
  'unknown',
] as const
/** A host's last known state. */
export type HostStatus = (typeof HOST_STATUSES)[number]

/** The preference entries that are keywords rather than machine names. */
export const PREFERENCE_KEYWORDS = ['engine', 'cluster', 'dc', 'other-dc'] as const
/** A keyword preference entry. */
export type PreferenceKeyword = (typeof PREFERENCE_KEYWORDS)[number]

const NO_NEWLINE = /^[^\r\n]*$/

/**
 * Any text value: no newlines, since values end up as `key=value` lines on an agent's stdin, and
 * no control, bidi or other forbidden character (`./text`), since names are shown to people.
 */
export const text = z
  .string()
  .regex(NO_NEWLINE, { message: 'must not contain a newline' })
  .superRefine((value, ctx) => {
    // A newline has its own message; it still counts for the position.
    const problem = forbiddenCharacterProblem(value.replace(/[\r\n]/g, ' '))
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

/** A stable id: letters, digits, `.`, `_`, `-`. */
export const idSchema = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(64, { message: 'must be at most 64 characters' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    message: 'must start with a letter or digit and use only letters, digits, ".", "_" and "-"',
  })

const nameSchema = text
  .min(1, { message: 'must not be empty' })
  .max(128, { message: 'must be at most 128 characters' })

/** An IPv4/IPv6 address or an FQDN / short host name. */
export const addressSchema = text.refine(isHostAddress, { message: 'not an IP address or FQDN' })

/** A TCP/UDP port number. */
export const portSchema = z
  .number({ message: 'must be a number' })
  .int({ message: 'must be a whole number' })
  .min(1, { message: 'port out of range (1–65535)' })
  .max(65535, { message: 'port out of range (1–65535)' })

/**
 * A secret value. In an imported document it may be the plain string or `{ env: "VAR" }` (read at
 * run time); once saved in the app's store, plain strings are replaced by `{ ref: "…" }`, a key
 * into the secret store.
 */
export const secretSchema = z.union([
  text,
  z
    .object({
      env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'not a variable name' }),
    })
    .strict(),
  z.object({ ref: idSchema }).strict(),
])
/** A secret value as it appears in a document. */
export type SecretValue = z.infer<typeof secretSchema>

/** SSH settings of a machine that Fencepost logs into. */
export const sshSchema = z
  .object({
    host: addressSchema.optional(),
    port: portSchema.optional(),
    user: nameSchema.optional(),
    identityFile: text.optional(),
    password: secretSchema.optional(),
    agent: z.boolean().optional(),
    hostKey: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, { message: 'not a SHA256:… fingerprint' })
      .optional(),
  })
  .strict()
/** SSH settings. */
export type SshSettings = z.infer<typeof sshSchema>

/** A proxy preference entry as stored: a keyword or a machine name / FQDN / IP. */
export const preferenceEntrySchema = text.min(1, { message: 'must not be empty' })
/** An ordered proxy preference list. */
export const preferenceListSchema = z.array(preferenceEntrySchema)
/** An ordered proxy preference list. */
export type PreferenceList = z.infer<typeof preferenceListSchema>

/** A device parameter value. Secret parameters use {@link SecretValue}. */
export const paramValueSchema = z.union([
  text,
  z.number().finite(),
  z.boolean(),
  // `{ env }` names are checked by the validator, with the variable named in the message.
  z.object({ env: z.string() }).strict(),
  z.object({ ref: idSchema }).strict(),
])
/** A device parameter value. */
export type ParamValue = z.infer<typeof paramValueSchema>

/** One fence device of a host. */
export const deviceSchema = z
  .object({
    id: idSchema,
    type: idSchema,
    order: z
      .number()
      .int({ message: 'must be a whole number' })
      .min(1, { message: 'must be 1 or more' }),
    params: z.record(
      z.string().regex(/^[a-z][a-z0-9_]*$/, { message: 'not a parameter name' }),
      paramValueSchema,
    ),
    proxyPreferences: preferenceListSchema.optional(),
  })
  .strict()
/** A fence device. */
export type Device = z.infer<typeof deviceSchema>

/** Power management of one host. */
export const powerManagementSchema = z
  .object({
    enabled: z.boolean(),
    proxyPreferences: preferenceListSchema.optional(),
    devices: z.array(deviceSchema),
  })
  .strict()
/** Power management of one host. */
export type PowerManagement = z.infer<typeof powerManagementSchema>

/** A host of a cluster. */
export const hostSchema = z
  .object({
    id: idSchema,
    name: nameSchema,
    address: addressSchema,
    cluster: idSchema,
    status: z.enum(HOST_STATUSES, { message: `must be one of ${HOST_STATUSES.join(', ')}` }),
    canProxy: z.boolean(),
    ssh: sshSchema.optional(),
    powerManagement: powerManagementSchema.optional(),
  })
  .strict()
/** A host. */
export type Host = z.infer<typeof hostSchema>

/** A standalone proxy server (jump box), optionally placed in a data center or a cluster. */
export const proxySchema = z
  .object({
    id: idSchema,
    name: nameSchema,
    address: addressSchema,
    dataCenter: idSchema.optional(),
    cluster: idSchema.optional(),
    canProxy: z.boolean().optional(),
    disabled: z.boolean().optional(),
    ssh: sshSchema.optional(),
  })
  .strict()
/** A standalone proxy. */
export type Proxy = z.infer<typeof proxySchema>

/** The engine: `exec: "local"` runs agents on this workstation, `{ ssh }` on a remote server. */
export const engineSchema = z
  .object({
    name: nameSchema,
    address: addressSchema,
    canProxy: z.boolean(),
    disabled: z.boolean().optional(),
    exec: z.union([z.literal('local'), z.object({ ssh: sshSchema }).strict()]),
  })
  .strict()
/** The engine. */
export type Engine = z.infer<typeof engineSchema>

/** A data center. */
export const dataCenterSchema = z
  .object({ id: idSchema, name: nameSchema, proxyPreferences: preferenceListSchema.optional() })
  .strict()
/** A data center. */
export type DataCenter = z.infer<typeof dataCenterSchema>

/** A cluster of a data center. */
export const clusterSchema = z
  .object({
    id: idSchema,
    name: nameSchema,
    dataCenter: idSchema,
    proxyPreferences: preferenceListSchema.optional(),
  })
  .strict()
/** A cluster. */
export type Cluster = z.infer<typeof clusterSchema>

/** The whole topology document. */
export const documentSchema = z
  .object({
    version: z.literal(DOCUMENT_VERSION, { message: `must be ${DOCUMENT_VERSION}` }),
    engine: engineSchema,
    defaults: z.object({ proxyPreferences: preferenceListSchema.optional() }).strict().optional(),
    dataCenters: z.array(dataCenterSchema),
    clusters: z.array(clusterSchema),
    hosts: z.array(hostSchema),
    proxies: z.array(proxySchema).default([]),
  })
  .strict()
/** The whole topology document. */
export type TopologyDocument = z.infer<typeof documentSchema>

/** True for a keyword preference entry of a canonical list (keywords are stored lower-case). */
export function isPreferenceKeyword(entry: string): entry is PreferenceKeyword {
  return (PREFERENCE_KEYWORDS as readonly string[]).includes(entry)
}

export { isHostAddress, isIpAddress }
