// Issue 8, smaller defect: "Graph: at 9 hosts all edges share one corridor". In Chromium, on the
// drawn SVG: the routes of two different proxies never run along each other (only cross), so each
// route can be followed from its proxy to its device. Screenshot: graph-corridors.png.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserUnavailable, openApp } from './support/browserMode'
import type { AppSession } from './support/browserMode'
import { selectHost } from './support/ui'
import { describeWithParts } from '../support/requiredParts'

const skip = browserUnavailable()

/**
 * For every two route edges of different proxies, the longest stretch (px, in the canvas) along
 * which one runs within 3 px of the other. A crossing is a few px; a shared corridor is long.
 */
async function longestSharedStretch(page: Page): Promise<{ pair: string; px: number }[]> {
  return page.locator('g.vue-flow__edge[data-id^="route:"]').evaluateAll((groups) => {
    const STEP = 2
    const routes = groups.map((g) => {
      // An SVGPathElement (the node tsconfig of the specs has no DOM types).
      const path = g.querySelector('path.vue-flow__edge-path') as unknown as {
        getTotalLength(): number
        getPointAtLength(at: number): { x: number; y: number }
      }
      const length = path.getTotalLength()
      const points: { x: number; y: number }[] = []
      for (let at = 0; at <= length; at += STEP) points.push(path.getPointAtLength(at))
      return {
        proxy: g.getAttribute('data-id')!.split(':')[2]!,
        id: g.getAttribute('data-id')!,
        points,
      }
    })
    const found: { pair: string; px: number }[] = []
    for (const [i, a] of routes.entries()) {
      for (const b of routes.slice(i + 1)) {
        if (a.proxy === b.proxy) continue
        let run = 0
        let longest = 0
        for (const p of a.points) {
          const near = b.points.some((q) => Math.hypot(p.x - q.x, p.y - q.y) < 3)
          run = near ? run + 1 : 0
          longest = Math.max(longest, run)
        }
        found.push({ pair: `${a.id} & ${b.id}`, px: longest * STEP })
      }
    }
    return found
  })
}

describeWithParts(skip, 'the graph gives every proxy its own corridor', () => {
  let session: AppSession

  beforeAll(async () => {
    session = await openApp({ colorScheme: 'light' })
  })
  afterAll(async () => {
    await session?.close()
  })

  it('at the demo size, no two proxies share a stretch of route', async () => {
    const { page, core } = session
    await selectHost(page, 'a1')
    await page.getByTestId('view-graph').click()
    await page.getByTestId('graph-node-device-pdu').waitFor()
    const plan = core.plan((await core.api.topology.load()).document, 'a1')
    const edges = page.locator('g.vue-flow__edge[data-id^="route:"]')
    await expect
      .poll(() => edges.count())
      .toBe(plan.devices.reduce((n, d) => n + d.candidates.length, 0))
    const stretches = await longestSharedStretch(page)
    expect(stretches.length).toBeGreaterThan(10)
    expect(stretches.filter((s) => s.px > 12)).toEqual([])
    await session.screenshot('graph-corridors')
  })
})
