// `export --format pacemaker|pcs --cluster ID`: the options checked and the core's errors turned
// into exit codes (2 for bad input, 1 for a secret that cannot be read).
import { PacemakerExportError } from '../../common/export/pacemakerModel'
import { exportPacemaker, UnknownClusterError } from '../../core/export/pacemakerExport'
import type { PacemakerForm } from '../../core/export/pacemakerExport'
import { SecretResolutionError } from '../../core/secrets/secretStore'
import { OperationFailed, UsageError } from '../command'
import type { FormatExporter, FormatExportRequest, FormatExportResult } from './formatExporter'

async function run(form: PacemakerForm, request: FormatExportRequest): Promise<FormatExportResult> {
  const { doc, core, values } = request
  const format = form === 'cib' ? 'pacemaker' : 'pcs'
  if (typeof values.cluster !== 'string' || values.cluster === '') {
    const ids = doc.clusters.map((c) => c.id).join(', ')
    throw new UsageError(`--cluster: --format ${format} needs the cluster to export (${ids})`)
  }
  try {
    return await exportPacemaker(
      {
        registry: core.registry,
        plan: (d, host) => core.plan(d, host),
        resolveSecret: core.resolveSecret,
      },
      doc,
      { cluster: values.cluster, includeSecrets: values['include-secrets'] === true, form },
    )
  } catch (error) {
    if (error instanceof UnknownClusterError) throw new UsageError(`--cluster: ${error.message}`)
    if (error instanceof PacemakerExportError) throw new UsageError(error.message)
    if (error instanceof SecretResolutionError)
      throw new OperationFailed(`--include-secrets: ${error.message}`)
    throw error
  }
}

/** `--format pacemaker`: a complete CIB of one cluster. */
export const pacemakerExporter: FormatExporter = {
  summary: 'a CIB of one cluster (--cluster): stonith devices, levels, location constraints',
  run: (request) => run('cib', request),
}

/** `--format pcs`: the same as a shell script of pcs commands. */
export const pcsExporter: FormatExporter = {
  summary: 'the same as a shell script of pcs commands',
  run: (request) => run('pcs', request),
}
