import { formatIssue } from '../../common/validation'
import type { Command } from '../command'
import { EXIT } from '../command'
import { invalidDocument, openCore, openValidator, printJson, readJsonFile } from '../context'

/** `fencepost validate [FILE]`: every error by JSON path, exit 2 when there are any. */
export const validateCommand: Command = {
  name: 'validate',
  usage: 'validate [FILE]',
  summary: 'validate a topology document; list every error by JSON path',
  help: [
    "Validates FILE (or --topology FILE, or the app's store) and lists every error with its JSON",
    'path. Nothing is written. Exit 0 when valid, 2 when not. Warnings (a preference entry that',
    'matches no machine: power actions on its hosts are refused) are listed and leave it valid.',
    '',
    'Example: fencepost validate resources/sample-lab.json',
  ].join('\n'),
  options: {},
  async run({ positionals, values, output }) {
    const file =
      positionals[0] ?? (typeof values.topology === 'string' ? values.topology : undefined)
    let checked
    let what: string
    if (file) {
      // A file needs the plugins and the rules only: the core (store, secrets, SSH) stays closed.
      const input = readJsonFile(file)
      checked = (await openValidator())(input)
      what = file
    } else {
      const core = await openCore()
      const input = core.loadStored().document
      if (input === undefined) {
        output.err(`The store (${core.storeFile}) holds no topology yet.`)
        return EXIT.usage
      }
      checked = core.validate(input)
      what = core.storeFile
    }
    if (values.json) {
      printJson(
        output.out,
        checked.ok
          ? { valid: true, issues: [], warnings: checked.warnings }
          : { valid: false, issues: checked.issues, warnings: checked.warnings },
      )
      return checked.ok ? EXIT.ok : EXIT.usage
    }
    if (!checked.ok) throw invalidDocument(what, checked.issues)
    const d = checked.document
    const n = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`
    output.out(
      `${what} is valid: 1 engine, ${n(d.dataCenters.length, 'data center')}, ` +
        `${n(d.clusters.length, 'cluster')}, ${n(d.hosts.length, 'host')}, ${n(d.proxies.length, 'proxy')}`.replace(
          /proxys/,
          'proxies',
        ) +
        '.',
    )
    // Warnings leave the document valid (exit 0): a preference entry that matches no machine.
    for (const warning of checked.warnings) output.out(`warning: ${formatIssue(warning)}`)
    return EXIT.ok
  },
}
