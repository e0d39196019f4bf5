// Which IPC senders may call the API: only the top frame of the app's own window, showing the app's
// own page. A subframe, another window, or the main frame after it was made to show something else
// (data:, about:blank, another file) is refused — an opaque "null" origin is never trusted.
import { isAppPageUrl } from './appPage'
import type { AppPage } from './appPage'

/** The parts of a frame the check reads (Electron's `WebFrameMain`). */
export interface FrameLike {
  readonly url: string
  readonly parent: FrameLike | null
  readonly processId: number
  readonly routingId: number
}

/** The parts of an IPC event the check reads (Electron's `IpcMainInvokeEvent`). */
export interface SenderLike {
  readonly sender: unknown
  readonly senderFrame: FrameLike | null
}

/** The parts of the window's web contents the check reads. */
export interface OwnContentsLike {
  readonly mainFrame: FrameLike
  isDestroyed(): boolean
}

/**
 * Builds the check. `contents` returns the main window's web contents (undefined before the window
 * exists: every call is refused then).
 */
export function createSenderCheck(
  contents: () => OwnContentsLike | undefined,
  page: AppPage,
): (event: SenderLike) => boolean {
  return (event) => {
    const own = contents()
    if (!own || own.isDestroyed() || event.sender !== own) return false
    let frame: FrameLike | null
    try {
      // Electron throws when the frame is gone (navigated away or destroyed).
      frame = event.senderFrame
    } catch {
      return false
    }
    if (!frame || frame.parent !== null || !isSameFrame(frame, own.mainFrame)) return false
    return isAppPageUrl(frame.url, page)
  }
}

function isSameFrame(frame: FrameLike, main: FrameLike): boolean {
  return (
    frame === main || (frame.processId === main.processId && frame.routingId === main.routingId)
  )
}
