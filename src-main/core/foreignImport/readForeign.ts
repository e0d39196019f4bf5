/**
 * `import --from ovirt|pacemaker`: reads the other system's files by path and translates them
 * (translateForeign.ts) with the loaded plugins' types, generating a plugin from agent metadata for
 * a type none has.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { topologySizeProblem } from '../../common/importLimits'
import type { PluginRegistry } from '../plugins/registry'
import {
  ForeignInputError,
  translateForeign,
  type ForeignFile,
  type ForeignFormat,
  type TranslatedForeign,
} from './translateForeign'

export { FOREIGN_FORMATS, ForeignInputError, type ForeignFormat } from './translateForeign'

function readText(file: string): ForeignFile {
  let size: number
  try {
    size = statSync(file).size
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ForeignInputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: ${code}`)
  }
  const tooBig = topologySizeProblem(size)
  if (tooBig) throw new ForeignInputError(`${file}: ${tooBig}`)
  return { name: file, text: readFileSync(file, 'utf8') }
}

/**
 * The files at `path`: the file itself, or for oVirt a folder's `hosts.json`, and
 * `clusters.json` and `datacenters.json` or `data_centers.json` when present.
 */
export function readForeignFiles(format: ForeignFormat, path: string): ForeignFile[] {
  if (format !== 'ovirt' || !existsSync(path) || !statSync(path).isDirectory())
    return [readText(path)]
  const file = (...names: string[]): string | undefined =>
    names.map((n) => join(path, n)).find((f) => existsSync(f))
  const hosts = file('hosts.json')
  if (!hosts) throw new ForeignInputError(`${path}: no hosts.json in the folder`)
  return [hosts, file('clusters.json'), file('datacenters.json', 'data_centers.json')]
    .filter((f): f is string => f !== undefined)
    .map(readText)
}

/** Translates `path` from `format` (see ovirt.ts and pacemaker.ts for what maps to what). */
export async function readForeign(
  format: ForeignFormat,
  path: string,
  registry: PluginRegistry,
  metadata: (agent: string) => Promise<string>,
): Promise<TranslatedForeign> {
  return translateForeign(format, readForeignFiles(format, path), registry, metadata)
}
