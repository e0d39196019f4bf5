// Acceptance (issue 7, DESIGN.md §4): one power action per host on this workstation, across
// processes. A real `fencepost` CLI process and a real browser-mode server (HTTP with the Bearer
// token) act on the same host at the same moment; so do two CLI processes. The device is the real
// fence_dummy agent run by the engine as a local proxy: its power state is a file every process
// sees, and each agent call sleeps, so the two actions overlap.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { TopologyDocument } from '../../../src-main/common/document'
import type { ActionResult } from '../../../src-main/common/fencing'
import type { FencepostCore } from '../../../src-main/core/fencepostCore'
import { createNodeCore } from '../../../src-main/core/nodeCore'
import { startBrowserServer } from '../../../src-main/server/browserServer'
import type { BrowserServer } from '../../../src-main/server/browserServer'
import { describeWithParts } from '../../support/requiredParts'

const ROOT = join(__dirname, '../../..')
const BIN = join(ROOT, 'bin/fencepost.js')
const missing = existsSync('/usr/sbin/fence_dummy')
  ? undefined
  : 'fence_dummy is missing — run scripts/install-lab.sh'

const HOST_NAME = 'h1.lab'
const HOST_ID = 'host-1'
const CLOCK = '\\d\\d:\\d\\d:\\d\\d'

const home = mkdtempSync(join(tmpdir(), 'fencepost-one-action-'))
const statusFile = join(home, 'dummy-h1.status')
const live = new Set<ChildProcess>()
let core: FencepostCore
let server: BrowserServer

function lab(): TopologyDocument {
  return {
    version: 1,
    engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
    defaults: { proxyPreferences: ['engine'] },
    dataCenters: [{ id: 'dc-1', name: 'Default' }],
    clusters: [{ id: 'cl-1', name: 'cluster-a', dataCenter: 'dc-1' }],
    hosts: [
      {
        id: HOST_ID,
        name: HOST_NAME,
        address: 'h1.lab.example',
        cluster: 'cl-1',
        status: 'up',
        canProxy: false,
        powerManagement: {
          enabled: true,
          proxyPreferences: ['engine'],
          devices: [
            {
              id: 'psu-1',
              type: 'dummy',
              order: 1,
              // Every agent call sleeps 1–2 s: an action (the call, then a verifying status) takes
              // a few seconds, so the second contender always arrives while the first one runs.
              params: { status_file: statusFile, type: 'file', random_sleep_range: '2' },
            },
          ],
        },
      },
    ],
    proxies: [],
  }
}

interface CliRun {
  pid: number
  code: number | null
  stdout: string
  stderr: string
}

/** Starts `fencepost ACTION HOST` on the app's store; `started` settles when it prints its header. */
function cli(action: 'on' | 'off'): { started: Promise<void>; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [BIN, action, HOST_NAME], {
    cwd: ROOT,
    env: { ...process.env, FENCEPOST_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  live.add(child)
  let stdout = ''
  let stderr = ''
  let markStarted: () => void = () => {}
  const started = new Promise<void>((resolve) => (markStarted = resolve))
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    // Printed right before the action asks for the host's lock.
    if (stdout.includes(`${action} ${HOST_NAME}:`)) markStarted()
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const done = new Promise<CliRun>((resolve) =>
    child.on('exit', (code) => {
      live.delete(child)
      markStarted()
      resolve({ pid: child.pid!, code, stdout, stderr })
    }),
  )
  return { started, done }
}

/** `fencing.run` through browser mode, as the page calls it. */
async function browserRun(action: 'on' | 'off'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/fencing/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ args: [{ host: HOST_ID, action, dryRun: false }] }),
  })
  return { status: response.status, body: await response.json() }
}

const power = (): string => readFileSync(statusFile, 'utf8').trim()

beforeAll(async () => {
  writeFileSync(statusFile, 'off')
  const staticDir = join(home, 'static')
  mkdirSync(staticDir)
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Fencepost</title>')
  core = await createNodeCore({
    dataDir: home,
    lockOwner: 'browser mode',
    fencingSettings: { verifyDelayMs: 200, verifyRetries: 10, agentTimeoutMs: 30_000 },
  })
  const imported = await core.importDocument(lab())
  if (!imported.ok) throw new Error(JSON.stringify(imported.issues))
  server = await startBrowserServer({ api: core.api, staticDir })
}, 60_000)

afterAll(async () => {
  for (const child of live) child.kill('SIGKILL')
  await server?.close()
  await core?.close()
})

afterEach(() => {
  // Every action released its lock, whoever won.
  expect(existsSync(join(home, 'locks', `${HOST_ID}.lock`))).toBe(false)
})

describeWithParts(missing, 'one action per host across processes', () => {
  for (const [cliAction, browserAction] of [
    ['on', 'off'],
    ['off', 'on'],
  ] as const) {
    it(`a CLI ${cliAction} and a browser-mode ${browserAction} at once: exactly one runs`, async () => {
      const command = cli(cliAction)
      await command.started
      const [answer, run] = await Promise.all([browserRun(browserAction), command.done])

      if (run.code === 0) {
        // The CLI won; browser mode was refused with 409, naming the CLI process.
        expect(answer.status).toBe(409)
        expect(answer.body).toMatchObject({
          code: 'busy',
          details: { holder: { pid: run.pid, who: 'fencepost CLI', action: cliAction } },
        })
        expect((answer.body as { error: string }).error).toMatch(
          new RegExp(
            `^${HOST_NAME} is busy: ${cliAction} by fencepost CLI \\(pid ${run.pid}\\) since ${CLOCK}$`,
          ),
        )
        expect(run.stdout).toContain(`${cliAction} ${HOST_NAME}: ok, power is ${cliAction}`)
        expect(power()).toBe(cliAction)
      } else {
        // Browser mode won; the CLI exited 1 naming this process (the server's).
        expect(answer.status, JSON.stringify(answer.body)).toBe(200)
        const result = (answer.body as { result: ActionResult }).result
        expect(result).toMatchObject({ result: 'ok', power: browserAction })
        expect(run.code).toBe(1)
        expect(run.stderr).toMatch(
          new RegExp(
            `${HOST_NAME} is busy: ${browserAction} by browser mode \\(pid ${process.pid}\\) since ${CLOCK}`,
          ),
        )
        expect(power()).toBe(browserAction)
      }
    }, 90_000)
  }

  it('two CLI processes at once: exactly one runs, the other exits 1 naming it', async () => {
    const first = cli('on')
    const second = cli('off')
    const runs = await Promise.all([first.done, second.done])
    const winners = runs.filter((r) => r.code === 0)
    expect(winners, runs.map((r) => `${r.code}: ${r.stdout}${r.stderr}`).join('\n')).toHaveLength(1)
    const winner = winners[0]!
    const loser = runs.find((r) => r !== winner)!
    const won = winner === runs[0] ? 'on' : 'off'
    expect(loser.code).toBe(1)
    expect(loser.stderr).toMatch(
      new RegExp(
        `${HOST_NAME} is busy: ${won} by fencepost CLI \\(pid ${winner.pid}\\) since ${CLOCK}`,
      ),
    )
    expect(loser.stdout).not.toContain('power is')
    expect(winner.stdout).toContain(`${won} ${HOST_NAME}: ok, power is ${won}`)
    expect(power()).toBe(won)
  }, 90_000)
})
