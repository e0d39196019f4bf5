import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FencepostCore } from '../../core/fencepostCore'
import { PROJECT_ROOT } from '../../core/paths'
import type { Command, Output } from '../command'
import { EXIT, UsageError } from '../command'
import { openCore } from '../context'

function portOf(value: unknown): number {
  if (value === undefined) return 0
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port: "${String(value)}" is not a port number (0–65535)`)
  }
  return port
}

/** Serves browser mode until SIGINT/SIGTERM. */
export async function serveUntilStopped(
  core: FencepostCore,
  port: number,
  output: Output,
): Promise<number> {
  // Loaded only by the commands that serve: the server brings the WebSocket library.
  const [{ startBrowserServer }, { ensureRendererBuilt }] = await Promise.all([
    import('../../server/browserServer'),
    import('../../server/rendererBuild'),
  ])
  const staticDir = ensureRendererBuilt(PROJECT_ROOT, output.err)
  const log = (line: string): void => output.err(line)
  const server = await startBrowserServer({ api: core.api, staticDir, port, log })
  output.out(`Fencepost browser mode: open ${server.url}`)
  output.out(
    `(bound to 127.0.0.1 only; answers only to 127.0.0.1:${server.port} and ` +
      `localhost:${server.port}, and only with the token in the URL. Ctrl+C stops.)`,
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await server.close()
  await core.close()
  return EXIT.ok
}

/** `fencepost serve [--port N]`. */
export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve [--port N]',
  summary: 'browser mode on 127.0.0.1 with a printed tokened URL',
  help: 'Options:\n  --port N   listen on port N (default: a free port)',
  options: { port: { type: 'string' } },
  async run({ values, output }) {
    return serveUntilStopped(await openCore('browser mode'), portOf(values.port), output)
  },
}

/** `fencepost demo [--port N]`: browser mode on a fresh demo lab, the user's store untouched. */
export const demoCommand: Command = {
  name: 'demo',
  usage: 'demo [--port N]',
  summary: 'the built-in demo lab (simulated devices) in browser mode, in a throw-away data folder',
  help: [
    'Options:',
    '  --port N   listen on port N (default: a free port)',
    '',
    'Nothing real is powered: every device is simulated in-process, with a fault panel.',
  ].join('\n'),
  options: { port: { type: 'string' } },
  async run({ values, output }) {
    const dataDir = mkdtempSync(join(tmpdir(), 'fencepost-demo-'))
    const { createNodeCore } = await import('../../core/nodeCore')
    const core = await createNodeCore({ dataDir, lockOwner: 'browser mode' })
    output.out(`Demo lab in ${dataDir}`)
    return serveUntilStopped(core, portOf(values.port), output)
  },
}
