/**
 * Text from the document, an agent, the network or an error message, made safe to print on a
 * terminal: an ESC from an agent's output (`\x1b[2J` clears the screen) or an RLO in a message
 * must not reach the terminal raw. Every line the CLI prints goes through {@link safeForTerminal}
 * (runCli wraps the output once), so no command can forget it.
 */
import { replaceForbiddenCharacters } from '../common/text'
import type { Output } from './command'

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0')
}

/**
 * `text` with every character of the rule in `common/text.ts` shown as an escape: C0 controls as
 * `\x1b` (`\r` as `\r`), DEL, C1, bidi controls, separators and lone surrogates as `\u202e`.
 * Newlines and tabs stay (the CLI prints lines; a CRLF becomes a newline). JSON from
 * `JSON.stringify` stays valid JSON with the same meaning: it holds no raw C0 character but
 * newlines, and `\uXXXX` inside a JSON string stands for the same character.
 */
export function safeForTerminal(text: string): string {
  return replaceForbiddenCharacters(text.replace(/\r\n/g, '\n'), (char) => {
    if (char === '\n' || char === '\t') return char
    if (char === '\r') return '\\r'
    const code = char.charCodeAt(0)
    return code < 0x20 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`
  })
}

/** `output` with everything written through it made safe by {@link safeForTerminal}. */
export function terminalOutput(output: Output): Output {
  return {
    out: (text) => output.out(safeForTerminal(text)),
    err: (text) => output.err(safeForTerminal(text)),
  }
}
