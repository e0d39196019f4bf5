// Hints are written with `backticks` around literal names (preference entries, parameters); the UI
// shows those as code instead of printing the backticks.

/** One piece of a hint: plain text, or a literal name to show as code. */
export interface TextSpan {
  text: string
  code: boolean
}

/** Splits `text` at pairs of backticks. A lone backtick stays as written. */
export function codeSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = []
  const pattern = /`([^`]+)`/g
  let at = 0
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) spans.push({ text: text.slice(at, match.index), code: false })
    spans.push({ text: match[1]!, code: true })
    at = match.index + match[0].length
  }
  if (at < text.length) spans.push({ text: text.slice(at), code: false })
  return spans
}
