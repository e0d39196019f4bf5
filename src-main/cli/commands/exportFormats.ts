// `fencepost export --format F`: one map from a format to the module that writes it. The command
// (importExport.ts) reads the document, writes the text to FILE or stdout and the warnings to
// stderr; an exporter only turns the document into text.
import type { FormatExporter } from './formatExporter'
import { ovirtAnsibleExporter } from './exportOvirt'
import { pacemakerExporter, pcsExporter } from './exportPacemaker'

export type { FormatExporter, FormatExportRequest, FormatExportResult } from './formatExporter'

/** Every format `export --format` writes besides Fencepost's own JSON document. */
export const EXPORT_FORMATS: Readonly<Record<string, FormatExporter>> = {
  pacemaker: pacemakerExporter,
  pcs: pcsExporter,
  'ovirt-ansible': ovirtAnsibleExporter,
}
