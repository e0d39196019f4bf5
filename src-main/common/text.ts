/**
 * Which characters text in a topology document may not hold, and how to show such characters
 * safely. One rule for the validator in the core, the renderer and every printing path: a name,
 * id, address, SSH field, device parameter or preference entry is read by people and ends up on an
 * agent's stdin, so it may not hold anything that moves a terminal's cursor, reorders what is
 * shown around it, or is not a character at all.
 *
 * Not allowed:
 * - C0 control characters U+0000–U+001F (NUL, ESC, newlines, tab, …) and DEL U+007F;
 * - C1 control characters U+0080–U+009F (CSI U+009B starts an escape sequence on its own);
 * - bidirectional controls: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069 (an RLO
 *   makes `evil.example` print as another name);
 * - the line and paragraph separators U+2028 and U+2029;
 * - lone (unpaired) UTF-16 surrogates U+D800–U+DFFF, which are not characters.
 */

/** One character that text may not hold, found at a position. */
export interface ForbiddenCharacter {
  /** The character (a lone surrogate: that one code unit). */
  char: string
  /** Its code point. */
  codePoint: number
  /** 1-based position in characters (code points), as a person counts them. */
  position: number
  /** What kind of character it is. */
  kind: 'control' | 'bidi' | 'separator' | 'surrogate'
  /** Its short name: `ESC`, `RLO`, `NUL`, … (`undefined` for a lone surrogate). */
  name?: string
}

const C0_NAMES = [
  'NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'TAB', 'LF', 'VT', 'FF', 'CR',
  'SO', 'SI', 'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC',
  'FS', 'GS', 'RS', 'US',
] // prettier-ignore

const C1_NAMES = [
  'PAD', 'HOP', 'BPH', 'NBH', 'IND', 'NEL', 'SSA', 'ESA', 'HTS', 'HTJ', 'VTS', 'PLD', 'PLU', 'RI',
  'SS2', 'SS3', 'DCS', 'PU1', 'PU2', 'STS', 'CCH', 'MW', 'SPA', 'EPA', 'SOS', 'SGC', 'SCI', 'CSI',
  'ST', 'OSC', 'PM', 'APC',
] // prettier-ignore

const OTHER_NAMES: ReadonlyMap<number, [ForbiddenCharacter['kind'], string]> = new Map([
  [0x7f, ['control', 'DEL']],
  [0x061c, ['bidi', 'ALM']],
  [0x200e, ['bidi', 'LRM']],
  [0x200f, ['bidi', 'RLM']],
  [0x202a, ['bidi', 'LRE']],
  [0x202b, ['bidi', 'RLE']],
  [0x202c, ['bidi', 'PDF']],
  [0x202d, ['bidi', 'LRO']],
  [0x202e, ['bidi', 'RLO']],
  [0x2066, ['bidi', 'LRI']],
  [0x2067, ['bidi', 'RLI']],
  [0x2068, ['bidi', 'FSI']],
  [0x2069, ['bidi', 'PDI']],
  [0x2028, ['separator', 'LSEP']],
  [0x2029, ['separator', 'PSEP']],
])

/**
 * One forbidden character: a C0/C1 control, DEL, a bidi control, a line/paragraph separator, or a
 * lone surrogate (matched on UTF-16 code units, so no `u` flag).
 */
const FORBIDDEN_SOURCE =
  '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029]' +
  '|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]'
const FORBIDDEN = new RegExp(FORBIDDEN_SOURCE)
const FORBIDDEN_ALL = new RegExp(FORBIDDEN_SOURCE, 'g')

/** True when `text` holds a character that {@link findForbiddenCharacter} would report. */
export function hasForbiddenCharacter(text: string): boolean {
  return FORBIDDEN.test(text)
}

/** What kind of forbidden character `codePoint` is, and its short name; `undefined` if allowed. */
function classify(codePoint: number): Pick<ForbiddenCharacter, 'kind' | 'name'> | undefined {
  if (codePoint < 0x20) return { kind: 'control', name: C0_NAMES[codePoint] }
  if (codePoint >= 0x80 && codePoint <= 0x9f)
    return { kind: 'control', name: C1_NAMES[codePoint - 0x80] }
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return { kind: 'surrogate' }
  const other = OTHER_NAMES.get(codePoint)
  return other ? { kind: other[0], name: other[1] } : undefined
}

/** The first forbidden character of `text`, or `undefined` when it has none. */
export function findForbiddenCharacter(text: string): ForbiddenCharacter | undefined {
  const match = FORBIDDEN.exec(text)
  if (!match) return undefined
  const char = match[0]
  const codePoint = char.charCodeAt(0)
  const kind = classify(codePoint)
  if (!kind) return undefined
  // Positions count characters, so a pair of surrogates before it counts once.
  const position = Array.from(text.slice(0, match.index)).length + 1
  return { char, codePoint, position, ...kind }
}

/** `U+001B`: a code point as people write it. */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Why `text` may not be used, in words, or `undefined` when it may:
 * `contains a control character (U+001B ESC) at position 3`.
 */
export function forbiddenCharacterProblem(text: string): string | undefined {
  const found = findForbiddenCharacter(text)
  if (!found) return undefined
  const label = found.name
    ? `${codePointLabel(found.codePoint)} ${found.name}`
    : codePointLabel(found.codePoint)
  const what = {
    control: 'a control character',
    bidi: 'a bidirectional control character',
    separator: 'a line or paragraph separator',
    surrogate: 'a lone surrogate (not a character)',
  }[found.kind]
  return `contains ${what} (${label}) at position ${found.position}`
}

/** `\u202e`: the JSON/JavaScript escape of one UTF-16 code unit. */
function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
}

/** `text` with every forbidden character replaced by what `replace` makes of it. */
export function replaceForbiddenCharacters(
  text: string,
  replace: (char: string) => string,
): string {
  return text.replace(FORBIDDEN_ALL, replace)
}

/**
 * `text` with every forbidden character except those in `keep` written as a `\uXXXX` escape.
 * Applied to JSON text (keeping `\n`, the only control character `JSON.stringify` leaves raw,
 * between tokens) it keeps the JSON valid and equal in meaning: any other forbidden character can
 * only be inside a string, where `\uXXXX` stands for the same character. Applied to a message it
 * makes the message safe to show anywhere.
 */
export function escapeForbiddenCharacters(text: string, keep = ''): string {
  return text.replace(FORBIDDEN_ALL, (char) => (keep.includes(char) ? char : unicodeEscape(char)))
}

/**
 * A string quoted as a JSON string literal with every forbidden character escaped: safe to put
 * in a message or a path, and still `JSON.parse`-able back to the same string.
 */
export function quoteSafely(value: string): string {
  return escapeForbiddenCharacters(JSON.stringify(value))
}
