// Which page the window shows, and which URLs are that page. The packaged app only ever shows its
// own index.html; the dev server's URL (ELECTRON_RENDERER_URL) is honoured in a dev run only,
// because an environment variable must not be able to point the production app at another page.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The app's page: the built file, or the dev server in a dev run. */
export type AppPage = { kind: 'file'; path: string; url: string } | { kind: 'dev'; url: string }

/** What decides the page (from `app`, `process.argv` and `process.env`). */
export interface AppPageInputs {
  isPackaged: boolean
  argv: readonly string[]
  env: NodeJS.ProcessEnv
  /** The folder of the built renderer (`out/renderer`). */
  rendererDir: string
}

/** The flag that makes an unpackaged run a dev run (electron-vite's dev mode also does). */
export const DEV_FLAG = '--dev'

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** True for an unpackaged run started as a dev run (`--dev`, or `electron-vite dev`). */
export function isDevRun(inputs: Pick<AppPageInputs, 'isPackaged' | 'argv' | 'env'>): boolean {
  if (inputs.isPackaged) return false
  return inputs.argv.includes(DEV_FLAG) || inputs.env.NODE_ENV_ELECTRON_VITE === 'development'
}

/**
 * The page to load. `ELECTRON_RENDERER_URL` counts only in a dev run and only as an http(s) URL on
 * the loopback interface; otherwise the built `index.html` is loaded.
 */
export function resolveAppPage(inputs: AppPageInputs): AppPage {
  const devUrl = inputs.env.ELECTRON_RENDERER_URL
  if (devUrl && isDevRun(inputs)) {
    const url = parseUrl(devUrl)
    if (
      url &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      LOOPBACK_HOSTS.has(url.hostname)
    ) {
      return { kind: 'dev', url: url.href }
    }
  }
  const path = join(inputs.rendererDir, 'index.html')
  return { kind: 'file', path, url: pathToFileURL(path).href }
}

/**
 * True when `candidate` is the app's page: for the built app exactly its `index.html` file (query
 * and fragment aside; another `file:` page is not), for a dev run the dev server's origin. Opaque
 * origins (`data:`, `about:blank`, `blob:`…) never are.
 */
export function isAppPageUrl(candidate: string, page: AppPage): boolean {
  const url = parseUrl(candidate)
  if (!url) return false
  const own = new URL(page.url)
  if (page.kind === 'file') {
    return url.protocol === 'file:' && url.host === own.host && url.pathname === own.pathname
  }
  return url.origin !== 'null' && url.origin === own.origin
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
