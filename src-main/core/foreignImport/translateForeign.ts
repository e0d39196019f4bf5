/**
 * Another system's files, as text, into a document: the one translation behind
 * `fencepost import --from` (readForeign.ts reads the files) and the app's File › Import
 * (`topology.translateForeign`). The format is found from the files when not given
 * (common/foreignFormats.ts).
 */
import {
  FOREIGN_FORMATS,
  formatOfFile,
  ovirtPartByName,
  ovirtPartOf,
  type ForeignFile,
  type ForeignFormat,
  type OvirtPart,
} from '../../common/foreignFormats'
import { topologySizeProblem } from '../../common/importLimits'
import { jsonSyntaxProblem } from '../../common/jsonErrors'
import type { PluginRegistry } from '../plugins/registry'
import type { ForeignImport } from './foreignImport'
import { documentFromOvirt, ovirtInputOf, type OvirtInput } from './ovirt'
import { documentFromCib } from './pacemaker'
import { takenPluginIds } from '../plugins/pluginIds'
import { createTypeResolver } from './typeResolver'

export { FOREIGN_FORMATS, type ForeignFile, type ForeignFormat }

/** A file that cannot be read or understood: bad input, named. */
export class ForeignInputError extends Error {}

/** A translation and the format it was read as. */
export interface TranslatedForeign extends ForeignImport {
  format: ForeignFormat
}

function checkedSize(file: ForeignFile): ForeignFile {
  const tooBig = topologySizeProblem(file.text.length)
  if (tooBig) throw new ForeignInputError(`${file.name}: ${tooBig}`)
  return file
}

function jsonOf(file: ForeignFile): unknown {
  try {
    return JSON.parse(file.text) as unknown
  } catch (error) {
    throw new ForeignInputError(`${file.name}: not valid JSON (${jsonSyntaxProblem(error)})`)
  }
}

/** The format of `files`, or a ForeignInputError naming the file that is none of them. */
export function detectForeignFormat(files: readonly ForeignFile[]): ForeignFormat {
  const formats = files.map((file) => {
    const format = formatOfFile(file)
    if (format === 'ovirt' || format === 'pacemaker') return format
    throw new ForeignInputError(
      format === 'fencepost'
        ? `${file.name}: neither an oVirt API answer nor a Pacemaker CIB`
        : `${file.name}: XML, but not a Pacemaker CIB (its root element is not <cib>)`,
    )
  })
  const format = formats[0]
  if (!format) throw new ForeignInputError('files: give at least one file')
  if (formats.some((f) => f !== format))
    throw new ForeignInputError(
      `files: ${files.map((f) => f.name).join(', ')} mix formats; import one system at a time`,
    )
  return format
}

/**
 * oVirt input from one file (the hosts answer, or one object holding all three answers) or
 * several: each taken for hosts, clusters or data centers by its content, else by its name.
 */
export function ovirtInputOfFiles(files: readonly ForeignFile[]): OvirtInput {
  if (files.length === 1) return ovirtInputOf(jsonOf(files[0]!))
  const parts = new Map<OvirtPart, { file: ForeignFile; json: unknown }>()
  for (const file of files) {
    const json = jsonOf(file)
    const part = ovirtPartOf(json) ?? ovirtPartByName(file.name)
    if (!part)
      throw new ForeignInputError(
        `${file.name}: not an oVirt hosts, clusters or data centers answer`,
      )
    const twice = parts.get(part)
    if (twice) throw new ForeignInputError(`${file.name}: holds ${part} as ${twice.file.name} does`)
    parts.set(part, { file, json })
  }
  const hosts = parts.get('hosts')
  if (!hosts)
    throw new ForeignInputError(
      `files: none of ${files.map((f) => f.name).join(', ')} holds the hosts answer`,
    )
  const clusters = parts.get('clusters')
  const dataCenters = parts.get('dataCenters')
  return {
    ...ovirtInputOf(hosts.json),
    ...(clusters ? { clusters: clusters.json } : {}),
    ...(dataCenters ? { dataCenters: dataCenters.json } : {}),
  }
}

/**
 * Translates `files` from `format` (found from the files when undefined) with the types of
 * `registry`, generating a type from `metadata` for an agent type none has (see typeResolver.ts).
 * Bad input throws a {@link ForeignInputError} naming the file.
 */
export async function translateForeign(
  format: ForeignFormat | undefined,
  files: readonly ForeignFile[],
  registry: PluginRegistry,
  metadata: (agent: string) => Promise<string>,
): Promise<TranslatedForeign> {
  files.forEach(checkedSize)
  const chosen = format ?? detectForeignFormat(files)
  if (!FOREIGN_FORMATS.includes(chosen))
    throw new ForeignInputError(`format: must be one of ${FOREIGN_FORMATS.join(', ')}`)
  if (files.length === 0) throw new ForeignInputError('files: give at least one file')
  if (chosen === 'pacemaker' && files.length > 1)
    throw new ForeignInputError('files: a Pacemaker import takes exactly one CIB file')
  const resolver = createTypeResolver({
    types: registry.types(),
    taken: takenPluginIds(registry),
    metadata,
  })
  try {
    const translated =
      chosen === 'ovirt'
        ? await documentFromOvirt(ovirtInputOfFiles(files), resolver.resolve)
        : await documentFromCib(files[0]!.text, resolver.resolve)
    return { ...translated, generated: resolver.generated(), format: chosen }
  } catch (error) {
    if (error instanceof ForeignInputError) throw error
    const name = chosen === 'pacemaker' ? files[0]!.name : files.map((f) => f.name).join(', ')
    throw new ForeignInputError(
      `${name}: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}
