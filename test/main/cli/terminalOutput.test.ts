// The CLI never prints raw escapes (issue 7, "ANSI escapes reach the terminal raw"): agent output
// with `\x1b[2J` and an RLO, a HOST argument and a file with them, through every printing path —
// human and --json. The agent is a fake local runner (the one mock here: an agent that prints
// escapes on purpose); everything else is the real CLI and core.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { safeForTerminal } from '../../../src-main/cli/terminalText'
import { oneHostLab } from '../core/fixtures/oneHostLab'
import { cli, useTempHome } from './cliHarness'

const ESC = '\u001b'
const RLO = '\u202e'
/** Any character a terminal would act on or reorder by: C0 but newline and tab, DEL, C1, bidi. */
// eslint-disable-next-line no-control-regex -- the control characters are what is checked
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/

const agent = vi.hoisted(() => ({
  calls: [] as string[],
  /** What the fake agent prints: a status that clears the screen and reverses the text. */
  answer: { code: 1, stdout: '', stderr: '' },
}))

vi.mock('../../../src-main/core/runners/localRunner', () => ({
  createLocalRunner: () => ({
    run: async (_target: unknown, call: { agent: string; stdin: string }) => {
      agent.calls.push(call.stdin)
      return agent.answer
    },
    close: async () => {},
  }),
}))

const home = useTempHome('fencepost-cli-esc-')

/** A lab whose host `a2` is named `a2.lab.example`; the engine runs its agent locally. */
function labFile(): string {
  const doc = oneHostLab(
    [
      {
        id: 'bmc',
        type: 'ipmilan',
        order: 1,
        params: { ip: '10.1.0.12', username: 'x' },
        proxyPreferences: ['engine'],
      },
    ],
    { host: { id: 'a2', name: 'a2.lab.example', address: '192.0.2.12' } },
  )
  const file = join(home(), 'lab.json')
  writeFileSync(file, JSON.stringify(doc))
  return file
}

function expectNoRawEscapes(text: string): void {
  const found = RAW.exec(text)
  expect(found, found ? `raw U+${found[0].charCodeAt(0).toString(16)} in:\n${text}` : '').toBeNull()
}

beforeEach(() => {
  agent.calls.length = 0
  agent.answer = {
    code: 1,
    stdout: `${ESC}[2J${ESC}]0;owned${'\u0007'}Status: ON\r\n`,
    stderr: `Failed: Unable to obtain correct plug status ${ESC}[2J${RLO}drowssap${'\u009b'}31m\n`,
  }
})

describe('safeForTerminal', () => {
  it('shows C0 controls as \\xNN and the rest as \\uXXXX, keeping lines and tabs', () => {
    expect(safeForTerminal(`a${ESC}[2Jb`)).toBe('a\\x1b[2Jb')
    expect(safeForTerminal(`x${RLO}y\u009bz\u0000\u007f`)).toBe('x\\u202ey\\u009bz\\x00\\u007f')
    expect(safeForTerminal('one\r\ntwo\tthree\rfour')).toBe('one\ntwo\tthree\\rfour')
    expect(safeForTerminal('\ud800 and 🔌')).toBe('\\ud800 and 🔌')
  })

  it('keeps JSON valid and equal in meaning', () => {
    const value = { text: `a${ESC}[2J${RLO}\u009b\u007f\u2028\ud800`, list: ['\t', 'ok'] }
    const json = JSON.stringify(value, null, 2)
    const safe = safeForTerminal(json)
    expectNoRawEscapes(safe)
    expect(JSON.parse(safe)).toEqual(value)
  })
})

describe('the CLI never prints raw escapes', () => {
  it('status: the agent output that clears the screen is shown, not obeyed', async () => {
    const result = await cli('status', 'a2', '--topology', labFile())
    expect(agent.calls).toHaveLength(1)
    expect(result.code).toBe(1)
    const all = result.out + result.err
    expectNoRawEscapes(all)
    expect(result.out).toContain('\\x1b[2J')
    expect(result.out).toContain('\\u202edrowssap')
  })

  it('status --json stays valid JSON and keeps the text as the agent printed it', async () => {
    const result = await cli('status', 'a2.lab.example', '--topology', labFile(), '--json')
    expect(result.code).toBe(1)
    expectNoRawEscapes(result.out + result.err)
    const body = JSON.parse(result.out) as { attempts: { message?: string }[] }
    expect(body.attempts[0]?.message).toContain(`${ESC}[2J${RLO}drowssap`)
  })

  it('history, by id and by name, prints the recorded agent output escaped', async () => {
    const file = labFile()
    expect((await cli('status', 'a2', '--topology', file)).code).toBe(1)
    const byId = await cli('history', 'a2', '--topology', file)
    const byName = await cli('history', 'a2.lab.example', '--topology', file)
    expect(byId.code).toBe(0)
    expect(byId.out).toContain('status a2.lab.example: failed')
    expect(byId.out).toContain('\\x1b[2J')
    expectNoRawEscapes(byId.out + byId.err)
    expect(byName.out).toBe(byId.out)
    const json = await cli('history', 'a2', '--topology', file, '--json')
    expectNoRawEscapes(json.out)
    const entries = JSON.parse(json.out) as { hostId: string; host: string }[]
    expect(entries).toEqual([expect.objectContaining({ hostId: 'a2', host: 'a2.lab.example' })])
  })

  it('plan and status with a HOST argument holding escapes: the error shows them escaped', async () => {
    const file = labFile()
    for (const command of ['plan', 'status']) {
      const result = await cli(command, `a2${ESC}[2J${RLO}`, '--topology', file)
      expect(result.code, command).not.toBe(0)
      expectNoRawEscapes(result.out + result.err)
      expect(result.err, command).toContain('a2\\x1b[2J\\u202e')
    }
    expect(agent.calls).toEqual([])
  })

  it('validate: a name with ESC is rejected, and the message names it without printing it', async () => {
    const doc = {
      version: 1,
      engine: { name: 'engine', address: 'engine.lab.example', canProxy: true, exec: 'local' },
      dataCenters: [{ id: 'dc1', name: `De${ESC}[2Jfault` }],
      clusters: [],
      hosts: [],
      proxies: [{ id: 'p1', name: `jump${RLO}1`, address: 'jump1.lab.example' }],
    }
    const file = join(home(), 'bad.json')
    writeFileSync(file, JSON.stringify(doc))
    const issues = [
      {
        path: 'dataCenters[0].name',
        message: 'contains a control character (U+001B ESC) at position 3',
      },
      {
        path: 'proxies[0].name',
        message: 'contains a bidirectional control character (U+202E RLO) at position 5',
      },
    ]
    const human = await cli('validate', file)
    expect(human.code).toBe(2)
    expectNoRawEscapes(human.out + human.err)
    for (const issue of issues) expect(human.err).toContain(`${issue.path}: ${issue.message}`)
    const json = await cli('validate', file, '--json')
    expect(json.code).toBe(2)
    expectNoRawEscapes(json.out + json.err)
    expect(JSON.parse(json.out)).toEqual({ valid: false, issues, warnings: [] })
  })

  it('a file that is no JSON, named and filled with escapes, is reported escaped', async () => {
    const file = join(home(), `x${ESC}[2J.json`)
    writeFileSync(file, `{ "a": ${RLO}${ESC}[2J }`)
    const result = await cli('validate', file)
    expect(result.code).toBe(2)
    expectNoRawEscapes(result.out + result.err)
    expect(result.err).toContain('x\\x1b[2J.json')
  })
})
