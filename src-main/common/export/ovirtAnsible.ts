/**
 * Export to oVirt (DESIGN.md §8): the document's power management as an Ansible playbook for the
 * `ovirt.ovirt` collection. One `ovirt.ovirt.ovirt_host_pm` task per device (no loops), and per
 * host its proxy preferences as a REST `PUT` of `power_management.pm_proxies` (no module sets
 * them), after `ovirt_auth` logs in. Passwords are never written: every one is a variable the
 * admin supplies (the file's header lists them). What oVirt cannot express comes back as warnings,
 * which the file also carries as comments. Pure text, no Node.
 */
import { agentParameters, agentValueText, parameterOfKey } from '../agentParameters'
import type { Device, Host, ParamValue, TopologyDocument } from '../document'
import { isPreferenceKeyword } from '../document'
import type { PreferenceKeyword } from '../document'
import { inOrder } from '../deviceGroups'
import { levelsOfHost, resolvePreferences } from '../planner/preferenceSource'
import type { FenceType } from '../plugins'
import { isSecretParameterOf } from '../secretParams'
import { yamlString } from './yamlScalar'

/**
 * The fence types the `ovirt_host_pm` module documents as oVirt's predefined ones (its `type`
 * option, ovirt.ovirt 2.x); any other type needs a custom fence type configured on the engine.
 */
export const OVIRT_PREDEFINED_FENCE_TYPES: readonly string[] = [
  'drac5',
  'ipmilan',
  'rsa',
  'bladecenter',
  'alom',
  'apc',
  'apc_snmp',
  'eps',
  'wti',
  'rsb',
  'cisco_ucs',
  'drac7',
  'hpblade',
  'ilo',
  'ilo2',
  'ilo3',
  'ilo4',
  'ilo_ssh',
]

/** oVirt's `PmProxyType` for each preference keyword it has; `engine` has none. */
export const OVIRT_PM_PROXY_TYPES: Readonly<Partial<Record<PreferenceKeyword, string>>> = {
  cluster: 'cluster',
  dc: 'dc',
  'other-dc': 'other_dc',
}

/** The variable (a dict) the playbook reads device passwords from, keyed `HOST-ID/DEVICE-ID`. */
export const OVIRT_PASSWORD_VARIABLE = 'fencepost_pm_passwords'
/** The variable (a dict) for a device's other secret options, keyed `HOST-ID/DEVICE-ID/OPTION`. */
export const OVIRT_SECRET_OPTION_VARIABLE = 'fencepost_pm_secret_options'

/** What the exporter needs: the document and the loaded plugins' device types. */
export interface OvirtExportInput {
  document: TopologyDocument
  fenceTypes: readonly FenceType[]
}

/** The playbook and what it could not carry over. */
export interface OvirtExport {
  /** The playbook (YAML). */
  text: string
  /** One sentence each, naming the host and device: also in the file as comments. */
  warnings: string[]
  /** How many `ovirt_host_pm` tasks (devices) and host `pm_proxies` calls it holds. */
  devices: number
  hosts: number
}

// The device parameters that are the module's own options rather than agent options, by the
// metadata name fence-agents gives them.
const ADDRESS = 'ip'
const USERNAME = 'username'
const PASSWORD = 'password'
const IPPORT = 'ipport'

/** A string from the document: quoted as YAML, and marked `!unsafe` if Jinja would expand it. */
function literal(value: string): string {
  const scalar = yamlString(value)
  return /\{[{%#]/.test(value) ? `!unsafe ${scalar}` : scalar
}

/** A Jinja expression as a quoted YAML scalar (`"{{ expr }}"`). */
function expression(expr: string): string {
  return yamlString(`{{ ${expr} }}`)
}

/** A comment line's text: one line, whatever the document holds. */
function commentText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
}

/** What a device becomes in the module's terms. */
interface DeviceTask {
  device: Device
  agentType: string
  address?: string
  username?: string
  passwordKey?: string
  port?: number
  /** Option lines: the value already a YAML scalar. */
  options: { key: string; scalar: string }[]
  secretOptions: boolean
}

function plainValue(value: ParamValue | string | number | boolean): string | undefined {
  if (typeof value === 'object') return undefined
  return agentValueText(value)
}

function deviceTask(
  host: Host,
  device: Device,
  type: FenceType | undefined,
  warn: (text: string) => void,
): DeviceTask {
  const what = `host ${host.name}, device ${device.id}`
  const agent = type?.agent ?? `fence_${device.type}`
  const task: DeviceTask = {
    device,
    agentType: agent.replace(/^fence_/, ''),
    options: [],
    secretOptions: false,
  }
  if (!type) warn(`${what}: no loaded plugin knows type ${device.type}; exported as it is`)
  const parameters = type?.parameters ?? []
  const entries = type
    ? agentParameters(type, device.params)
    : Object.entries(device.params).map(([key, value]) => ({ key, value }))
  for (const { key: given, value } of entries) {
    // Named as the agent's metadata names them: a deprecated alias becomes the current name.
    const key = parameterOfKey(parameters, given)?.name ?? given
    const secret = isSecretParameterOf(parameters, key)
    if (key === PASSWORD) {
      task.passwordKey = `${host.id}/${device.id}`
      continue
    }
    if (secret) {
      task.options.push({
        key,
        scalar: expression(`${OVIRT_SECRET_OPTION_VARIABLE}['${host.id}/${device.id}/${key}']`),
      })
      task.secretOptions = true
      continue
    }
    const text = plainValue(value)
    if (text === undefined) {
      warn(`${what}: parameter ${key} has no plain value; left out`)
      continue
    }
    if (key === ADDRESS) task.address = text
    else if (key === USERNAME) task.username = text
    else if (key === IPPORT && /^\d+$/.test(text)) task.port = Number(text)
    else task.options.push({ key, scalar: literal(text) })
  }
  return task
}

function deviceTaskLines(host: Host, task: DeviceTask): string[] {
  const { device } = task
  const lines = [
    `        - name: ${literal(`${host.name}: fence agent ${device.id} (${task.agentType}, order ${device.order})`)}`,
    '          ovirt.ovirt.ovirt_host_pm:',
    `            auth: ${expression('ovirt_auth')}`,
    '            state: present',
    `            name: ${literal(host.name)}`,
  ]
  if (task.address !== undefined) lines.push(`            address: ${literal(task.address)}`)
  if (task.username !== undefined) lines.push(`            username: ${literal(task.username)}`)
  if (task.passwordKey !== undefined) {
    lines.push(
      `            password: ${expression(`${OVIRT_PASSWORD_VARIABLE}['${task.passwordKey}']`)}`,
    )
  }
  lines.push(`            type: ${literal(task.agentType)}`)
  lines.push(`            order: ${device.order}`)
  if (task.port !== undefined) lines.push(`            port: ${task.port}`)
  if (task.secretOptions) lines.push('            encrypt_options: true')
  if (task.options.length > 0) {
    lines.push('            options:')
    for (const option of task.options)
      lines.push(`              ${yamlString(option.key)}: ${option.scalar}`)
  }
  return lines
}

/** The host's list in oVirt's terms, with a warning for every entry oVirt cannot hold. */
function pmProxiesOf(
  doc: TopologyDocument,
  host: Host,
  devices: readonly Device[],
  warn: (text: string) => void,
): { types: string[]; list: string[] } {
  const levels = levelsOfHost(doc, host)
  const applied = resolvePreferences(levels)
  const types: string[] = []
  for (const entry of applied.list) {
    const type = isPreferenceKeyword(entry) ? OVIRT_PM_PROXY_TYPES[entry] : undefined
    if (type !== undefined) {
      if (!types.includes(type)) types.push(type)
    } else if (entry === 'engine') {
      warn(`host ${host.name}: preference "engine" left out: the oVirt engine never runs agents`)
    } else {
      warn(
        `host ${host.name}: preference "${entry}" left out: oVirt's pm_proxies name only ` +
          'cluster, dc and other_dc, never a machine',
      )
    }
  }
  for (const device of devices) {
    const own = resolvePreferences({ ...levels, device })
    if (own.from !== 'device' || own.list.join('\n') === applied.list.join('\n')) continue
    warn(
      `host ${host.name}, device ${device.id}: its own preferences (${own.list.join(', ')}) ` +
        `cannot be kept: oVirt has one list per host (${applied.list.join(', ')})`,
    )
  }
  return { types, list: applied.list }
}

/**
 * The host looked up by name, then `PUT /hosts/ID` with `power_management.pm_proxies` in the
 * API's JSON form (a collection is `{ "pm_proxy": [ … ] }`, named after its type). The API model
 * documents pm_proxies as an input of adding a host only, but the engine maps it on update too
 * (HostMapper → the host's fence proxy sources), and no module of the collection sets it.
 */
function pmProxyTaskLines(host: Host, types: readonly string[], list: readonly string[]): string[] {
  return [
    `        - name: ${literal(`${host.name}: look up the host's id for its pm_proxies`)}`,
    '          ovirt.ovirt.ovirt_host_info:',
    `            auth: ${expression('ovirt_auth')}`,
    `            pattern: ${literal(`name="${host.name}"`)}`,
    '          register: fencepost_host',
    `        - name: ${literal(`${host.name}: pm_proxies ${types.join(', ')} (from ${list.join(', ')})`)}`,
    '          ansible.builtin.uri:',
    `            url: ${yamlString('{{ ovirt_auth.url }}/hosts/{{ fencepost_host.ovirt_hosts[0].id }}')}`,
    '            method: PUT',
    '            headers:',
    `              Authorization: ${yamlString('Bearer {{ ovirt_auth.token }}')}`,
    '              Accept: application/json',
    '            body_format: json',
    '            body:',
    '              power_management:',
    '                pm_proxies:',
    '                  pm_proxy:',
    ...types.map((type) => `                    - type: ${type}`),
    `            validate_certs: ${expression('not (ovirt_auth.insecure | default(false))')}`,
    `            ca_path: ${expression('ovirt_auth.ca_file | default(omit, true)')}`,
    '            status_code: 200',
  ]
}

/** Two devices the module would take for one agent: it finds an agent by address and type. */
function sameAgentWarnings(host: Host, tasks: readonly DeviceTask[], warn: (t: string) => void) {
  const seen = new Map<string, string>()
  for (const task of tasks) {
    if (task.address === undefined) continue
    const key = `${task.agentType}\n${task.address}`
    const first = seen.get(key)
    if (first === undefined) {
      seen.set(key, task.device.id)
      continue
    }
    warn(
      `host ${host.name}, devices ${first} and ${task.device.id}: same type and address; ` +
        'ovirt_host_pm finds an agent by type and address, so the second task updates the ' +
        'agent the first one made instead of adding another',
    )
  }
}

function headerLines(doc: TopologyDocument, passwordKeys: readonly string[]): string[] {
  return [
    '# Fencepost: power management for oVirt (DESIGN.md §8, export --format ovirt-ansible).',
    `# Engine of the lab: ${commentText(doc.engine.name)} (${commentText(doc.engine.address)}).`,
    '#',
    '# One ovirt.ovirt.ovirt_host_pm task per fence device; devices of equal order run',
    "# concurrently in oVirt as in Fencepost. Options are what Fencepost's agent receives (set",
    "# values, the type's fixed options and its defaults), named as the agent's metadata names",
    '# them. Then, per host, its proxy preferences (pm_proxies) through the REST API: the host',
    '# is looked up by name with ovirt_host_info, then PUT /hosts/ID. oVirt has one list per host',
    '# and knows cluster, dc and other_dc only (warnings below).',
    '#',
    '# No password is in this file. Put these variables in a vault file and run:',
    '#   ansible-vault create fencepost-ovirt-vars.yml',
    '#   ansible-playbook THIS-FILE -e @fencepost-ovirt-vars.yml --ask-vault-pass',
    '# The file holds:',
    '#   ovirt_url: https://engine.example.com/ovirt-engine/api',
    '#   ovirt_username: admin@internal',
    '#   ovirt_password: ...',
    '#   ovirt_ca_file: /etc/pki/ovirt-engine/ca.pem   # optional; ovirt_insecure: true skips TLS checks',
    ...(passwordKeys.length > 0
      ? [`#   ${OVIRT_PASSWORD_VARIABLE}:`, ...passwordKeys.map((key) => `#     ${key}`)]
      : []),
  ]
}

/**
 * The playbook for every host of `document` whose power management is enabled and has devices,
 * in document order, devices by order. Hosts with power management off are left out (a warning).
 */
export function exportOvirtAnsible(input: OvirtExportInput): OvirtExport {
  const { document: doc, fenceTypes } = input
  const warnings: string[] = []
  const warn = (text: string): void => {
    warnings.push(text)
  }
  const typeById = new Map(fenceTypes.map((type) => [type.id, type]))
  const body: string[] = []
  const passwordKeys: string[] = []
  const secretOptionKeys: string[] = []
  const exported: { host: Host; task: DeviceTask }[] = []
  let hosts = 0
  for (const host of doc.hosts) {
    const pm = host.powerManagement
    if (!pm || pm.devices.length === 0) continue
    if (!pm.enabled) {
      warn(`host ${host.name}: power management is off in Fencepost; left out`)
      continue
    }
    const sorted = inOrder(pm.devices)
    const tasks = sorted.map((device) => deviceTask(host, device, typeById.get(device.type), warn))
    sameAgentWarnings(host, tasks, warn)
    if (/"/.test(host.name))
      warn(`host ${host.name}: a name holding " cannot be searched for in oVirt; fix it first`)
    for (const task of tasks) {
      exported.push({ host, task })
      body.push(...deviceTaskLines(host, task))
      if (task.passwordKey !== undefined) {
        passwordKeys.push(
          `${yamlString(task.passwordKey)}: ...   # ${commentText(`host ${host.name}, device ${task.device.id}`)}`,
        )
      }
      for (const option of task.options)
        if (option.scalar.includes(OVIRT_SECRET_OPTION_VARIABLE))
          secretOptionKeys.push(`${host.id}/${task.device.id}/${option.key}`)
    }
    const { types, list } = pmProxiesOf(doc, host, sorted, warn)
    if (types.length === 0) {
      warn(
        `host ${host.name}: none of its preferences (${list.join(', ')}) exists in oVirt; its ` +
          "pm_proxies are left as they are (empty means the engine's default, cluster then dc)",
      )
      continue
    }
    body.push(...pmProxyTaskLines(host, types, list))
    hosts += 1
  }
  const noAddress = exported.filter(({ task }) => task.address === undefined)
  if (noAddress.length > 0) {
    const where = noAddress.map(({ host, task }) => `${host.name}/${task.device.id}`)
    warn(
      `no address (${ADDRESS}) on ${where.join(', ')}: oVirt needs one for every fence agent, ` +
        'so those tasks fail',
    )
  }
  const customTypes = new Map<string, string[]>()
  for (const { host, task } of exported) {
    if (OVIRT_PREDEFINED_FENCE_TYPES.includes(task.agentType)) continue
    const devicesOfType = customTypes.get(task.agentType) ?? []
    devicesOfType.push(`${host.name}/${task.device.id}`)
    customTypes.set(task.agentType, devicesOfType)
  }
  for (const [type, where] of customTypes) {
    warn(
      `agent type ${type} (${where.join(', ')}) is not one of oVirt's predefined fence types: ` +
        'the engine must have it configured as a custom fence type (engine-config ' +
        'CustomVdsFenceType) or those tasks fail',
    )
  }
  const placed = doc.proxies.filter((p) => p.cluster !== undefined || p.dataCenter !== undefined)
  if (placed.length > 0) {
    warn(
      `standalone proxies ${placed.map((p) => p.name).join(', ')}: oVirt's cluster, dc and ` +
        'other_dc admit hosts only, never a machine outside the engine',
    )
  }
  const header = headerLines(doc, passwordKeys)
  if (secretOptionKeys.length > 0) {
    header.push(
      `#   ${OVIRT_SECRET_OPTION_VARIABLE}:`,
      ...secretOptionKeys.map((key) => `#     ${yamlString(key)}: ...`),
    )
  }
  if (warnings.length > 0) {
    header.push('#', '# Warnings: what oVirt cannot express, or may refuse:')
    for (const warning of warnings) header.push(`#   - ${commentText(warning)}`)
  }
  const lines = [
    ...header,
    '',
    `- name: ${literal('Fencepost power management for oVirt')}`,
    '  hosts: localhost',
    '  connection: local',
    '  gather_facts: false',
    '  tasks:',
    '    - name: Fence agents and proxy preferences',
    '      block:',
    '        - name: Log in to the oVirt engine',
    '          ovirt.ovirt.ovirt_auth:',
    `            url: ${expression('ovirt_url')}`,
    `            username: ${expression('ovirt_username')}`,
    `            password: ${expression('ovirt_password')}`,
    `            ca_file: ${expression('ovirt_ca_file | default(omit)')}`,
    `            insecure: ${expression('ovirt_insecure | default(false)')}`,
    ...body,
    '      always:',
    '        - name: Log out of the oVirt engine',
    '          ovirt.ovirt.ovirt_auth:',
    '            state: absent',
    `            ovirt_auth: ${expression('ovirt_auth')}`,
    '          when: ovirt_auth is defined',
  ]
  return { text: lines.join('\n') + '\n', warnings, devices: exported.length, hosts }
}
