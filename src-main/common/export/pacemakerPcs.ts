/**
 * The Pacemaker model of a cluster (pacemakerModel.ts) as a shell script of `pcs` commands, run on
 * a node of a cluster that already has these nodes: `pcs stonith create` per device, `pcs stonith
 * level add` per level, `pcs constraint location … avoids|prefers` per constraint, then
 * `pcs property set stonith-enabled=true`. The syntax is the one pcs 0.10 to 0.12 share (`prefers
 * NODE=SCORE`, levels with devices as separate arguments); pcs names the constraints
 * `location-RSC-NODE-SCORE`, as the CIB export does.
 */
import type { PacemakerModel } from './pacemakerModel'

/** One shell word: bare when it holds only safe characters, else in single quotes. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value
  return `'${value.replace(/'/g, `'\\''`)}'`
}

const line = (...words: string[]): string => words.map(shellWord).join(' ')

/** The model as a POSIX shell script (a newline at the end). */
export function pacemakerPcsScript(model: PacemakerModel): string {
  const out: string[] = [
    '#!/bin/sh',
    `# Fencing of cluster ${model.cluster.name}, exported by Fencepost.`,
    `# Run on a node of the cluster, whose nodes must be: ${model.nodes.map((n) => n.uname).join(' ')}`,
    `# (in that order, \`pcs cluster setup\` gives them the node ids of the CIB export).`,
  ]
  if (model.withSecrets) {
    out.push('# WITH SECRETS: handle this file with care; pcs receives them on its command line.')
  }
  for (const warning of model.warnings) out.push(`# warning: ${warning.replace(/[\r\n]/g, ' ')}`)
  out.push('set -e', '')
  for (const p of model.primitives) {
    out.push(
      line(
        'pcs',
        'stonith',
        'create',
        p.id,
        p.agent,
        ...p.params.map((a) => `${a.name}=${a.value}`),
      ),
    )
  }
  out.push('')
  for (const level of model.levels) {
    out.push(
      line('pcs', 'stonith', 'level', 'add', String(level.index), level.target, ...level.devices),
    )
  }
  out.push('')
  for (const c of model.locations) {
    out.push(
      c.score === '-INFINITY'
        ? line('pcs', 'constraint', 'location', c.rsc, 'avoids', c.node)
        : line('pcs', 'constraint', 'location', c.rsc, 'prefers', `${c.node}=${c.score}`),
    )
  }
  out.push('', line('pcs', 'property', 'set', 'stonith-enabled=true'))
  return out.join('\n') + '\n'
}
