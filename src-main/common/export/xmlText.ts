/**
 * Writing XML text by hand, correctly: one escaping function for attribute values and text, and
 * one rule for the ids Pacemaker's schema accepts. Pure; used by the Pacemaker export.
 */

/**
 * Characters XML 1.0 cannot carry at all, even as a character reference: C0 controls other than
 * tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these are the characters looked for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** A value XML 1.0 cannot hold; the message names the character's code, never the value. */
export class XmlCharacterError extends Error {
  override readonly name = 'XmlCharacterError'
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // As references, so a parser's attribute-value normalisation keeps them (it turns a literal
  // tab, newline or carriage return into a space).
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
}

/**
 * `value` escaped for an attribute value (in either quotes) or element text: the five markup
 * characters as entities, tab/newline/carriage return as character references.
 * @throws XmlCharacterError for a character XML 1.0 cannot represent (named by its code point).
 */
export function escapeXml(value: string): string {
  const bad = NOT_XML.exec(value)
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
    throw new XmlCharacterError(`holds U+${code}, which XML cannot carry`)
  }
  return value.replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c]!)
}

/** What a Pacemaker id may hold after its first character (fencing-level `devices` pattern). */
const ID_REST = /[^A-Za-z0-9_.-]/g

/**
 * Makes XML ids (`xsd:ID`, and Pacemaker's fencing-level `devices` pattern `[a-zA-Z0-9_.-]+`)
 * from readable parts, each id given once. An id is its parts joined with `-`, every character
 * outside `A-Z a-z 0-9 _ . -` replaced by `_`, and `_` put in front when it would not start with
 * a letter or `_`. When that id is already taken, `-2`, `-3`, … is appended: two different parts
 * lists never share an id, and the same lists in the same order always give the same ids.
 */
export function createIdAllocator(): (...parts: string[]) => string {
  const taken = new Set<string>()
  return (...parts) => {
    let base = parts.join('-').replace(ID_REST, '_')
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`
    let id = base
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
    taken.add(id)
    return id
  }
}
