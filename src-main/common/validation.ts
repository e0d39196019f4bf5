import { quoteSafely } from './text'

/** One validation error: a JSON path into the document and a message for people. */
export interface ValidationIssue {
  /** A JSON path such as `hosts[2].powerManagement.devices[0].params.ip`; `(document)` for the root. */
  path: string
  message: string
}

/** Formats a path of keys and indices as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key))
      out += out ? `.${key}` : key
    // Escaped, so a key with a control or bidi character cannot garble a message.
    else out += `[${quoteSafely(String(key))}]`
  }
  return out
}

/** Formats an issue as one line: `path: message`. */
export function formatIssue(issue: ValidationIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message
}
