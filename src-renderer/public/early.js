// Browser mode's start-up requests, sent before the app's modules have loaded: the document, the
// plugins, the planner's inputs and known power are asked for at once, so the server answers while
// the browser still parses the bundle. The bridge (src/bridge.ts) hands each answer to the first
// argument-less call of that method and adopts the event socket opened here.
//
// The socket is opened before the requests leave, as the app opens it before it loads: an event
// that arrives before an answer is taken makes every answer not yet taken stale, and the bridge
// then asks the server again. A plain script, not a module: a module would wait for the whole
// module graph. The names below are checked against src-main/common/api.ts by
// test/renderer/earlyRequests.test.ts. Electron (the preload's API) needs none of it.
;(() => {
  if (window.fencepost) return
  let token = new URLSearchParams(window.location.search).get('token')
  try {
    token = token || window.sessionStorage.getItem('fencepost-token')
  } catch {
    // No storage: the bridge finds no token either and reports it.
  }
  if (!token) return
  const early = {
    socket: undefined,
    answers: new Map(),
    stale: false,
    startedAt: performance.now(),
  }
  window.__fencepostEarly = early
  const markStale = () => {
    early.stale = true
    early.answers.clear()
  }
  try {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
    early.socket = new WebSocket(`${scheme}://${window.location.host}/events`, [
      'fencepost',
      `fencepost.token.${token}`,
    ])
    early.socket.onmessage = markStale
    early.socket.onclose = markStale
  } catch {
    // Without the socket no answer could be trusted to be current.
    markStale()
    return
  }
  for (const [domain, method] of [
    ['topology', 'load'],
    ['plugins', 'list'],
    ['plugins', 'diagnostics'],
    ['plan', 'inputs'],
    ['fencing', 'knownPower'],
  ]) {
    // The body is read at once: unread, it would hold its connection (the browser opens six per
    // server) while the app's own files wait for one.
    const answer = fetch(`/api/${domain}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"args":[]}',
    }).then(
      async (response) =>
        new Response(await response.blob(), {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        }),
    )
    // A failed request is asked again by the app; nothing is reported from here.
    answer.catch(() => {})
    early.answers.set(`${domain}.${method}`, answer)
  }
})()
