/**
 * `export --format pacemaker|pcs`: one cluster of a document as a CIB or a pcs script (DESIGN.md
 * §8). The rules are common's (common/export/pacemakerModel.ts); this module gives them the plans
 * the core makes and, with `includeSecrets`, the secrets read as the runner reads them.
 */
import type { SecretValue, TopologyDocument } from '../../common/document'
import { pacemakerCib } from '../../common/export/pacemakerCib'
import { pacemakerModel, secretsOfCluster } from '../../common/export/pacemakerModel'
import { pacemakerPcsScript } from '../../common/export/pacemakerPcs'
import type { HostPlan } from '../../common/plan'
import type { PluginRegistry } from '../plugins/registry'
import { closest } from '../validation/suggest'

/** The two forms of the same model. */
export type PacemakerForm = 'cib' | 'pcs'

/** What the export needs from the core. */
export interface PacemakerExportDeps {
  registry: PluginRegistry
  /** The plan of a host, as `fencepost plan` makes it. */
  plan(doc: TopologyDocument, hostId: string): HostPlan
  /** A secret's plain value; throws naming `subject` when it cannot be read. */
  resolveSecret(value: SecretValue, subject: string): Promise<string>
}

/** A `--cluster` that names no cluster; the message lists the near names. */
export class UnknownClusterError extends Error {
  override readonly name = 'UnknownClusterError'
}

/** The cluster a reference names: its id, else its name (one cluster only). */
export function findCluster(doc: TopologyDocument, ref: string): string {
  const byId = doc.clusters.find((c) => c.id === ref)
  if (byId) return byId.id
  const byName = doc.clusters.filter((c) => c.name === ref)
  if (byName.length === 1) return byName[0]!.id
  const all = doc.clusters.map((c) => (c.name === c.id ? c.id : `${c.id} (${c.name})`))
  if (byName.length > 1) {
    throw new UnknownClusterError(
      `"${ref}" is the name of ${byName.length} clusters; give the id: ${byName.map((c) => c.id).join(', ')}`,
    )
  }
  // A typo, else the ids that contain what was typed (`west` → `west-a`).
  const names = [...doc.clusters.map((c) => c.id), ...doc.clusters.map((c) => c.name)]
  const typo = closest(ref, names)
  const lower = ref.toLowerCase()
  const near =
    typo !== undefined
      ? [typo]
      : doc.clusters
          .filter((c) => `${c.id}\n${c.name}`.toLowerCase().includes(lower))
          .map((c) => c.id)
  const hint = near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''
  throw new UnknownClusterError(
    `no cluster "${ref}"${hint} (clusters: ${all.length > 0 ? all.join(', ') : 'none'})`,
  )
}

/**
 * One cluster of `doc` in Pacemaker's form, and the warnings in words.
 * @throws UnknownClusterError, PacemakerExportError (bad input, named by path), or the resolver's
 *   error for a secret that cannot be read (named, never its value).
 */
export async function exportPacemaker(
  deps: PacemakerExportDeps,
  doc: TopologyDocument,
  options: { cluster: string; includeSecrets: boolean; form: PacemakerForm },
): Promise<{ text: string; warnings: string[] }> {
  const clusterId = findCluster(doc, options.cluster)
  const { registry } = deps
  const isSecretParam = (type: string, name: string): boolean => registry.isSecretParam(type, name)
  let secrets: Map<string, string> | undefined
  if (options.includeSecrets) {
    secrets = new Map()
    for (const secret of secretsOfCluster(doc, clusterId, isSecretParam)) {
      const value =
        typeof secret.value === 'object' || typeof secret.value === 'string'
          ? await deps.resolveSecret(secret.value, secret.subject)
          : String(secret.value)
      secrets.set(secret.key, value)
    }
  }
  const model = pacemakerModel({
    doc,
    clusterId,
    planOf: (hostId) => deps.plan(doc, hostId),
    typeOf: (id) => registry.type(id),
    isSecretParam,
    runsInProcess: (id) => registry.runsInProcess(id),
    ...(secrets ? { secrets } : {}),
  })
  const text = options.form === 'cib' ? pacemakerCib(model) : pacemakerPcsScript(model)
  return { text, warnings: model.warnings }
}
