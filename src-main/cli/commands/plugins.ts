import { mkdirSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { idSchema } from '../../common/document'
import { findByReference, listMachines } from '../../common/planner/machines'
import type { Command } from '../command'
import { EXIT, OperationFailed, UsageError } from '../command'
import { documentFor, openCore, printJson } from '../context'

/** `fencepost plugins list`: device types and diagnostics of plugins that did not load. */
export const pluginsListCommand: Command = {
  name: 'plugins list',
  usage: 'plugins list',
  summary: 'list device types (built-in and user plugins) and plugins that failed to load',
  help: 'User plugins live in <data folder>/plugins/<id>/plugin.json.',
  options: {},
  async run({ values, output }) {
    const core = await openCore()
    const plugins = core.registry.plugins()
    const diagnostics = core.registry.diagnostics()
    if (values.json) {
      printJson(output.out, {
        plugins: plugins.map((p) => ({ ...p.manifest, source: p.source, folder: p.folder })),
        diagnostics,
      })
      return EXIT.ok
    }
    for (const plugin of plugins) {
      output.out(
        `${plugin.manifest.id} ${plugin.manifest.version} (${plugin.source}) — ${plugin.manifest.name}`,
      )
      for (const type of plugin.manifest.contributes.fenceTypes) {
        output.out(`    ${type.id.padEnd(12)} ${type.agent.padEnd(18)} ${type.label}`)
      }
    }
    for (const d of diagnostics) {
      output.err(`NOT LOADED: ${d.plugin} (${d.folder})`)
      for (const message of d.messages) output.err(`    ${message}`)
    }
    return EXIT.ok
  },
}

/** `fencepost plugins import-metadata AGENT [--via PROXY]`. */
export const pluginsImportCommand: Command = {
  name: 'plugins import-metadata',
  usage: 'plugins import-metadata AGENT [--via PROXY] [--id ID] [--print]',
  summary: "generate a plugin from a fence agent's metadata (`fence_X -o metadata`)",
  help: [
    'Runs AGENT with action=metadata locally, or on PROXY (a host or proxy of the topology)',
    'over SSH, and writes <data folder>/plugins/<id>/plugin.json.',
    '',
    'Options:',
    '  --via PROXY   run the agent on this machine of the topology',
    '  --id ID       the plugin id (default: the agent name without fence_)',
    '  --print       print the manifest instead of writing it',
    '',
    'Example: fencepost plugins import-metadata fence_apc --print',
  ].join('\n'),
  options: { via: { type: 'string' }, id: { type: 'string' }, print: { type: 'boolean' } },
  async run({ positionals, values, output }) {
    const agent = positionals[0]
    if (!agent || positionals.length > 1)
      throw new UsageError('give exactly one AGENT, e.g. fence_apc')
    if (!/^fence_[a-z0-9_]+$/.test(agent))
      throw new UsageError(`"${agent}" is not a fence_* agent name`)
    const id = values.id
    if (typeof id === 'string') {
      const checked = idSchema.safeParse(id)
      if (!checked.success) {
        throw new UsageError(`--id ${JSON.stringify(id)}: ${checked.error.issues[0]?.message}`)
      }
    }
    const core = await openCore()
    let via
    if (typeof values.via === 'string') {
      const doc = await documentFor(values)
      const machine = findByReference(listMachines(doc), values.via)[0]
      if (!machine) throw new UsageError(`--via: no machine "${values.via}" in the topology`)
      via = { runner: core.runner, target: await core.targetOf(machine) }
    }
    let imported
    try {
      const { importAgentMetadata } = await import('../../core/plugins/fetchMetadata')
      imported = await importAgentMetadata(agent, {
        ...(via ? { via } : {}),
        ...(typeof values.id === 'string' ? { id: values.id } : {}),
      })
    } catch (error) {
      throw new OperationFailed(error instanceof Error ? error.message : String(error))
    }
    // A plugin whose id or type id a loaded plugin owns would not load: say so, offer a free id.
    const { clashingId, freePluginId, manifestFileText, takenPluginIds } =
      await import('../../core/plugins/pluginIds')
    const taken = takenPluginIds(core.registry)
    const clash = clashingId(imported.manifest, taken)
    if (clash !== undefined) {
      const owner = core.registry.pluginOf(clash)?.manifest.id ?? clash
      const message =
        `the plugin "${owner}" already has the id "${clash}", so this one would not load; ` +
        `give it another id: --id ${freePluginId(clash, taken)}`
      if (!values.print) throw new UsageError(message)
      output.err(`warning: ${message}`)
    }
    const text = manifestFileText(imported.manifest)
    if (values.print) {
      output.out(text)
    } else {
      const folder = join(core.userPluginsDir, imported.manifest.id)
      if (existsSync(join(folder, 'plugin.json'))) {
        throw new OperationFailed(`${folder}/plugin.json exists; remove it first or use --print`)
      }
      mkdirSync(folder, { recursive: true })
      writeFileSync(join(folder, 'plugin.json'), text)
      if (values.json)
        printJson(output.out, {
          written: join(folder, 'plugin.json'),
          agent: imported.manifest.contributes.fenceTypes[0]?.agent,
          notes: imported.notes,
          warnings: imported.warnings,
        })
      else output.out(`Wrote ${join(folder, 'plugin.json')}.`)
    }
    if (!values.json || values.print) {
      for (const warning of imported.warnings) output.err(`warning: ${warning}`)
    }
    if (!values.json) for (const note of imported.notes) output.err(`note: ${note}`)
    return EXIT.ok
  },
}
