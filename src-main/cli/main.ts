import { closeCore } from './context'
import { runCli } from './runCli'

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  })
} finally {
  // A pooled SSH connection keeps the event loop alive until it idles out (60 s): a power action
  // over SSH would otherwise sit for a minute after printing its result.
  await closeCore()
}
