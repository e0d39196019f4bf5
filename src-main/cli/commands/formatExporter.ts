// What one `export --format F` exporter is (exportFormats.ts maps each format to one). Kept apart
// from the map so an exporter can name these types without importing the map that imports it.
import type { TopologyDocument } from '../../common/document'
import type { FencepostCore } from '../../core/fencepostCore'

/** What an exporter gets: the document (`--topology FILE` or the store) and the parsed options. */
export interface FormatExportRequest {
  doc: TopologyDocument
  core: FencepostCore
  values: Record<string, string | boolean | undefined>
}

/** What an exporter gives: the file's text, and warnings in words for stderr. */
export interface FormatExportResult {
  text: string
  warnings: string[]
}

/** One export format. Bad options throw UsageError (exit 2), a failed export OperationFailed. */
export interface FormatExporter {
  /** One line for `fencepost export --help`. */
  summary: string
  run(request: FormatExportRequest): Promise<FormatExportResult>
}
