/** Words for a JSON syntax error that never repeat the text (which may hold passwords). */

/**
 * Why a text is not JSON, in words that quote none of it: V8 quotes the text around a bad token
 * (`Unexpected token 's', "{"password": s…" is not valid JSON`), and a file may hold passwords.
 */
export function jsonSyntaxProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (!/ is not valid JSON$/.test(message)) return message
  return message.startsWith('Unexpected token') ? 'Unexpected token' : 'not valid JSON'
}
