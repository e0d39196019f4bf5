/**
 * A small, dependency-free XML reader, adequate for fence agent metadata (`fence_X -o metadata`):
 * elements, attributes in single or double quotes, self-closing tags, text, the five predefined
 * entities and numeric character references, CDATA, comments, the XML declaration and a DOCTYPE
 * without an internal subset. It is not a validating parser and knows nothing of namespaces.
 */

/** One element: its name, attributes, child elements and the text directly inside it. */
export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  /** The element's own text (not its children's), entities decoded, untrimmed. */
  text: string
}

/** A malformed document; `offset` is where reading stopped. */
export class XmlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at offset ${offset})`)
    this.name = 'XmlError'
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** Decodes `&lt; &gt; &amp; &quot; &apos;` and `&#NN;` / `&#xHH;`; an unknown entity is an error. */
export function decodeEntities(value: string, offset = 0): string {
  return value.replace(/&([^;&\s]*);?/g, (whole, body: string, at: number) => {
    if (!whole.endsWith(';')) throw new XmlError(`unterminated entity "${whole}"`, offset + at)
    const named = ENTITIES[body]
    if (named !== undefined) return named
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body)
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2])
      if (code > 0x10ffff)
        throw new XmlError(`character reference out of range "${whole}"`, offset + at)
      return String.fromCodePoint(code)
    }
    throw new XmlError(`unknown entity "${whole}"`, offset + at)
  })
}

const NAME = /[A-Za-z_:][-A-Za-z0-9._:]*/y
const SPACE = /\s*/y
const ATTRIBUTE = /([A-Za-z_:][-A-Za-z0-9._:]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y

/** Parses a whole document and returns its root element. */
export function parseXml(source: string): XmlElement {
  let pos = 0
  const stack: XmlElement[] = []
  let root: XmlElement | undefined

  const skip = (opener: string, closer: string, what: string): void => {
    const end = source.indexOf(closer, pos + opener.length)
    if (end < 0) throw new XmlError(`unterminated ${what}`, pos)
    pos = end + closer.length
  }
  const appendText = (value: string): void => {
    const current = stack[stack.length - 1]
    if (current) current.text += value
    else if (value.trim() !== '') throw new XmlError('text outside the root element', pos)
  }

  while (pos < source.length) {
    const lt = source.indexOf('<', pos)
    if (lt < 0) {
      appendText(decodeEntities(source.slice(pos), pos))
      pos = source.length
      break
    }
    if (lt > pos) appendText(decodeEntities(source.slice(pos, lt), pos))
    pos = lt

    if (source.startsWith('<!--', pos)) {
      skip('<!--', '-->', 'comment')
    } else if (source.startsWith('<![CDATA[', pos)) {
      const end = source.indexOf(']]>', pos)
      if (end < 0) throw new XmlError('unterminated CDATA section', pos)
      appendText(source.slice(pos + 9, end))
      pos = end + 3
    } else if (source.startsWith('<?', pos)) {
      skip('<?', '?>', 'processing instruction')
    } else if (source.startsWith('<!', pos)) {
      if (source.indexOf('[', pos) >= 0 && source.indexOf('[', pos) < source.indexOf('>', pos)) {
        throw new XmlError('a DOCTYPE with an internal subset is not supported', pos)
      }
      skip('<!', '>', 'declaration')
    } else if (source.startsWith('</', pos)) {
      NAME.lastIndex = pos + 2
      const match = NAME.exec(source)
      if (!match) throw new XmlError('bad closing tag', pos)
      const name = match[0]
      pos = NAME.lastIndex
      SPACE.lastIndex = pos
      SPACE.exec(source)
      pos = SPACE.lastIndex
      if (source[pos] !== '>') throw new XmlError(`bad closing tag </${name}`, pos)
      pos += 1
      const open = stack.pop()
      if (!open) throw new XmlError(`closing tag </${name}> without an open element`, pos)
      if (open.name !== name) throw new XmlError(`</${name}> closes <${open.name}>`, pos)
      if (stack.length === 0) root = open
    } else {
      NAME.lastIndex = pos + 1
      const match = NAME.exec(source)
      if (!match) throw new XmlError('bad tag', pos)
      const element: XmlElement = { name: match[0], attrs: {}, children: [], text: '' }
      pos = NAME.lastIndex
      let selfClosing = false
      for (;;) {
        SPACE.lastIndex = pos
        SPACE.exec(source)
        const spaced = SPACE.lastIndex > pos
        pos = SPACE.lastIndex
        if (source.startsWith('/>', pos)) {
          selfClosing = true
          pos += 2
          break
        }
        if (source[pos] === '>') {
          pos += 1
          break
        }
        if (!spaced) throw new XmlError(`expected a space, ">" or "/>" in <${element.name}>`, pos)
        ATTRIBUTE.lastIndex = pos
        const attribute = ATTRIBUTE.exec(source)
        if (!attribute) throw new XmlError(`bad attribute in <${element.name}>`, pos)
        const [, attrName = '', double, single] = attribute
        if (attrName in element.attrs) {
          throw new XmlError(`duplicate attribute "${attrName}" in <${element.name}>`, pos)
        }
        element.attrs[attrName] = decodeEntities(double ?? single ?? '', pos)
        pos = ATTRIBUTE.lastIndex
      }
      const parent = stack[stack.length - 1]
      if (parent) parent.children.push(element)
      else if (root || stack.length > 0) throw new XmlError('more than one root element', pos)
      if (selfClosing) {
        if (!parent) root = element
      } else {
        stack.push(element)
      }
    }
  }
  if (stack.length > 0) {
    throw new XmlError(`<${stack[stack.length - 1]?.name}> is never closed`, source.length)
  }
  if (!root) throw new XmlError('no root element', source.length)
  return root
}

/** The first child element named `name`. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name)
}

/** Every child element named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name)
}
