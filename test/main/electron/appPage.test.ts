// Which page the window loads, and which URLs count as the app's own page.
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isAppPageUrl, resolveAppPage } from '../../../src-main/electron/appPage'
import type { AppPage } from '../../../src-main/electron/appPage'

const rendererDir = '/opt/Fencepost/resources/app/out/renderer'
const devUrl = 'http://localhost:5173'
const withUrl = { ELECTRON_RENDERER_URL: devUrl }

describe('resolveAppPage', () => {
  it('the packaged app loads its own index.html whatever ELECTRON_RENDERER_URL says', () => {
    for (const argv of [[], ['--dev']]) {
      for (const env of [withUrl, { ...withUrl, NODE_ENV_ELECTRON_VITE: 'development' }]) {
        const page = resolveAppPage({ isPackaged: true, argv, env, rendererDir })
        expect(page).toEqual({
          kind: 'file',
          path: `${rendererDir}/index.html`,
          url: pathToFileURL(`${rendererDir}/index.html`).href,
        })
      }
    }
  })

  it('an unpackaged run without a dev flag ignores ELECTRON_RENDERER_URL too', () => {
    const page = resolveAppPage({
      isPackaged: false,
      argv: ['electron', '.'],
      env: withUrl,
      rendererDir,
    })
    expect(page.kind).toBe('file')
  })

  it('a dev run (--dev, or electron-vite dev) loads the dev server', () => {
    expect(
      resolveAppPage({
        isPackaged: false,
        argv: ['electron', '.', '--dev'],
        env: withUrl,
        rendererDir,
      }),
    ).toEqual({ kind: 'dev', url: `${devUrl}/` })
    expect(
      resolveAppPage({
        isPackaged: false,
        argv: [],
        env: { ...withUrl, NODE_ENV_ELECTRON_VITE: 'development' },
        rendererDir,
      }).kind,
    ).toBe('dev')
  })

  it('even in a dev run, only an http(s) URL on loopback is taken', () => {
    for (const url of [
      'http://evil.example:5173',
      'http://192.0.2.1:5173',
      'file:///tmp/other.html',
      'data:text/html,<h1>x</h1>',
      'not a url',
    ]) {
      const env = { ELECTRON_RENDERER_URL: url }
      expect(resolveAppPage({ isPackaged: false, argv: ['--dev'], env, rendererDir }).kind).toBe(
        'file',
      )
    }
  })
})

describe('isAppPageUrl', () => {
  const file = resolveAppPage({ isPackaged: true, argv: [], env: {}, rendererDir })
  const dev: AppPage = { kind: 'dev', url: 'http://localhost:5173/' }

  it('the built page: exactly its index.html (query and fragment aside)', () => {
    expect(isAppPageUrl(file.url, file)).toBe(true)
    expect(isAppPageUrl(`${file.url}#/hosts/h1`, file)).toBe(true)
    expect(isAppPageUrl(`${file.url}?x=1`, file)).toBe(true)
  })

  it('another file, opaque origins and garbage are not the app', () => {
    for (const url of [
      pathToFileURL('/tmp/evil.html').href,
      pathToFileURL(`${rendererDir}/other.html`).href,
      'data:text/html,<script>x</script>',
      'about:blank',
      'blob:null/1234',
      'http://localhost:5173/',
      'javascript:alert(1)',
      '',
      'not a url',
    ]) {
      expect(isAppPageUrl(url, file), url).toBe(false)
    }
  })

  it('the dev server: its origin only', () => {
    expect(isAppPageUrl('http://localhost:5173/', dev)).toBe(true)
    expect(isAppPageUrl('http://localhost:5173/src/main.ts', dev)).toBe(true)
    for (const url of [
      'http://localhost:5174/',
      'https://localhost:5173/',
      'about:blank',
      file.url,
    ]) {
      expect(isAppPageUrl(url, dev), url).toBe(false)
    }
  })
})
