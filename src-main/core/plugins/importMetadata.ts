/**
 * Turns a fence agent's metadata (`fence_X -o metadata`, or `action=metadata` on stdin) into a
 * plugin manifest (DESIGN.md §6).
 *
 * What it keeps and why:
 * - Every parameter the agent reads from stdin, by its current name. A `deprecated` parameter and
 *   the one that `obsoletes` it become one field under the current name; the old name goes to
 *   `aliases`. A deprecated parameter with no successor is kept as it is.
 * - Types: `second` and `integer` → `integer`; `select` → `choice` with its options; `boolean` →
 *   `boolean`; `string` → `string`, except `ip` → `host`.
 * - `required` as the agent says, except: `plug` is optional (in Pacemaker the cluster fills it in;
 *   here a device sets it when the hardware has plugs) and `ip` is required (Fencepost always
 *   addresses a device by `ip`, so `port_as_ip` is dropped). An agent that has `port_as_ip` has no
 *   plugs (fence-agents adds it exactly then), so its `plug` is dropped too.
 * - `secret` for names that hold secrets ({@link isSecretParameterName}).
 * - Defaults the agent reports, except a Python list (a prompt list such as `['\n>']`), an empty
 *   string, a secret's (SNMP `community=private`), and `ipport` when the agent chooses the port at
 *   run time from `ssh`/`ssl`.
 * - Actions: the agent's `<actions>` intersected with `on`, `off`, `status`.
 *
 * What it drops ({@link DROPPED_PARAMETERS} gives each reason): `action`; the agent's own logging
 * and command-line flags; Pacemaker plumbing (`delay`, `disable_timeout`, `stonith_status_sleep`,
 * `retry_on`, separators); `port_as_ip`; `*_script` (runs a script on the proxy; Fencepost supplies
 * secrets itself); `*_path` (where a binary lives is the proxy's business, not the device's); and
 * names that are not valid stdin keys for a manifest (e.g. `tls1.0`).
 */
import {
  FENCE_ACTIONS,
  PLUGIN_API_VERSION,
  manifestSchema,
  type FenceType,
  type ParameterSpec,
  type PluginManifest,
} from '../../common/plugins'
import { quoteSafely } from '../../common/text'
import { isSecretParameterName } from '../../common/secretParams'
import { child, childrenNamed, parseXml, type XmlElement } from './xml'

/** Options of {@link manifestFromMetadata}. */
export interface ImportOptions {
  /**
   * The executable the metadata came from: the agent the fence type runs. The name inside the
   * metadata is not trusted for it: `fence_legacy` says `name="fence_pcmk"`, and no
   * `fence_pcmk` exists. Without it, the metadata's name is used.
   */
  agent?: string
  /** Plugin and fence type id; default: the agent name without `fence_`, `_` → `-`. */
  id?: string
  /** Plugin version; default `1.0.0`. */
  version?: string
}

/** A manifest and what the importer left out or changed, in words. */
export interface MetadataImport {
  manifest: PluginManifest
  /** One line per decision worth telling the user ("dropped verbose: …"). */
  notes: string[]
  /** What the user should check before using the plugin (the metadata names another agent). */
  warnings: string[]
}

/** Parameters left out of a generated manifest, with the reason. */
export const DROPPED_PARAMETERS: ReadonlyMap<string, string> = new Map([
  ['action', 'the action is what Fencepost sends'],
  ['verbose', "the agent's own logging"],
  ['verbose_level', "the agent's own logging"],
  ['debug', "the agent's own logging"],
  ['debug_file', "the agent's own logging"],
  ['quiet', "the agent's own logging"],
  ['version', 'a command-line flag'],
  ['help', 'a command-line flag'],
  ['separator', 'one plug per device'],
  ['plug_separator', 'one plug per device'],
  ['delay', 'Pacemaker plumbing: Fencepost orders devices itself'],
  ['disable_timeout', 'Pacemaker plumbing'],
  ['stonith_status_sleep', 'Pacemaker plumbing'],
  ['retry_on', 'Fencepost verifies and falls back itself'],
  ['port_as_ip', 'Fencepost always addresses the device by ip'],
])

/** Parameters a generated manifest marks `advanced` (tuning knobs folded in the device form). */
export const ADVANCED_PARAMETERS: ReadonlySet<string> = new Set([
  'login_timeout',
  'power_timeout',
  'power_wait',
  'shell_timeout',
  'inet4_only',
  'inet6_only',
  'ssh_options',
  'command_prompt',
  'identity_file',
  'use_sudo',
  'ssl_secure',
  'notls',
  'missing_as_off',
])

const LABELS: Record<string, string> = {
  ip: 'Address',
  ipport: 'Port',
  username: 'User',
  password: 'Password',
  plug: 'Plug',
  lanplus: 'IPMI v2 (lanplus)',
  cipher: 'Cipher suite',
  privlvl: 'Privilege level',
  auth: 'Authentication type',
  method: 'Fence method',
  hexadecimal_kg: 'Kg key (hex)',
  target: 'Bridge to target address',
  ipmitool_timeout: 'ipmitool timeout (s)',
  ssl: 'Use TLS',
  ssl_secure: 'Use TLS and verify the certificate',
  ssl_insecure: 'Use TLS without verifying the certificate',
  notls: 'Force SSL 3.0 (no TLS)',
  ssh: 'Use SSH (not telnet)',
  ssh_options: 'SSH options',
  identity_file: 'SSH identity file on the proxy',
  command_prompt: 'Command prompt',
  inet4_only: 'IPv4 only',
  inet6_only: 'IPv6 only',
  login_timeout: 'Login timeout (s)',
  power_timeout: 'Power change timeout (s)',
  power_wait: 'Wait after on/off (s)',
  shell_timeout: 'Command timeout (s)',
  use_sudo: 'Use sudo',
  missing_as_off: 'Treat a missing plug as off',
  community: 'SNMP community',
  snmp_version: 'SNMP version',
  snmp_sec_level: 'SNMPv3 security level',
  snmp_auth_prot: 'SNMPv3 authentication protocol',
  snmp_priv_prot: 'SNMPv3 privacy protocol',
  snmp_priv_passwd: 'SNMPv3 privacy password',
}

/** Metadata of one `<parameter>`, as the agent wrote it. */
interface RawParameter {
  name: string
  required: boolean
  deprecated: boolean
  obsoletes?: string
  type: string
  default?: string
  options: string[]
  shortdesc?: string
}

const PARAMETER_NAME = /^[a-z][a-z0-9_]*$/
const AGENT_NAME = /^fence_[a-z0-9_]+$/
const TRUE_WORDS = ['1', 'yes', 'on', 'true']
const FALSE_WORDS = ['0', 'no', 'off', 'false']

/** One line, single-spaced: manifest text must not contain newlines. */
function oneLine(value: string | undefined): string | undefined {
  const collapsed = value?.replace(/\s+/g, ' ').trim()
  return collapsed ? collapsed : undefined
}

function readParameter(element: XmlElement): RawParameter {
  const name = element.attrs.name
  if (!name) throw new Error('a <parameter> has no name')
  const content = child(element, 'content')
  const shortdesc = oneLine(child(element, 'shortdesc')?.text)
  return {
    name,
    required: element.attrs.required === '1',
    deprecated: element.attrs.deprecated === '1',
    ...(element.attrs.obsoletes ? { obsoletes: element.attrs.obsoletes } : {}),
    type: content?.attrs.type ?? 'string',
    ...(content?.attrs.default !== undefined ? { default: content.attrs.default } : {}),
    options: content
      ? childrenNamed(content, 'option').flatMap((o) => (o.attrs.value ? [o.attrs.value] : []))
      : [],
    ...(shortdesc ? { shortdesc } : {}),
  }
}

function whyDropped(name: string): string | undefined {
  const fixed = DROPPED_PARAMETERS.get(name)
  if (fixed) return fixed
  if (name.endsWith('_script'))
    return 'runs a script on the proxy; Fencepost supplies secrets itself'
  if (name.endsWith('_path')) return "where a binary lives is the proxy's business"
  return undefined
}

/** Form order: address and credentials first, the agent's own order next, tuning knobs last. */
const LEADING = ['ip', 'ipport', 'username', 'password', 'plug']
function rank(parameter: ParameterSpec): number {
  const leading = LEADING.indexOf(parameter.name)
  if (leading >= 0) return leading - LEADING.length
  return parameter.advanced ? 2 : 1 // Array#sort is stable: ties keep the agent's order
}

function labelOf(name: string): string {
  const known = LABELS[name]
  if (known) return known
  const words = name.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** The fence type label from the agent's shortdesc: "Fence agent for APC over telnet/ssh" → "APC over telnet/ssh". */
function typeLabelOf(shortdesc: string | undefined, agent: string): string {
  const stripped = shortdesc?.replace(/^(?:I\/O )?fenc(?:e|ing) agent for /i, '').trim()
  return stripped ? stripped : agent
}

function convertParameter(
  raw: RawParameter,
  aliases: string[],
  agentParams: ReadonlySet<string>,
  notes: string[],
): ParameterSpec {
  let type: ParameterSpec['type']
  let choices: string[] | undefined
  switch (raw.type) {
    case 'boolean':
      type = 'boolean'
      break
    case 'integer':
    case 'second':
      type = 'integer'
      break
    case 'select':
      if (raw.options.length > 0) {
        type = 'choice'
        choices = raw.options
      } else {
        type = 'string'
        notes.push(`${raw.name}: a select without options, kept as text`)
      }
      break
    case 'string':
      type = raw.name === 'ip' ? 'host' : 'string'
      break
    default:
      type = 'string'
      notes.push(`${raw.name}: unknown type "${raw.type}", kept as text`)
  }

  const secret = [raw.name, ...aliases].some(isSecretParameterName)
  let value: string | number | boolean | undefined
  const given = raw.default
  if (given !== undefined && given !== '') {
    if (type === 'boolean') {
      if (TRUE_WORDS.includes(given.toLowerCase())) value = true
      else if (FALSE_WORDS.includes(given.toLowerCase())) value = false
    } else if (type === 'integer') {
      value = /^-?\d+$/.test(given.trim()) ? Number(given) : undefined
    } else if (type === 'choice') {
      value = choices?.includes(given) ? given : undefined
    } else if (/^\[.*\]$/s.test(given.trim())) {
      value = undefined
    } else if (!/[\r\n]/.test(given)) {
      value = given
    }
    if (raw.name === 'ipport' && (agentParams.has('ssh') || agentParams.has('ssl'))) {
      notes.push('ipport: no default, the agent picks it at run time from ssh/ssl')
      value = undefined
    } else if (value !== undefined && secret) {
      notes.push(`${raw.name}: a secret gets no default (the agent's own applies when unset)`)
      value = undefined
    } else if (value === undefined) {
      notes.push(`${raw.name}: default ${JSON.stringify(given)} dropped`)
    }
  }

  let required = raw.required
  if (raw.name === 'plug') required = false
  if (raw.name === 'ip') required = true

  const description = oneLine(raw.shortdesc)
  const spec: ParameterSpec = {
    name: raw.name,
    label: labelOf(raw.name),
    type,
    ...(required ? { required: true } : {}),
    ...(secret ? { secret: true } : {}),
    ...(value !== undefined ? { default: value } : {}),
    ...(choices ? { choices } : {}),
    ...(description ? { description } : {}),
    ...(ADVANCED_PARAMETERS.has(raw.name) ? { advanced: true } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
  }
  return spec
}

/** Reads agent metadata and returns the manifest plus notes on what was dropped or changed. */
export function importMetadata(xml: string, options: ImportOptions = {}): MetadataImport {
  const root = parseXml(xml)
  if (root.name !== 'resource-agent') {
    throw new Error(`not fence agent metadata: the root element is <${root.name}>`)
  }
  const named = root.attrs.name ?? ''
  const agent = options.agent ?? named
  if (!AGENT_NAME.test(agent)) {
    throw new Error(
      options.agent === undefined
        ? `not fence agent metadata: agent name ${quoteSafely(agent)}`
        : `${quoteSafely(agent)} is not a fence_* agent name`,
    )
  }
  const id = options.id ?? agent.slice('fence_'.length).replace(/_/g, '-')
  const notes: string[] = []
  const warnings: string[] = []
  if (named !== agent) {
    warnings.push(
      `the metadata names the agent ${quoteSafely(named)}; the plugin runs ${agent}, the agent the metadata came from`,
    )
  }

  const parametersElement = child(root, 'parameters')
  const raws = parametersElement
    ? childrenNamed(parametersElement, 'parameter').map(readParameter)
    : []
  const names = new Set(raws.map((r) => r.name))

  // A deprecated name becomes an alias of the parameter that obsoletes it.
  const aliasesOf = new Map<string, string[]>()
  const merged = new Set<string>()
  for (const raw of raws) {
    if (raw.deprecated || !raw.obsoletes || !names.has(raw.obsoletes)) continue
    const old = raws.find((r) => r.name === raw.obsoletes)
    if (!old?.deprecated) continue
    aliasesOf.set(raw.name, [...(aliasesOf.get(raw.name) ?? []), old.name])
    merged.add(old.name)
  }

  const dropped: string[] = []
  const parameters: ParameterSpec[] = []
  for (const raw of raws) {
    if (merged.has(raw.name)) continue
    const reason = whyDropped(raw.name)
    if (reason) {
      dropped.push(raw.name)
      continue
    }
    if (!PARAMETER_NAME.test(raw.name)) {
      notes.push(`${raw.name}: not a valid parameter name for a manifest, dropped`)
      continue
    }
    if (raw.name === 'plug' && names.has('port_as_ip')) {
      // fence-agents adds port_as_ip exactly to agents without plugs; their plug is that IP.
      notes.push('plug: the agent has no plugs (plug only serves port_as_ip), dropped')
      continue
    }
    if (raw.deprecated) notes.push(`${raw.name}: deprecated with no successor, kept`)
    parameters.push(convertParameter(raw, aliasesOf.get(raw.name) ?? [], names, notes))
  }
  if (dropped.length > 0) notes.unshift(`dropped: ${dropped.join(', ')}`)
  parameters.sort((a, b) => rank(a) - rank(b))

  const actionsElement = child(root, 'actions')
  const offered = new Set(
    actionsElement ? childrenNamed(actionsElement, 'action').map((a) => a.attrs.name) : [],
  )
  const actions = FENCE_ACTIONS.filter((a) => offered.has(a))
  if (actions.length === 0) {
    throw new Error(`${agent} offers none of the actions ${FENCE_ACTIONS.join(', ')}`)
  }

  const label = typeLabelOf(oneLine(root.attrs.shortdesc), agent)
  const fenceType: FenceType = { id, label, agent, parameters, actions }
  const description = oneLine(child(root, 'longdesc')?.text)
  const manifest = manifestSchema.parse({
    id,
    name: label,
    version: options.version ?? '1.0.0',
    apiVersion: PLUGIN_API_VERSION,
    ...(description ? { description } : {}),
    contributes: { fenceTypes: [fenceType] },
  })
  return { manifest, notes, warnings }
}

/** Reads agent metadata and returns a plugin manifest with one fence type (see the file comment). */
export function manifestFromMetadata(xml: string, options: ImportOptions = {}): PluginManifest {
  return importMetadata(xml, options).manifest
}
