/**
 * One YAML scalar from a string, for the playbooks Fencepost writes (no YAML library): plain when
 * that is unambiguous, double-quoted with escapes otherwise. Safe for YAML 1.1 readers (PyYAML,
 * hence Ansible), which take `yes`, `on`, `0755`, `1:20` or `2024-01-01` for other types.
 */

// A plain scalar that starts with a letter or `_` and holds only these characters is a string in
// YAML 1.1 and 1.2 alike, unless it is one of the words below.
const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/
const NOT_A_STRING = /^(?:y|n|yes|no|on|off|true|false|null)$/i

/**
 * What a double-quoted scalar escapes: `"` and `\\`, and everything outside the printable set
 * PyYAML reads, plus the characters YAML takes for line breaks (NEL, U+2028, U+2029) and tabs.
 */
const NEEDS_ESCAPE = /["\\]|[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu

/** `\\` escapes for the characters a double-quoted scalar cannot hold as they are. */
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\0': '\\0',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
}

function escapeChar(char: string): string {
  const known = ESCAPES[char]
  if (known !== undefined) return known
  const code = char.codePointAt(0) ?? 0
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/**
 * `value` as a YAML scalar that reads back as exactly that string: plain (`admin`,
 * `ovirt.ovirt.ovirt_host_pm`) when nothing could read it as another type or as YAML syntax,
 * else double-quoted (`"10.0.0.1"`, `"yes"`, `"a: b"`), with `\\`, `"`, control characters,
 * DEL, C1 controls, the Unicode line breaks and lone surrogates escaped.
 */
export function yamlString(value: string): string {
  if (PLAIN.test(value) && !NOT_A_STRING.test(value)) return value
  return `"${value.replace(NEEDS_ESCAPE, escapeChar)}"`
}
