// The IPC sender check: the app's own top frame on the app's own page, nothing else.
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createSenderCheck } from '../../../src-main/electron/senderCheck'
import type { AppPage } from '../../../src-main/electron/appPage'
import { FakeFrame, FakeWebContents } from './fakeElectron'

const pageUrl = pathToFileURL('/opt/Fencepost/out/renderer/index.html').href
const page: AppPage = { kind: 'file', path: '/opt/Fencepost/out/renderer/index.html', url: pageUrl }

function setup(): {
  own: FakeWebContents
  check: ReturnType<typeof createSenderCheck>
} {
  const own = new FakeWebContents()
  own.mainFrame = new FakeFrame(pageUrl, null, 7, 1)
  return { own, check: createSenderCheck(() => own, page) }
}

describe('IPC sender check', () => {
  it('accepts the main window top frame showing the app page', () => {
    const { own, check } = setup()
    expect(check({ sender: own, senderFrame: own.mainFrame })).toBe(true)
  })

  it('refuses a subframe, even one showing the app page', () => {
    const { own, check } = setup()
    const sub = new FakeFrame(pageUrl, own.mainFrame, 7, 2)
    expect(check({ sender: own, senderFrame: sub })).toBe(false)
  })

  it('refuses another frame object that claims to be top-level', () => {
    const { own, check } = setup()
    expect(check({ sender: own, senderFrame: new FakeFrame(pageUrl, null, 8, 1) })).toBe(false)
  })

  it('refuses the top frame once it shows anything but the app page', () => {
    for (const url of [
      'data:text/html,<script>fencepost.fencing.run()</script>',
      'about:blank',
      pathToFileURL('/tmp/evil.html').href,
      'http://localhost:5173/',
    ]) {
      const { own, check } = setup()
      own.mainFrame.url = url
      expect(check({ sender: own, senderFrame: own.mainFrame }), url).toBe(false)
    }
  })

  it('refuses other web contents, a missing or vanished frame, and calls before the window exists', () => {
    const { own, check } = setup()
    const other = new FakeWebContents()
    other.mainFrame = new FakeFrame(pageUrl)
    expect(check({ sender: other, senderFrame: other.mainFrame })).toBe(false)
    expect(check({ sender: own, senderFrame: null })).toBe(false)
    const vanished = {
      sender: own,
      get senderFrame(): FakeFrame {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      },
    }
    expect(check(vanished)).toBe(false)
    own.destroyed = true
    expect(check({ sender: own, senderFrame: own.mainFrame })).toBe(false)
    const early = createSenderCheck(() => undefined, page)
    expect(early({ sender: own, senderFrame: own.mainFrame })).toBe(false)
  })
})
