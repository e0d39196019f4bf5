/**
 * The Pacemaker model of a cluster (pacemakerModel.ts) as a complete CIB: `<configuration>` with
 * `stonith-enabled=true`, the nodes, a stonith primitive per device, the location constraints and
 * the fencing topology, and an empty `<status/>` (a cluster fills it in). Every value goes through
 * {@link escapeXml}.
 */
import type { PacemakerModel } from './pacemakerModel'
import { escapeXml } from './xmlText'

/**
 * The schema the CIB declares: Pacemaker 2.0 and later validate it, and 3.x upgrades it. Nothing
 * written here needs a later one.
 */
export const CIB_SCHEMA = 'pacemaker-3.0'

/** `name="value"` pairs, each value escaped. */
function attrs(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('')
}

/** The model as CIB text (UTF-8, two-space indent, a newline at the end). */
export function pacemakerCib(model: PacemakerModel): string {
  const lines: string[] = []
  const add = (depth: number, text: string): void => {
    lines.push('  '.repeat(depth) + text)
  }
  add(0, '<?xml version="1.0" encoding="UTF-8"?>')
  add(
    0,
    `<!-- Fencing of cluster ${escapeComment(model.cluster.name)}, exported by Fencepost` +
      `${model.withSecrets ? ' (WITH SECRETS: handle with care)' : ''} -->`,
  )
  for (const warning of model.warnings) add(0, `<!-- warning: ${escapeComment(warning)} -->`)
  add(
    0,
    `<cib${attrs({ 'validate-with': CIB_SCHEMA, admin_epoch: '0', epoch: '1', num_updates: '0' })}>`,
  )
  add(1, '<configuration>')
  add(2, '<crm_config>')
  add(3, `<cluster_property_set${attrs({ id: 'cib-bootstrap-options' })}>`)
  add(
    4,
    `<nvpair${attrs({
      id: 'cib-bootstrap-options-stonith-enabled',
      name: 'stonith-enabled',
      value: 'true',
    })}/>`,
  )
  add(3, '</cluster_property_set>')
  add(2, '</crm_config>')
  add(2, '<nodes>')
  for (const node of model.nodes) add(3, `<node${attrs({ id: node.id, uname: node.uname })}/>`)
  add(2, '</nodes>')
  add(2, '<resources>')
  for (const p of model.primitives) {
    add(3, `<primitive${attrs({ id: p.id, class: 'stonith', type: p.agent })}>`)
    add(4, `<instance_attributes${attrs({ id: p.attributesId })}>`)
    for (const param of p.params) {
      add(5, `<nvpair${attrs({ id: param.id, name: param.name, value: param.value })}/>`)
    }
    add(4, '</instance_attributes>')
    add(4, '<operations>')
    add(5, `<op${attrs({ id: p.monitorId, name: 'monitor', interval: '60s' })}/>`)
    add(4, '</operations>')
    add(3, '</primitive>')
  }
  add(2, '</resources>')
  add(2, '<constraints>')
  for (const c of model.locations) {
    add(3, `<rsc_location${attrs({ id: c.id, rsc: c.rsc, node: c.node, score: c.score })}/>`)
  }
  add(2, '</constraints>')
  add(2, '<fencing-topology>')
  for (const level of model.levels) {
    add(
      3,
      `<fencing-level${attrs({
        id: level.id,
        target: level.target,
        index: String(level.index),
        devices: level.devices.join(','),
      })}/>`,
    )
  }
  add(2, '</fencing-topology>')
  add(1, '</configuration>')
  add(1, '<status/>')
  add(0, '</cib>')
  return lines.join('\n') + '\n'
}

/** Text inside a comment: `--` may not appear there, and a value must not end it. */
function escapeComment(text: string): string {
  return escapeXml(text)
    .replace(/-(?=-)/g, '- ')
    .replace(/-$/, '- ')
}
