import { writeFileSync } from 'node:fs'
import { formatIssue } from '../../common/validation'
import type { Command, CommandInput, Output } from '../command'
import { EXIT, OperationFailed, UsageError } from '../command'
import { documentFor, invalidDocument, openCore, printJson, readJsonFile } from '../context'
import { EXPORT_FORMATS } from './exportFormats'

/** `fencepost import FILE`: validate and move a document into the app's store. */
export const importCommand: Command = {
  name: 'import',
  usage: 'import FILE | import --from ovirt|pacemaker FILE [--print]',
  summary: "move a document, or an oVirt or Pacemaker lab, into the app's store",
  help: [
    'Validates FILE; when valid, replaces the stored topology whatever revision it is at (an',
    'explicit overwrite: open windows are told; the previous file is kept in backups/) and says',
    'what it replaced. Plain passwords are moved into the secret store; `{ "env": "VAR" }`',
    'values stay references. An invalid FILE changes nothing and exits 2.',
    '',
    'Options:',
    '  --from ovirt       FILE or folder: the oVirt REST API JSON of /hosts?follow=fence_agents,',
    '                     cluster (with clusters.json and datacenters.json beside it, or one file',
    '                     holding all three); passwords are not in it and stay unset',
    '  --from pacemaker   FILE: a CIB (`cibadmin --query`, or a file made with `pcs -f`)',
    '  --print            print the document made, store nothing',
    "Agent types no plugin has get a plugin generated from the agent's metadata (the agent must",
    'be installed here); what could not be carried over is listed on stderr.',
    '',
    'Example: fencepost import --from pacemaker cib.xml',
  ].join('\n'),
  options: { from: { type: 'string' }, print: { type: 'boolean' } },
  async run(args) {
    if (args.values.from !== undefined || args.values.print !== undefined) {
      if (args.values.from === undefined) throw new UsageError('--print goes with --from')
      const { importForeign } = await import('./importForeign')
      return importForeign(args)
    }
    const { positionals, values, output } = args
    const file = positionals[0]
    if (!file || positionals.length > 1) throw new UsageError('give exactly one FILE')
    const core = await openCore()
    const input = readJsonFile(file)
    const before = core.loadStored()
    const result = await core.importDocument(input)
    if (!result.ok) throw invalidDocument(file, result.issues)
    const replaced = before.document
      ? { revision: before.revision, hosts: before.document.hosts.length }
      : undefined
    if (values.json) {
      printJson(output.out, {
        imported: file,
        store: core.storeFile,
        revision: result.revision,
        replaced: replaced ?? null,
        movedSecrets: result.movedSecrets,
        warnings: result.warnings,
      })
    } else {
      output.out(`Imported ${file} into ${core.storeFile} (revision ${result.revision}).`)
      output.out(
        replaced
          ? `It replaced revision ${replaced.revision} (${replaced.hosts} host(s)); that file is ` +
              'kept in backups/.'
          : 'The store held no topology before.',
      )
      if (result.movedSecrets > 0)
        output.out(`${result.movedSecrets} secret(s) moved to the secret store.`)
      for (const problem of result.problems) output.err(problem)
      for (const warning of result.warnings) output.err(`warning: ${formatIssue(warning)}`)
    }
    return EXIT.ok
  },
}

/** `fencepost export [FILE]`: the stored document, secrets left out unless asked. */
export const exportCommand: Command = {
  name: 'export',
  usage: 'export [FILE] [--include-secrets] [--format FORMAT [--cluster ID]]',
  summary: 'write the stored document to FILE or stdout (secrets left out unless asked)',
  help: [
    'Options:',
    '  --include-secrets   write stored secrets as plain text (handle the file with care)',
    "  --format FORMAT     write another engine's configuration instead of the document:",
    ...Object.entries(EXPORT_FORMATS).map(([id, f]) => `                      ${id}: ${f.summary}`),
    '  --cluster ID        the cluster to export (pacemaker, pcs): its id or name',
    '',
    'With --format, the document is --topology FILE or the store; warnings go to stderr.',
    'Example: fencepost export --format pacemaker --cluster east-a cib.xml',
  ].join('\n'),
  options: {
    'include-secrets': { type: 'boolean' },
    format: { type: 'string' },
    cluster: { type: 'string' },
  },
  async run({ positionals, values, output }) {
    if (positionals.length > 1) throw new UsageError('give at most one FILE')
    if (typeof values.format === 'string')
      return exportAs(values.format, positionals[0], values, output)
    if (values.cluster !== undefined)
      throw new UsageError('--cluster: goes with --format (pacemaker, pcs)')
    const core = await openCore()
    const result = await core.exportDocument(values['include-secrets'] === true)
    if (!result.document)
      throw new OperationFailed(`the store (${core.storeFile}) holds no topology`)
    const text = JSON.stringify(result.document, null, 2) + '\n'
    const file = positionals[0]
    if (file) {
      writeFileSync(file, text, { mode: 0o600 })
      if (values.json) printJson(output.out, { exported: file })
      else
        output.out(
          `Exported the topology to ${file}${values['include-secrets'] ? ' (with secrets)' : ''}.`,
        )
    } else {
      output.out(text)
    }
    for (const problem of result.problems) output.err(problem)
    return EXIT.ok
  },
}

/** `export --format F`: the exporter of F writes the text; warnings go to stderr in words. */
async function exportAs(
  format: string,
  file: string | undefined,
  values: CommandInput['values'],
  output: Output,
): Promise<number> {
  const exporter = EXPORT_FORMATS[format]
  if (!exporter)
    throw new UsageError(
      `--format: no format "${format}"; one of ${Object.keys(EXPORT_FORMATS).join(', ')}`,
    )
  const doc = await documentFor(values)
  const result = await exporter.run({ doc, core: await openCore(), values })
  if (file) {
    writeFileSync(file, result.text, { mode: 0o600 })
    if (values.json) printJson(output.out, { exported: file, format, warnings: result.warnings })
    else output.out(`Exported ${format} to ${file}.`)
  } else {
    output.out(result.text)
  }
  for (const warning of result.warnings) output.err(`warning: ${warning}`)
  return EXIT.ok
}
