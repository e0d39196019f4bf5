// Permissions denied, and the guard every web contents gets: no new windows, no navigation away
// from the app page, no <webview>.
import { beforeEach, describe, expect, it } from 'vitest'
import { denyAllPermissions, guardAllWebContents } from '../../../src-main/electron/securityGuards'
import * as fake from './fakeElectron'

const appUrl = 'file:///opt/Fencepost/out/renderer/index.html'
const isAppPage = (url: string): boolean => url.startsWith(appUrl)

beforeEach(() => fake.resetFakeElectron())

describe('permissions', () => {
  it('every request is answered no, every check is false', () => {
    const session = fake.session.defaultSession
    denyAllPermissions(session as never)
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'hid']) {
      const answers: boolean[] = []
      session.requestHandler!(new fake.FakeWebContents(), permission, (granted) =>
        answers.push(granted),
      )
      expect(answers, permission).toEqual([false])
      expect(session.checkHandler!(new fake.FakeWebContents(), permission, appUrl, {})).toBe(false)
    }
  })
})

describe('web-contents-created guard', () => {
  function created(): fake.FakeWebContents {
    guardAllWebContents(fake.app as never, isAppPage)
    expect(fake.app.listenerCount('web-contents-created')).toBe(1)
    const contents = new fake.FakeWebContents()
    fake.app.emit('web-contents-created', new fake.FakeEvent(), contents)
    return contents
  }

  it('denies window.open', () => {
    const contents = created()
    expect(contents.windowOpenHandler?.({ url: appUrl })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    })
  })

  it('blocks navigation and redirects away from the app page, in any frame', () => {
    const contents = created()
    for (const url of ['https://example.com/', 'data:text/html,x', 'file:///tmp/evil.html']) {
      const frame = new fake.FakeEvent({ url, isMainFrame: false })
      contents.emit('will-frame-navigate', frame)
      expect(frame.defaultPrevented, url).toBe(true)
      const main = new fake.FakeEvent()
      contents.emit('will-navigate', main, url)
      expect(main.defaultPrevented, url).toBe(true)
      const redirect = new fake.FakeEvent()
      contents.emit('will-redirect', redirect, url)
      expect(redirect.defaultPrevented, url).toBe(true)
    }
  })

  it('lets the app page itself load (a reload, a hash route)', () => {
    const contents = created()
    const frame = new fake.FakeEvent({ url: `${appUrl}#/plan`, isMainFrame: true })
    contents.emit('will-frame-navigate', frame)
    const main = new fake.FakeEvent()
    contents.emit('will-navigate', main, appUrl)
    expect([frame.defaultPrevented, main.defaultPrevented]).toEqual([false, false])
  })

  it('prevents attaching a <webview>', () => {
    const contents = created()
    const event = new fake.FakeEvent()
    contents.emit('will-attach-webview', event, {}, {})
    expect(event.defaultPrevented).toBe(true)
  })
})
