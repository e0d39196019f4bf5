import { describe, expect, it } from 'vitest'
import { XmlError, decodeEntities, parseXml } from '../../src-main/core/plugins/xml'

describe('parseXml', () => {
  it('reads elements, both quote styles, self-closing tags and text', () => {
    const root = parseXml(`<?xml version="1.0" ?>
<!-- a comment <not a tag> -->
<a x="1" y='two'>
  <b/>
  <c z="3" >hello <![CDATA[<raw & text>]]></c>
</a>`)
    expect(root.name).toBe('a')
    expect(root.attrs).toEqual({ x: '1', y: 'two' })
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c'])
    expect(root.children[0]?.children).toEqual([])
    expect(root.children[1]?.attrs).toEqual({ z: '3' })
    expect(root.children[1]?.text).toBe('hello <raw & text>')
  })

  it('decodes the five entities and character references in attributes and text', () => {
    const root = parseXml(
      `<p v="[&apos;\\n&gt;&apos;, &quot;x&quot; &lt;&amp;&gt;]">a &lt; b &amp;&amp; c &#62; &#x41;</p>`,
    )
    expect(root.attrs.v).toBe(`['\\n>', "x" <&>]`)
    expect(root.text).toBe('a < b && c > A')
  })

  it('rejects malformed documents with an offset', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(XmlError)
    expect(() => parseXml('<a>')).toThrow(/never closed/)
    expect(() => parseXml('<a x=1/>')).toThrow(/attribute/)
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate/)
    expect(() => parseXml('<a/><b/>')).toThrow(/more than one root/)
    expect(() => parseXml('text')).toThrow(/outside the root/)
    expect(() => parseXml('')).toThrow(/no root/)
    expect(() => decodeEntities('a &nbsp; b')).toThrow(/unknown entity/)
    expect(() => decodeEntities('a & b')).toThrow(/unterminated entity/)
  })
})
