/**
 * `fencepost import --from ovirt|pacemaker FILE`: another system's lab into the app's store (DESIGN.md
 * §8). The translation is in core/foreignImport; this reads the arguments, writes the plugins the
 * translation generated, imports the document like any import, and tells what was not carried over.
 * Nothing is kept when the document does not validate: the generated plugins are removed again.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { manifestFileText } from '../../core/plugins/pluginIds'
import { formatIssue } from '../../common/validation'
import { PROJECT_ROOT, dataPaths, defaultDataDir } from '../../core/paths'
import type { CommandInput } from '../command'
import { EXIT, UsageError } from '../command'
import { invalidDocument, openCore, printJson } from '../context'

/** Runs `import --from FORMAT PATH` (see the module's comment). */
export async function importForeign({
  positionals,
  values,
  output,
}: CommandInput): Promise<number> {
  const [
    { FOREIGN_FORMATS, ForeignInputError, readForeign },
    { loadAppPlugins },
    { fetchAgentMetadata },
  ] = await Promise.all([
    import('../../core/foreignImport/readForeign'),
    import('../../core/validation/appPlugins'),
    import('../../core/plugins/fetchMetadata'),
  ])
  const format = values.from
  if (!FOREIGN_FORMATS.some((f) => f === format))
    throw new UsageError(`--from ${String(format)}: must be one of ${FOREIGN_FORMATS.join(', ')}`)
  const path = positionals[0]
  if (!path || positionals.length > 1)
    throw new UsageError(
      format === 'ovirt' ? 'give exactly one FILE or folder' : 'give exactly one CIB file',
    )
  const dataDir = defaultDataDir(process.env)
  const registry = await loadAppPlugins({ projectRoot: PROJECT_ROOT, dataDir })
  let translated
  try {
    translated = await readForeign(format as 'ovirt' | 'pacemaker', path, registry, (agent) =>
      fetchAgentMetadata(agent),
    )
  } catch (error) {
    if (error instanceof ForeignInputError) throw new UsageError(error.message)
    throw error
  }
  const { document, generated, notes } = translated

  if (values.print) {
    output.out(JSON.stringify(document, null, 2))
    for (const note of notes) output.err(`note: ${note}`)
    return EXIT.ok
  }

  // The generated plugins first: the core loads them, and validation needs their types.
  const pluginsDir = dataPaths(dataDir).userPlugins
  const written: string[] = []
  for (const manifest of generated) {
    const folder = join(pluginsDir, manifest.id)
    if (existsSync(join(folder, 'plugin.json'))) continue
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'plugin.json'), manifestFileText(manifest))
    written.push(folder)
  }
  const core = await openCore()
  const before = core.loadStored()
  const result = await core.importDocument(document)
  if (!result.ok) {
    for (const folder of written) rmSync(folder, { recursive: true, force: true })
    for (const note of notes) output.err(`note: ${note}`)
    throw invalidDocument(`the document made from ${path}`, result.issues)
  }
  const hosts = document.hosts.length
  const devices = document.hosts.reduce((n, h) => n + (h.powerManagement?.devices.length ?? 0), 0)
  if (values.json) {
    printJson(output.out, {
      imported: path,
      from: format,
      store: core.storeFile,
      revision: result.revision,
      replaced: before.document
        ? { revision: before.revision, hosts: before.document.hosts.length }
        : null,
      hosts,
      devices,
      generatedPlugins: written,
      notCarriedOver: notes,
      warnings: result.warnings,
    })
  } else {
    output.out(
      `Imported ${hosts} host(s) and ${devices} device(s) from ${format} (${path}) into ` +
        `${core.storeFile} (revision ${result.revision}).`,
    )
    if (before.document)
      output.out(
        `It replaced revision ${before.revision} (${before.document.hosts.length} host(s)); ` +
          'that file is kept in backups/.',
      )
    for (const folder of written) output.out(`Generated the plugin ${join(folder, 'plugin.json')}.`)
    if (result.movedSecrets > 0)
      output.out(`${result.movedSecrets} secret(s) moved to the secret store.`)
    for (const note of notes) output.err(`note: ${note}`)
    for (const warning of result.warnings) output.err(`warning: ${formatIssue(warning)}`)
  }
  return EXIT.ok
}
