import { writeFileSync } from 'node:fs'
import { formatIssue } from '../../common/validation'
import type { Command } from '../command'
import { EXIT, OperationFailed, UsageError } from '../command'
import { invalidDocument, openCore, printJson, readJsonFile } from '../context'

/** `fencepost import FILE`: validate and move a document into the app's store. */
export const importCommand: Command = {
  name: 'import',
  usage: 'import FILE',
  summary: "move a document into the app's store (plain secrets go to the secret store)",
  help: [
    'Validates FILE; when valid, replaces the stored topology whatever revision it is at (an',
    'explicit overwrite: open windows are told; the previous file is kept in backups/) and says',
    'what it replaced. Plain passwords are moved into the secret store; `{ "env": "VAR" }`',
    'values stay references. An invalid FILE changes nothing and exits 2.',
  ].join('\n'),
  options: {},
  async run({ positionals, values, output }) {
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
  usage: 'export [FILE] [--include-secrets]',
  summary: 'write the stored document to FILE or stdout (secrets left out unless asked)',
  help: [
    'Options:',
    '  --include-secrets   write stored secrets as plain text (handle the file with care)',
  ].join('\n'),
  options: { 'include-secrets': { type: 'boolean' } },
  async run({ positionals, values, output }) {
    if (positionals.length > 1) throw new UsageError('give at most one FILE')
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
