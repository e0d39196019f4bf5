// Create / rename / move / delete of tree nodes, shared by the tree, its menus and the editors.
// Deletion asks first and names everything the node takes with it or is referenced by.
import { h } from 'vue'
import { useDialog } from 'naive-ui'
import type { NodeRef } from '../lib/model'
import {
  deleteNode,
  deletionImpact,
  findCluster,
  findHost,
  findProxy,
  nodeExists,
  nodePath,
} from '../lib/model'
import { plural } from '../lib/format'
import { usePlanStore } from '../stores/plan'
import { useTopologyStore } from '../stores/topology'
import { useUiStore } from '../stores/ui'

/** The node the tree selects once `ref` is gone: its parent. */
function parentOf(
  doc: NonNullable<ReturnType<typeof useTopologyStore>['document']>,
  ref: NodeRef,
): NodeRef {
  if (ref.kind === 'host') {
    const cluster = findHost(doc, ref.id)?.cluster
    return cluster ? { kind: 'cluster', id: cluster } : { kind: 'engine' }
  }
  if (ref.kind === 'cluster') {
    const dc = findCluster(doc, ref.id)?.dataCenter
    return dc ? { kind: 'dataCenter', id: dc } : { kind: 'engine' }
  }
  if (ref.kind === 'proxy') return findProxy(doc, ref.id) ? { kind: 'proxies' } : { kind: 'engine' }
  return { kind: 'engine' }
}

/** Node actions bound to the stores and the dialog provider. */
export function useNodeActions() {
  const topology = useTopologyStore()
  const ui = useUiStore()
  const plan = usePlanStore()
  const dialog = useDialog()

  /** Devices (as `host/device`) that would use this machine as a proxy, and those it is the last for. */
  function proxyRoles(machineIds: Set<string>): { uses: string[]; last: string[] } {
    return plan.proxyRoles(machineIds)
  }

  function create(nodeKind: 'dataCenter' | 'cluster' | 'host' | 'proxy', parentId?: string) {
    ui.openDialog({ kind: 'create', nodeKind, ...(parentId ? { parentId } : {}) })
  }

  function move(node: NodeRef): void {
    if (node.kind === 'host' || node.kind === 'cluster' || node.kind === 'proxy')
      ui.openDialog({ kind: 'move', node })
  }

  function rename(node: NodeRef): void {
    const doc = topology.document
    if (!doc || node.kind === 'proxies') return
    const path = nodePath(doc, node)
    if (path) ui.focusField(node, `${path}.name`)
  }

  function canDelete(node: NodeRef): boolean {
    return node.kind !== 'engine' && node.kind !== 'proxies'
  }

  function remove(node: NodeRef): void {
    const doc = topology.document
    if (!doc || !canDelete(node) || !nodeExists(doc, node)) return
    const impact = deletionImpact(doc, node)
    const lines: string[] = []
    if (impact.cascade.length)
      lines.push(
        `It also deletes ${plural(impact.cascade.length, 'node')}: ${impact.cascade.join(', ')}.`,
      )
    if (impact.preferenceLists.length)
      lines.push(
        `It is named in the proxy preferences of ${impact.preferenceLists.join(', ')}; ` +
          'those entries are removed.',
      )
    const machines = new Set<string>()
    if (node.kind === 'host' || node.kind === 'proxy') machines.add(node.id)
    if (node.kind === 'cluster' || node.kind === 'dataCenter') {
      const clusters = new Set(
        node.kind === 'cluster'
          ? [node.id]
          : doc.clusters.filter((c) => c.dataCenter === node.id).map((c) => c.id),
      )
      for (const h of doc.hosts) if (clusters.has(h.cluster)) machines.add(h.id)
    }
    const roles = proxyRoles(machines)
    if (roles.last.length)
      lines.push(`${roles.last.join(', ')} would have no proxy left: this is their only candidate.`)
    else if (roles.uses.length)
      lines.push(
        `It is a candidate proxy for ${roles.uses.join(', ')}; they keep other candidates.`,
      )
    if (impact.unplaced.length)
      lines.push(`${impact.unplaced.join(', ')} will no longer be placed anywhere.`)
    if (lines.length === 0) lines.push('Nothing else refers to it or relies on it.')
    lines.push('You can undo this with Ctrl+Z until you save.')
    dialog.warning({
      title: `Delete ${impact.subject}?`,
      content: () =>
        h(
          'div',
          { 'data-testid': 'delete-dialog-body' },
          lines.map((line) => h('p', { style: 'margin: 0 0 8px' }, line)),
        ),
      positiveText: 'Delete',
      negativeText: 'Cancel',
      positiveButtonProps: { type: 'error', ...({ 'data-testid': 'delete-confirm' } as object) },
      negativeButtonProps: { ...({ 'data-testid': 'delete-cancel' } as object) },
      onPositiveClick: () => {
        const parent = parentOf(doc, node)
        topology.edit(`Delete ${impact.subject}`, (d) => deleteNode(d, node))
        ui.select(parent)
      },
    })
  }

  return { create, move, rename, remove, canDelete }
}
