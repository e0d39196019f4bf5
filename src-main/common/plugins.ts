/** The plugin manifest (DESIGN.md §6): schema and types shared by the loader and the UI. */
import * as z from 'zod'
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
    /**
     * What a new device of this type is called (`bmc`, then `bmc-2`, …); the type id when left
     * out.
     */
    deviceIdBase: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, { message: 'must be lower-case letters, digits and dashes' })
      .max(32)
      .optional(),
  })
  .strict()
/** A device type. */
export type FenceType = z.infer<typeof fenceTypeSchema>

/**
 * How a guided demo scenario picks its host and its faults from the demo lab's plans (the rules are
 * in `demoScenarios.ts`):
 * - `cluster-proxies-down`: a host whose first device group has candidates admitted by `cluster`
 *   and others besides; every `cluster` candidate of that group goes down;
 * - `concurrent-group`: a host with two devices of equal order (a dual power supply); no fault;
 * - `reach-last-candidate-only`: a host whose first device has two candidates or more; its
 *   simulated device is cut off from every candidate but the last.
 */
export const DEMO_SCENARIO_SETUPS = [
  'cluster-proxies-down',
  'concurrent-group',
  'reach-last-candidate-only',
] as const
/** A {@link DEMO_SCENARIO_SETUPS} entry. */
export type DemoScenarioSetup = (typeof DEMO_SCENARIO_SETUPS)[number]

/** The power actions a demo scenario may run. */
export const DEMO_SCENARIO_ACTIONS = ['status', 'on', 'off', 'restart'] as const

/**
 * One guided scenario of the demo lab: only its setup. What Fencepost will do is generated from the
 * plan under the scenario's faults, and what it did from the run — never written in the manifest.
 */
export const demoScenarioSchema = z
  .object({
    id: idSchema,
    title: text.min(1),
    /** One sentence of intent; `{host}` and `{device}` stand for the host and device picked. */
    intent: text.min(1),
    action: z.enum(DEMO_SCENARIO_ACTIONS),
    setup: z.enum(DEMO_SCENARIO_SETUPS),
  })
  .strict()
/** A guided demo scenario as a manifest declares it. */
export type DemoScenarioSpec = z.infer<typeof demoScenarioSchema>

/**
 * A plugin's simulated world for the demo lab (`contributes.demo`): devices of `fenceType` live in
 * it, each naming its simulated device by the `deviceParameter` parameter; the plugin's code drives
 * the world through its `control` hook. One plugin at most contributes it.
 */
export const demoContributionSchema = z
  .object({
    /** The fence type (of this plugin) whose devices are simulated. */
    fenceType: idSchema,
    /** The parameter of that type naming the simulated device (BMC, PDU) a device acts on. */
    deviceParameter: z.string().regex(/^[a-z][a-z0-9_]*$/, { message: 'not a parameter name' }),
    /** The guided scenarios of the demo lab, in the order the demo view shows them. */
    scenarios: z.array(demoScenarioSchema).optional(),
  })
  .strict()
/** A plugin's demo contribution. */
export type DemoContribution = z.infer<typeof demoContributionSchema>

/** A plugin manifest, `plugins/<id>/plugin.json`. */
export const manifestSchema = z
  .object({
    id: idSchema,
    name: text.min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+/, { message: 'not a semantic version' }),
    apiVersion: z.number().int(),
    description: text.optional(),
    contributes: z
      .object({
        fenceTypes: z.array(fenceTypeSchema).min(1),
        demo: demoContributionSchema.optional(),
      })
      .strict(),
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
