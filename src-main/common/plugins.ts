/** The plugin manifest (DESIGN.md §6): schema and types shared by the loader and the UI. */
import { z } from 'zod'
import { idSchema, text } from './document'

/** The plugin API version this build understands. */
export const PLUGIN_API_VERSION = 1

/** Parameter types a device form can show. */
export const PARAMETER_TYPES = ['string', 'host', 'integer', 'number', 'boolean', 'choice'] as const

/** One parameter of a fence type; `name` is the stdin key the agent reads. */
export const parameterSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, { message: 'not a parameter name' }),
    label: text.min(1),
    type: z.enum(PARAMETER_TYPES),
    required: z.boolean().optional(),
    secret: z.boolean().optional(),
    /**
     * Sent on stdin when the device sets neither this parameter nor an alias of it, and shown by
     * the device form as the value in effect (parameterDefaults.ts).
     */
    default: z.union([text, z.number(), z.boolean()]).optional(),
    choices: z.array(text).optional(),
    description: text.optional(),
    /** A tuning knob the device form keeps folded under "More options" (timeouts, prompts, …). */
    advanced: z.boolean().optional(),
    /** Other stdin keys the agent accepts for the same value (merged `deprecated`/`obsoletes`). */
    aliases: z.array(z.string()).optional(),
  })
  .strict()
  .refine((p) => p.type !== 'choice' || (p.choices?.length ?? 0) > 0, {
    message: 'a choice parameter needs choices',
    path: ['choices'],
  })
/** A parameter of a fence type. */
export type ParameterSpec = z.infer<typeof parameterSchema>

/** The actions a fence type supports. */
export const FENCE_ACTIONS = ['on', 'off', 'status'] as const

/** A device type contributed by a plugin. */
export const fenceTypeSchema = z
  .object({
    id: idSchema,
    label: text.min(1),
    agent: z.string().regex(/^fence_[a-z0-9_]+$/, { message: 'must be a fence_* agent name' }),
    parameters: z.array(parameterSchema),
    actions: z.array(z.enum(FENCE_ACTIONS)).min(1),
    /** Fixed stdin lines sent on every call (e.g. `lanplus=1` for a variant). */
    fixed: z.record(z.string(), z.union([text, z.number(), z.boolean()])).optional(),
  })
  .strict()
/** A device type. */
export type FenceType = z.infer<typeof fenceTypeSchema>

/** A plugin manifest, `plugins/<id>/plugin.json`. */
export const manifestSchema = z
  .object({
    id: idSchema,
    name: text.min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+/, { message: 'not a semantic version' }),
    apiVersion: z.number().int(),
    description: text.optional(),
    contributes: z.object({ fenceTypes: z.array(fenceTypeSchema).min(1) }).strict(),
    main: z.string().optional(),
  })
  .strict()
/** A plugin manifest. */
export type PluginManifest = z.infer<typeof manifestSchema>

/** A plugin that failed to load, and why. */
export interface PluginDiagnostic {
  plugin: string
  folder: string
  messages: string[]
}

/** The device types the validator accepts before any plugin is loaded (the built-in plugins' types). */
export const BUILTIN_DEVICE_TYPES = [
  'ipmilan',
  'idrac',
  'ilo3',
  'ilo4',
  'ilo5',
  'imm',
  'ilo',
  'ilo-ssh',
  'drac5',
  'apc',
  'apc-snmp',
  'redfish',
  'wti',
  'cisco-ucs',
  'bladecenter',
  'virsh',
  'dummy',
  'sim',
] as const
