import { quoteSafely } from './text'

/** One validation error (or warning): a JSON path into the document and a message for people. */
export interface ValidationIssue {
  /** A JSON path such as `hosts[2].powerManagement.devices[0].params.ip`; `(document)` for the root. */
  path: string
  message: string
  /**
   * `warning`: the document is valid and can be saved, but something in it needs the admin (a
   * named preference entry that matches no machine: power actions on the hosts it applies to are
   * refused). Absent: an error, which keeps the document from being saved.
   */
  severity?: 'warning'
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
