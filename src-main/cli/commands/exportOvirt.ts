// `export --format ovirt-ansible`: the document's power management as an Ansible playbook for
// oVirt (common/export/ovirtAnsible.ts). Passwords are variables there, always: no option
// writes them. (Typed by what it reads, not by exportFormats.ts, which imports this file.)
import type { TopologyDocument } from '../../common/document'
import { exportOvirtAnsible } from '../../common/export/ovirtAnsible'
import type { FencepostCore } from '../../core/fencepostCore'
import { UsageError } from '../command'

/** What the oVirt export reads of an export request. */
export interface OvirtExportRequest {
  doc: TopologyDocument
  core: Pick<FencepostCore, 'registry'>
  values: Readonly<Record<string, unknown>>
}

/** `--format ovirt-ansible`: ovirt_host_pm per device, pm_proxies per host. */
export const ovirtAnsibleExporter = {
  summary: 'an Ansible playbook for oVirt: ovirt_host_pm per device, pm_proxies per host',
  run: async ({ doc, core, values }: OvirtExportRequest) => {
    if (values['include-secrets'] === true) {
      throw new UsageError(
        '--include-secrets: ovirt-ansible never writes passwords; the playbook reads them ' +
          'from variables (its header lists them)',
      )
    }
    if (values.cluster !== undefined)
      throw new UsageError('--cluster: ovirt-ansible exports every host; leave --cluster out')
    const result = exportOvirtAnsible({ document: doc, fenceTypes: core.registry.types() })
    return { text: result.text, warnings: result.warnings }
  },
}
