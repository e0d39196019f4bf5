/**
 * The secrets port. Documents in the app's store hold `{ ref }` keys; the values live in one
 * secret store per user and workstation, shared by the desktop app, browser mode and the CLI:
 * the OS keyring where one runs (`keyringSecretStore.ts`), an AES-256-GCM file otherwise
 * (`fileSecretStore.ts`). `openSecretStore.ts` chooses, the same way in every process.
 */
import type { SecretValue } from '../../common/document'

/** Where secret values are kept. */
export interface SecretStore {
  /** The value of `ref`, or `undefined` if the store has no such secret. */
  get(ref: string): Promise<string | undefined>
  /** Stores a value under a new reference and returns it. */
  set(value: string): Promise<string>
  /** Stores a value under a given reference (migration between stores keeps the refs). */
  put(ref: string, value: string): Promise<void>
  /** Forgets a secret; unknown references are ignored. */
  delete(ref: string): Promise<void>
  /** Every reference the store holds (orphan collection, migration). */
  list(): Promise<string[]>
  /** Where the values are, in words for messages ("the OS keyring (Secret Service)", a path). */
  readonly location?: string
  /** Set when the store protects less than it should, or cannot reach secrets it should have. */
  readonly warning?: string
  /**
   * Set when secrets of this workstation are kept somewhere this process cannot reach now (the
   * OS keyring from an SSH session): why, for the message of a secret that is not found.
   */
  readonly unreachable?: string
}

/** A secret that cannot be turned into its value at run time. */
export class SecretResolutionError extends Error {
  override readonly name: string = 'SecretResolutionError'
}

/**
 * A secret an action needs and does not have: the attempt ends as `secret-missing` and the agent
 * is not run. The message names the secret (which parameter of which device, or which machine's
 * `ssh.password`), where it should come from and how to put it back; never a value.
 */
export class SecretMissingError extends SecretResolutionError {
  override readonly name = 'SecretMissingError'
  constructor(
    message: string,
    /** What needs it: `parameter password of device psu1`, `ssh.password of jump1`. */
    readonly subject: string | undefined,
    /** Where it should have come from. */
    readonly source: { env: string } | { ref: string },
  ) {
    super(message)
  }
}

/** A reference the stores accept: what `set` makes (`s-…`), never a path. */
export const SECRET_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/

// The secret forms are common's rule (the renderer and validation read them too).
export { isEnvSecret, isSecretRef } from '../../common/secretParams'

const PUT_IT_BACK =
  'Enter the password again in the editor and save, or import a document that holds it with ' +
  '`fencepost import FILE`.'

function missing(
  subject: string | undefined,
  source: { env: string } | { ref: string },
  cause: string,
  hint: string,
): SecretMissingError {
  const what = subject ? `${subject}: ` : ''
  return new SecretMissingError(`${what}${cause}. ${hint}`, subject, source)
}

/**
 * The plain value of a secret: a string as it is, `{ env }` read from the environment now,
 * `{ ref }` from the secret store. Throws {@link SecretMissingError} naming `subject` (what needs
 * the secret), the variable or the reference, and where to put it, when there is no value.
 */
export async function resolveSecret(
  value: SecretValue,
  secrets: SecretStore,
  env: NodeJS.ProcessEnv = process.env,
  subject?: string,
): Promise<string> {
  if (typeof value === 'string') return value
  if ('env' in value) {
    const found = env[value.env]
    if (found === undefined) {
      throw missing(
        subject,
        value,
        `environment variable ${value.env} is not set`,
        'Set it where the app or the `fencepost` command runs, or enter the password itself ' +
          'in the editor and save (or with `fencepost import FILE`).',
      )
    }
    return found
  }
  let found: string | undefined
  try {
    found = await secrets.get(value.ref)
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    throw missing(
      subject,
      value,
      `secret "${value.ref}" cannot be read from the secret store on this workstation (${why})`,
      PUT_IT_BACK,
    )
  }
  if (found === undefined) {
    const where = secrets.location ? ` (${secrets.location})` : ''
    const unreachable = secrets.unreachable ? `; ${secrets.unreachable}` : ''
    throw missing(
      subject,
      value,
      `secret "${value.ref}" is not in the secret store on this workstation${where}${unreachable}`,
      PUT_IT_BACK,
    )
  }
  return found
}
